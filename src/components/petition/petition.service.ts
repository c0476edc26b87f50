// Petitions: the life cycle, the signing pipeline (validation, integrity layers, group-committed
// append-only signature rows, confirmation by POST), batched public counters with milestones,
// staff integrity tools (trending reports, bulk invalidation, lists), exports and the jobs that
// reconcile counters, close at the deadline, drop IP hashes and anonymise after closing.
import type { Db } from '../../db/database.ts';
import type { Config } from '../../config.ts';
import type { I18n } from '../../i18n/translator.ts';
import type { MailService } from '../../core/mail/mail.service.ts';
import type { AuditService } from '../../core/accounts/audit.service.ts';
import type { CampaignsService } from '../../core/campaigns/campaigns.service.ts';
import type { RegionsService } from '../../core/regions/regions.service.ts';
import type { IpHasher } from '../../core/privacy/ip-hash.service.ts';
import type { AccountsService } from '../../core/accounts/accounts.service.ts';
import type { PageCache } from '../../http/page-cache.ts';
import type { Actor } from '../../core/accounts/audit.service.ts';
import type { Staff } from '../../core/accounts/roles.ts';
import type { Campaign, CampaignComponent } from '../../core/campaigns/campaign.ts';
import type { MailMessage } from '../../core/mail/mail.service.ts';
import { secretBox } from '../../core/privacy/secret-box.ts';
import { isoAt, newId, nowIso, parseJson, toJson } from '../../db/portable.ts';
import { forbidden, notFound, ValidationError, fail } from '../../core/errors.ts';
import { isLocale, pickText, type Locale } from '../../i18n/locales.ts';
import { isDisposableDomain, normaliseEmail } from '../../core/mail/address.ts';
import { groupCommit } from './group-commit.ts';
import {
  cleanName,
  createMailLimiter,
  createSigningLimiter,
  csvCell,
  displayName,
  emailKeyer,
  nameMatcher,
  nameProblem,
  quarantineReasons,
  trendAlerts,
  type ListEntry,
} from './integrity.ts';
import {
  ABROAD,
  parseMilestones,
  petitionSettingsSchema,
  PUBLIC_STATES,
  sumValues,
  type CountSnapshot,
  type DeliveryPack,
  type InvalidationCriteria,
  type InvalidationPreview,
  type InvalidationRow,
  type ListRow,
  type OverviewRow,
  type Petition,
  type PetitionSettings,
  type PetitionState,
  type PetitionView,
  type SignatureTally,
  type TrendAlert,
  type TrendReport,
} from './petition.ts';
import { canTransition, petitionCan } from './petition.permissions.ts';
import * as repo from './petition.repository.ts';
import { createPow, type PowChallenge } from './pow.ts';
import { createLinkTokens, type TokenCheck } from '../../core/privacy/link-tokens.ts';

export interface SignInput {
  name?: string;
  email?: string;
  region?: string;
  show_name?: string;
  updates?: string;
  website?: string; // the honeypot
  pow?: string;
}

export type LinkState =
  | { kind: 'invalid' | 'expired' }
  | { kind: 'ready' | 'already' | 'closed' | 'withdrawn' | 'gone'; petition: PetitionView; signatureId: string };

export interface PetitionsService {
  /** The petition of a component (its row is made, as a draft, on first use). */
  get(id: string): Promise<PetitionView>;
  /** Only when the public may see it (published, in a public state, campaign not a draft). */
  getPublic(id: string): Promise<{ petition: PetitionView; campaign: Campaign }>;
  forComponent(component: CampaignComponent): Promise<Petition>;
  transition(
    id: string,
    to: PetitionState,
    actor: Staff,
    details?: { reason?: string; answer?: string; answerUrl?: string },
  ): Promise<PetitionView>;

  challenge(): Promise<PowChallenge>;
  /** Validates and stores a signature (or handles a duplicate); the same neutral outcome either way. */
  sign(id: string, input: SignInput, meta: { ip: string; locale: Locale }): Promise<void>;
  inspectLink(purpose: 'confirm' | 'withdraw', token: string): Promise<LinkState>;
  confirm(token: string): Promise<LinkState>;
  withdraw(token: string): Promise<LinkState>;

  /** Recounts open and recently changed petitions (runs every PETITION_COUNT_INTERVAL_MS). */
  tick(): Promise<void>;
  countSnapshot(id: string): Promise<CountSnapshot>;

  tally(id: string): Promise<SignatureTally>;
  previewInvalidation(id: string, criteria: InvalidationCriteria, actor: Staff): Promise<InvalidationPreview>;
  invalidate(id: string, criteria: InvalidationCriteria, reason: string, actor: Staff): Promise<number>;
  invalidations(id: string): Promise<InvalidationRow[]>;
  reports(id: string, limit?: number): Promise<Array<{ hour: string; report: TrendReport; alerts: TrendAlert[] }>>;
  trendingReport(hourStart?: Date): Promise<number>;
  /** Every petition with its state, count and number of alerts in the last 24 hours (moderators). */
  overview(): Promise<OverviewRow[]>;
  listEntries(): Promise<ListRow[]>;
  addEntry(
    input: { kind?: string; value?: string; action?: string; note?: string; days?: string },
    actor: Staff,
  ): Promise<void>;
  removeEntry(id: string, actor: Staff): Promise<void>;

  exportCsv(component: CampaignComponent, kind: 'counts' | 'names'): Promise<string>;
  deliveryPack(id: string, actor: Staff): Promise<DeliveryPack>;
  sendUpdate(id: string, input: { subject?: string; text?: string }, actor: Staff): Promise<number>;

  reconcile(): Promise<{ checked: number; fixed: number }>;
  maintain(now?: Date): Promise<{ closed: number; anonymised: number; ipHashesDropped: number }>;
  upsertReference(
    campaignSlug: string,
    key: string,
    input: { settings: PetitionSettings; state: PetitionState; openedAt?: string; closedAt?: string },
  ): Promise<'created' | 'updated' | 'unchanged'>;

  /** Writes everything pending (tests, shutdown). */
  flush(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/** What petitions use from the platform and the core modules. */
export interface PetitionDeps {
  db: Db;
  writer: Db;
  config: Config;
  i18n: I18n;
  mail: MailService;
  audit: AuditService;
  campaigns: CampaignsService;
  regions: RegionsService;
  ipHasher: IpHasher;
  accounts: AccountsService;
  pageCache: PageCache;
}

interface Meta {
  view: PetitionView;
  campaign: Campaign;
  at: number;
}

interface PendingSignature {
  row: Parameters<typeof repo.insertSignatures>[1][number];
  address: string;
  title: string;
}

const META_TTL_MS = 2000;
const SYSTEM: Actor = { system: 'petitions' };

// Scripts and tests that write signature rows themselves key addresses the same way.
export { emailKeyer };

export function createPetitionsService(deps: PetitionDeps): PetitionsService {
  const { db, writer, config, i18n, mail, audit, campaigns, regions, ipHasher } = deps;
  const box = secretBox(config.secret, 'petition-signers');
  const emailKey = emailKeyer(config.secret);
  const tokens = createLinkTokens(config.secret);
  const pow = createPow({ secret: config.secret, maxNumber: config.petitions.powMaxNumber });
  const limiter = createSigningLimiter();
  const confirmTtl = config.petitions.confirmDays * 86_400_000;
  const mailLimiter = createMailLimiter();
  const meta = new Map<string, Meta>();
  const dirty = new Set<string>();
  const snapshots = new Map<string, CountSnapshot>();
  let listCache: { at: number; entries: ListEntry[] } | null = null;
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;

  const link = (locale: string, path: string) => `${config.baseUrl}/${locale}${path}`;

  // ---- loading ---------------------------------------------------------------------------

  async function rowFor(component: CampaignComponent): Promise<repo.PetitionRow> {
    let row = await repo.findPetition(db, component.id);
    if (!row) {
      const now = nowIso();
      await repo.insertPetition(db, {
        component_id: component.id,
        campaign_id: component.campaignId,
        state: 'draft',
        state_reason: null,
        answer: null,
        answer_url: null,
        opened_at: null,
        closed_at: null,
        delivered_at: null,
        answered_at: null,
        count_total: 0,
        count_by_region: '{}',
        recent_signers: '[]',
        milestones_reached: '{}',
        counted_at: null,
        anonymised_at: null,
        reference_key: null,
        created_at: now,
        updated_at: now,
      });
      row = (await repo.findPetition(db, component.id))!;
    }
    return row;
  }

  async function load(id: string, fresh = false): Promise<Meta> {
    const hit = meta.get(id);
    if (hit && !fresh && Date.now() - hit.at < META_TTL_MS) return hit;
    const component = await campaigns.getComponent(id);
    if (component.type !== 'petition') throw notFound('PETITION_NOT_FOUND');
    const [row, campaign] = await Promise.all([rowFor(component), campaigns.getById(component.campaignId)]);
    const m = {
      view: {
        ...repo.toPetition(row),
        settings: component.settings as PetitionSettings,
        published: component.status === 'published',
      },
      campaign,
      at: Date.now(),
    };
    if (meta.size > 1000) meta.clear();
    meta.set(id, m);
    return m;
  }
  const forget = (id: string) => {
    meta.delete(id);
    snapshots.delete(id);
  };

  const isPublic = (m: Meta) =>
    m.view.published && m.campaign.status !== 'draft' && PUBLIC_STATES.includes(m.view.state);

  async function listEntries(): Promise<ListEntry[]> {
    if (listCache && Date.now() - listCache.at < 10_000) return listCache.entries;
    const now = nowIso();
    const entries = (await repo.listEntries(db))
      .filter((e) => !e.expires_at || e.expires_at > now)
      .map((e) => ({ kind: e.kind, value: e.value, action: e.action }) as ListEntry);
    listCache = { at: Date.now(), entries };
    return entries;
  }

  // ---- mail ------------------------------------------------------------------------------

  function confirmMail(locale: Locale, address: string, title: string, sigId: string, again: boolean): MailMessage {
    const t = i18n.translator(locale);
    return {
      to: address,
      category: 'petition.confirm',
      subject: t('petition.mail.confirm.subject', { title }),
      text: t(again ? 'petition.mail.confirm.again' : 'petition.mail.confirm.text', {
        title,
        confirm: link(locale, `/petitions/confirm/${tokens.issue('confirm', sigId)}`),
        withdraw: link(locale, `/petitions/withdraw/${tokens.issue('withdraw', sigId)}`),
        days: config.petitions.confirmDays,
      }),
    };
  }

  function alreadyMail(locale: Locale, address: string, title: string, sigId: string): MailMessage {
    const t = i18n.translator(locale);
    return {
      to: address,
      category: 'petition.already',
      subject: t('petition.mail.already.subject', { title }),
      text: t('petition.mail.already.text', {
        title,
        withdraw: link(locale, `/petitions/withdraw/${tokens.issue('withdraw', sigId)}`),
      }),
    };
  }

  // ---- the write path: group-committed signature inserts -----------------------------------

  // Both write paths go through the writer connection: on SQLite its commits (and their fsync) run
  // in a worker thread, so page requests keep being answered while signatures are made durable.
  const signatures = groupCommit<PendingSignature, 'new' | 'duplicate'>(async (items) =>
    writer.transaction().execute(async (trx) => {
      const inserted = await repo.insertSignatures(
        trx,
        items.map((i) => i.row),
      );
      const mails: MailMessage[] = [];
      const duplicates = items.filter((i) => !inserted.has(i.row.id));
      const byPetition = new Map<string, PendingSignature[]>();
      for (const d of duplicates) byPetition.set(d.row.petition_id, [...(byPetition.get(d.row.petition_id) ?? []), d]);
      const existing = new Map<string, repo.SignatureRow>();
      for (const [pid, list] of byPetition)
        for (const r of await repo.signaturesByEmailKeys(
          trx,
          pid,
          list.map((d) => d.row.email_key),
        ))
          existing.set(`${pid}:${r.email_key}`, r);
      for (const item of items) {
        const locale = item.row.locale as Locale;
        if (inserted.has(item.row.id)) {
          mails.push(confirmMail(locale, item.address, item.title, item.row.id, false));
          continue;
        }
        const prior = existing.get(`${item.row.petition_id}:${item.row.email_key}`);
        if (!prior || !mailLimiter(item.row.email_key)) continue;
        // Whoever typed the address, only its owner learns anything, and only by mail.
        if (prior.status === 'pending') mails.push(confirmMail(locale, item.address, item.title, prior.id, false));
        else if (prior.status === 'confirmed') mails.push(alreadyMail(locale, item.address, item.title, prior.id));
        else if (prior.status === 'withdrawn')
          mails.push(confirmMail(locale, item.address, item.title, prior.id, true));
      }
      await mail.queue(trx, mails);
      return items.map((i) => (inserted.has(i.row.id) ? ('new' as const) : ('duplicate' as const)));
    }),
  );

  const confirmations = groupCommit<string, boolean>(async (ids) => {
    const done = await writer.transaction().execute((trx) => repo.confirmSignatures(trx, ids, nowIso()));
    return ids.map((id) => done.has(id));
  });

  // ---- counting ------------------------------------------------------------------------------

  async function recount(id: string, why: 'tick' | 'reconcile' | 'invalidation'): Promise<boolean> {
    const row = await repo.findPetition(db, id);
    if (!row) return false;
    const component = await campaigns.getComponent(id).catch(() => null);
    const settings = (component?.settings ?? {}) as Partial<PetitionSettings>;
    const byRegion = await repo.countedByRegion(db, id);
    const total = sumValues(byRegion);
    const recent = await repo.recentSigners(db, id, 10);
    const thresholds = [
      ...new Set([...(parseMilestones(settings.milestones) ?? []), ...(settings.goal ? [settings.goal] : [])]),
    ];
    const reached: Record<string, string> = parseJson(row.milestones_reached, {});
    const next: Record<string, string> = {};
    const now = nowIso();
    const crossed: number[] = [];
    const undone: number[] = [];
    for (const m of thresholds) {
      if (total >= m) {
        next[m] = reached[m] ?? now;
        if (!reached[m]) crossed.push(m);
      } else if (reached[m]) undone.push(m);
    }
    const changed =
      row.count_total !== total ||
      row.count_by_region !== toJson(byRegion) ||
      row.recent_signers !== toJson(recent) ||
      row.milestones_reached !== toJson(next);
    if (!changed) return false;
    await repo.updatePetition(db, id, {
      count_total: total,
      count_by_region: toJson(byRegion),
      recent_signers: toJson(recent),
      milestones_reached: toJson(next),
      counted_at: now,
    });
    if (why === 'reconcile' && row.count_total !== total)
      await audit.record(
        { system: 'petitions.reconcile' },
        'petition.count.reconciled',
        { type: 'petition', id },
        { before: row.count_total, after: total },
      );
    for (const m of crossed)
      await audit.record(
        SYSTEM,
        'petition.milestone.reached',
        { type: 'petition', id },
        { milestone: m, count: total },
      );
    for (const m of undone)
      await audit.record(
        SYSTEM,
        'petition.milestone.undone',
        { type: 'petition', id },
        { milestone: m, count: total, cause: why },
      );
    forget(id);
    return true;
  }

  // ---- staff helpers -------------------------------------------------------------------------

  async function staffMeta(id: string, actor: Staff, action: Parameters<typeof petitionCan>[1]): Promise<Meta> {
    const m = await load(id, true);
    if (!petitionCan(actor, action, m.campaign)) throw forbidden();
    return m;
  }

  async function matching(id: string, c: InvalidationCriteria) {
    const rows = await repo.candidates(db, id, c);
    if (!c.namePattern) return rows;
    const match = nameMatcher(c.namePattern);
    return rows.filter((r) => {
      if (!r.name_sealed) return false;
      try {
        return match(box.open(r.name_sealed));
      } catch {
        return false;
      }
    });
  }

  function checkCriteria(c: InvalidationCriteria): void {
    const fields: Record<string, string> = {};
    if (c.region && c.region !== ABROAD && !regions.isValid(c.region)) fields.region = 'form.error.choice';
    for (const k of ['from', 'to'] as const) if (c[k] && Number.isNaN(Date.parse(c[k]!))) fields[k] = 'form.error.date';
    if (c.namePattern && (c.namePattern.length > 100 || /^\**$/.test(c.namePattern)))
      fields.namePattern = 'form.error.invalid';
    const any =
      c.domain || c.ipHash || c.ipPrefixHash || c.from || c.to || c.region || c.namePattern || c.quarantinedOnly;
    if (!any) fields.domain = 'petition.error.criteria_needed';
    if (Object.keys(fields).length) throw new ValidationError(fields);
  }

  const service: PetitionsService = {
    async get(id) {
      return (await load(id, true)).view;
    },

    async getPublic(id) {
      const m = await load(id);
      if (!isPublic(m)) throw notFound('PETITION_NOT_FOUND');
      return { petition: m.view, campaign: m.campaign };
    },

    async forComponent(component) {
      return repo.toPetition(await rowFor(component));
    },

    async transition(id, to, actor, details = {}) {
      const m = await load(id, true);
      const from = m.view.state;
      if (!canTransition(actor, from, to, m.campaign)) throw forbidden();
      const reason = details.reason?.trim() ?? '';
      const fields: Record<string, string> = {};
      if (to === 'rejected' && reason.length < 10)
        fields.reason = reason ? 'petition.error.reason_short' : 'form.error.required';
      if (reason.length > 2000) fields.reason = 'form.error.too_long';
      const answer = details.answer?.trim() ?? '';
      if (to === 'answered' && !answer) fields.answer = 'form.error.required';
      if (answer.length > 20_000) fields.answer = 'form.error.too_long';
      if (details.answerUrl && !/^https?:\/\/\S+$/.test(details.answerUrl)) fields.answerUrl = 'form.error.url';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const now = nowIso();
      const patch: Parameters<typeof repo.updatePetition>[2] = { state: to, updated_at: now };
      if (to === 'rejected') patch.state_reason = reason;
      if (to === 'draft') patch.state_reason = null;
      if (to === 'open' && !m.view.openedAt) patch.opened_at = now;
      if (to === 'closed' || (to === 'rejected' && from === 'open')) patch.closed_at = now;
      if (to === 'delivered') patch.delivered_at = now;
      if (to === 'answered')
        Object.assign(patch, {
          answered_at: now,
          answer,
          answer_url: details.answerUrl || null,
          delivered_at: m.view.deliveredAt ?? now,
        });
      if (!(await repo.updatePetition(db, id, patch, from))) throw fail('PETITION_CHANGED');
      // A petition is visible on the campaign page exactly when it is in a public state.
      const shouldPublish = PUBLIC_STATES.includes(to);
      if (shouldPublish !== m.view.published) {
        const component = await campaigns.getComponent(id);
        await campaigns.updateComponent(id, component.settings, shouldPublish ? 'published' : 'draft', SYSTEM);
      }
      await audit.record(
        actor,
        'petition.state',
        { type: 'petition', id },
        { from, to, ...(reason ? { reason } : {}) },
      );
      forget(id);
      deps.pageCache.clear();
      return service.get(id);
    },

    challenge: () => pow.challenge(),

    async sign(id, input, { ip, locale }) {
      const m = await load(id);
      if (!isPublic(m)) throw notFound('PETITION_NOT_FOUND');
      if (m.view.state !== 'open') throw fail('PETITION_CLOSED');

      const fields: Record<string, string> = {};
      const name = cleanName(input.name ?? '');
      const nameErr = nameProblem(name);
      if (nameErr) fields.name = nameErr;
      const rawEmail = (input.email ?? '').trim();
      const email = rawEmail.length > 254 ? null : normaliseEmail(rawEmail);
      if (!rawEmail) fields.email = 'form.error.required';
      else if (rawEmail.length > 254) fields.email = 'form.error.too_long';
      else if (!email) fields.email = 'form.error.email';
      const region = input.region ?? '';
      if (!region) fields.region = 'petition.error.region_required';
      else if (region !== ABROAD && !regions.isValid(region)) fields.region = 'form.error.choice';
      if (Object.keys(fields).length) throw new ValidationError(fields);

      const [ipHash, prefixHash, solved] = await Promise.all([
        ipHasher.hash(ip),
        ipHasher.hashPrefix(ip),
        pow.verify(input.pow),
      ]);
      const limit = limiter.check(id, ipHash, prefixHash, solved);
      if (limit.refuse) throw fail('PETITION_RATE_LIMITED', { seconds: limit.retryAfter });
      const key = emailKey(email!.normalised);
      const reasons = quarantineReasons({
        entries: await listEntries(),
        domain: email!.domain,
        emailKey: key,
        prefixHash,
        disposable: isDisposableDomain(email!.domain),
        honeypot: !!input.website?.trim(),
        rateReasons: limit.reasons,
      });
      const showName = !!input.show_name;
      const now = nowIso();
      await signatures.push({
        address: email!.address,
        title: pickText(m.view.settings.title, locale),
        row: {
          id: newId(),
          petition_id: id,
          status: 'pending',
          email_key: key,
          email_sealed: box.seal(email!.address),
          name_sealed: box.seal(name),
          display_name: showName ? displayName(name) : null,
          email_domain: email!.domain,
          region,
          locale,
          updates: input.updates ? 1 : 0,
          ip_hash: ipHash,
          ip_prefix_hash: prefixHash,
          pow: solved ? 1 : 0,
          quarantined: reasons.length ? 1 : 0,
          quarantine_reasons: reasons.length ? toJson(reasons) : null,
          created_at: now,
          confirmed_at: null,
          withdrawn_at: null,
          invalidated_at: null,
          invalidation_id: null,
          anonymised_at: null,
        },
      });
    },

    async inspectLink(purpose, token) {
      const check: TokenCheck = tokens.check(purpose, token, purpose === 'confirm' ? confirmTtl : undefined);
      if (!check.ok) return { kind: check.reason };
      const sig = await repo.findSignature(db, check.id);
      if (!sig || sig.anonymised_at) return { kind: 'invalid' };
      const m = await load(sig.petition_id);
      const base = { petition: m.view, signatureId: sig.id };
      if (sig.status === 'invalidated') return { kind: 'gone', ...base };
      if (purpose === 'confirm') {
        if (sig.status === 'confirmed') return { kind: 'already', ...base };
        // A link mailed before the signer withdrew cannot bring the signature back; a new sign-up can.
        if (sig.status === 'withdrawn' && sig.withdrawn_at && check.issuedAt <= Date.parse(sig.withdrawn_at))
          return { kind: 'withdrawn', ...base };
        if (m.view.state !== 'open') return { kind: 'closed', ...base };
        return { kind: 'ready', ...base };
      }
      if (sig.status === 'withdrawn') return { kind: 'withdrawn', ...base };
      return { kind: 'ready', ...base };
    },

    async confirm(token) {
      const state = await service.inspectLink('confirm', token);
      if (state.kind !== 'ready') return state;
      const changed = await confirmations.push(state.signatureId);
      dirty.add(state.petition.id);
      return changed ? state : service.inspectLink('confirm', token);
    },

    async withdraw(token) {
      const state = await service.inspectLink('withdraw', token);
      if (state.kind !== 'ready') return state;
      await repo.withdrawSignature(db, state.signatureId, nowIso());
      dirty.add(state.petition.id);
      return { ...state, kind: 'withdrawn' };
    },

    async tick() {
      const ids = new Set([...(await repo.petitionsInStates(db, ['open'])).map((p) => p.component_id), ...dirty]);
      dirty.clear();
      let changed = false;
      for (const id of ids) if (await recount(id, 'tick')) changed = true;
      // Readers see the new count within one interval, not one interval plus the page cache's.
      if (changed) deps.pageCache.clear();
    },

    async countSnapshot(id) {
      const hit = snapshots.get(id);
      if (hit) return hit;
      const { petition } = await service.getPublic(id);
      const snap = {
        id,
        total: petition.count,
        offline: petition.settings.offline_count ?? 0,
        goal: petition.settings.goal,
        by_region: petition.byRegion,
        updated_at: petition.countedAt,
      };
      snapshots.set(id, snap);
      return snap;
    },

    async tally(id) {
      const out: SignatureTally = { pending: 0, confirmed: 0, quarantined: 0, withdrawn: 0, invalidated: 0 };
      for (const r of await repo.tally(db, id)) {
        if (r.quarantined && (r.status === 'confirmed' || r.status === 'pending')) out.quarantined += r.n;
        else out[r.status as keyof SignatureTally] += r.n;
      }
      return out;
    },

    async previewInvalidation(id, criteria, actor) {
      await staffMeta(id, actor, 'invalidate');
      checkCriteria(criteria);
      const rows = await matching(id, criteria);
      const byStatus: Record<string, number> = {};
      const byRegion: Record<string, number> = {};
      for (const r of rows) {
        const s = r.quarantined ? 'quarantined' : r.status;
        byStatus[s] = (byStatus[s] ?? 0) + 1;
        byRegion[r.region] = (byRegion[r.region] ?? 0) + 1;
      }
      const sample = rows.slice(0, 20).map((r) => {
        let name = r.display_name ?? '';
        if (!name && r.name_sealed) name = displayName(box.open(r.name_sealed)).replace(/(?<=^.)[^ ]*/u, '…');
        return {
          name,
          region: r.region,
          domain: r.email_domain ?? '',
          createdAt: r.created_at,
          status: r.status,
          quarantined: !!r.quarantined,
        };
      });
      return { count: rows.length, byStatus, byRegion, sample };
    },

    async invalidate(id, criteria, reason, actor) {
      await staffMeta(id, actor, 'invalidate');
      checkCriteria(criteria);
      const why = reason.trim();
      if (why.length < 10)
        throw new ValidationError({ reason: why ? 'petition.error.reason_short' : 'form.error.required' });
      if (why.length > 2000) throw new ValidationError({ reason: 'form.error.too_long' });
      const ids = (await matching(id, criteria)).map((r) => r.id);
      const invalidationId = newId();
      const now = nowIso();
      const n = await db.transaction().execute(async (trx) => {
        const count = await repo.invalidateSignatures(trx, ids, invalidationId, now);
        await repo.insertInvalidation(trx, {
          id: invalidationId,
          petition_id: id,
          criteria: toJson(criteria),
          reason: why,
          count,
          actor_id: actor.id,
          created_at: now,
        });
        return count;
      });
      await audit.record(
        actor,
        'petition.invalidate',
        { type: 'petition', id },
        { invalidation: invalidationId, count: n, criteria, reason: why },
      );
      await recount(id, 'invalidation');
      deps.pageCache.clear();
      return n;
    },

    invalidations: (id) => repo.listInvalidations(db, id),

    async reports(id, limit = 24) {
      return (await repo.listReports(db, id, limit)).map((r) => ({
        hour: r.hour,
        report: parseJson<TrendReport>(r.data, {} as TrendReport),
        alerts: parseJson<TrendAlert[]>(r.alerts, []),
      }));
    },

    async trendingReport(hourStart) {
      const end = hourStart
        ? new Date(hourStart.getTime() + 3_600_000)
        : new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
      const from = isoAt(end.getTime() - 3_600_000);
      const to = end.toISOString();
      const dayBefore = isoAt(end.getTime() - 25 * 3_600_000);
      let made = 0;
      const alertsForStaff: Array<{ id: string; title: string; alerts: TrendAlert[] }> = [];
      for (const p of await repo.petitionsInStates(db, ['open'])) {
        const id = p.component_id;
        const totals = await repo.windowTotals(db, id, from, to);
        const before = await repo.windowTotals(db, id, dayBefore, from);
        const report: TrendReport = {
          hour: from,
          ...totals,
          baselinePerHour: Math.round((before.total / 24) * 10) / 10,
          domains: await repo.topBy(db, id, 'email_domain', from, to, 5),
          ipHashes: await repo.topBy(db, id, 'ip_hash', from, to, 5),
          ipPrefixes: await repo.topBy(db, id, 'ip_prefix_hash', from, to, 5),
          regions: await repo.topBy(db, id, 'region', from, to, 5),
        };
        const alerts = trendAlerts(report);
        if (
          await repo.insertReport(db, {
            id: newId(),
            petition_id: id,
            hour: from,
            data: toJson(report),
            alerts: toJson(alerts),
            created_at: nowIso(),
          })
        ) {
          made++;
          if (alerts.length) {
            const component = await campaigns.getComponent(id).catch(() => null);
            alertsForStaff.push({
              id,
              title: pickText((component?.settings as PetitionSettings | undefined)?.title, 'ru') || id,
              alerts,
            });
          }
        }
      }
      if (alertsForStaff.length) {
        const staff = (await deps.accounts.listUsers()).filter(
          (u) => !u.disabled && (u.role === 'admin' || u.role === 'moderator'),
        );
        const t = i18n.translator('ru');
        const lines = alertsForStaff.flatMap((a) => [
          `${a.title}: ${link('ru', `/admin/petitions/${a.id}`)}`,
          ...a.alerts.map((al) => `  - ${t(`petition.alert.${al.kind}`, { n: al.n, key: al.key ?? '' })}`),
        ]);
        await mail.queue(
          db,
          staff.map((s) => ({
            to: s.email,
            category: 'petition.alert',
            subject: t('petition.mail.alert.subject', { count: alertsForStaff.length }),
            text: lines.join('\n'),
          })),
        );
        await audit.record(SYSTEM, 'petition.alert', null, {
          petitions: alertsForStaff.map((a) => a.id),
          alerts: alertsForStaff.reduce((n, a) => n + a.alerts.length, 0),
        });
      }
      return made;
    },

    async overview() {
      const alerts = new Map<string, number>();
      for (const r of await repo.reportsSince(db, isoAt(Date.now() - 86_400_000)))
        alerts.set(r.petition_id, (alerts.get(r.petition_id) ?? 0) + parseJson<unknown[]>(r.alerts, []).length);
      const rows: OverviewRow[] = [];
      for (const p of await repo.allPetitions(db)) {
        const component = await campaigns.getComponent(p.component_id).catch(() => null);
        if (!component) continue;
        rows.push({
          id: p.component_id,
          title: (component.settings as PetitionSettings).title,
          state: p.state as PetitionState,
          count: p.count_total,
          alerts: alerts.get(p.component_id) ?? 0,
        });
      }
      const order = ['open', 'moderation', 'draft', 'closed', 'delivered', 'answered', 'rejected'];
      return rows.sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state) || b.count - a.count);
    },

    async listEntries() {
      return repo.listEntries(db);
    },

    async addEntry(input, actor) {
      if (!petitionCan(actor, 'lists', { createdBy: null })) throw forbidden();
      const fields: Record<string, string> = {};
      const kind = input.kind as ListEntry['kind'];
      const action = input.action as ListEntry['action'];
      if (!['domain', 'email', 'ip_prefix'].includes(kind)) fields.kind = 'form.error.choice';
      if (!['allow', 'block'].includes(action)) fields.action = 'form.error.choice';
      let value = (input.value ?? '').trim();
      if (!value) fields.value = 'form.error.required';
      else if (kind === 'domain') {
        value = value.toLowerCase().replace(/^@/, '');
        if (!/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(value))
          fields.value = 'petition.error.domain';
      } else if (kind === 'email') {
        const e = normaliseEmail(value);
        if (!e) fields.value = 'form.error.email';
        else value = emailKey(e.normalised); // only the keyed hash is kept, never the address
      } else if (kind === 'ip_prefix' && !/^[A-Za-z0-9_-]{22}$/.test(value)) fields.value = 'petition.error.ip_hash';
      const note = (input.note ?? '').trim();
      if (note.length > 300) fields.note = 'form.error.too_long';
      const days = input.days ? Number(input.days) : kind === 'ip_prefix' ? 2 : 0;
      if (!Number.isInteger(days) || days < 0 || days > 3650) fields.days = 'form.error.invalid';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const id = newId();
      await repo.insertEntry(db, {
        id,
        kind,
        value,
        action,
        note,
        created_by: actor.id,
        created_at: nowIso(),
        expires_at: days ? isoAt(Date.now() + days * 86_400_000) : null,
      });
      listCache = null;
      await audit.record(
        actor,
        'petition.list.add',
        { type: 'petition_list', id },
        { kind, action, value: kind === 'domain' ? value : '(hash)', note },
      );
    },

    async removeEntry(id, actor) {
      if (!petitionCan(actor, 'lists', { createdBy: null })) throw forbidden();
      const row = await repo.deleteEntry(db, id);
      if (!row) throw notFound();
      listCache = null;
      await audit.record(
        actor,
        'petition.list.remove',
        { type: 'petition_list', id },
        { kind: row.kind, action: row.action },
      );
    },

    async exportCsv(component, kind) {
      const id = component.id;
      await load(id, true);
      if (kind === 'counts') {
        const byRegion = await repo.countedByRegion(db, id);
        const lines = ['region_code,region,signatures'];
        for (const r of [...regions.all().map((x) => x.code), ABROAD]) {
          if (!byRegion[r]) continue;
          lines.push(
            [r, r === ABROAD ? i18n.t('ru', 'petition.region.abroad') : regions.name(r, 'ru'), byRegion[r]]
              .map(csvCell)
              .join(','),
          );
        }
        lines.push(['', 'total', sumValues(byRegion)].map(csvCell).join(','));
        return lines.join('\r\n') + '\r\n';
      }
      const lines = ['region_code,region,name'];
      for (const r of await repo.namedSigners(db, id)) {
        if (!r.name_sealed) continue;
        lines.push(
          [
            r.region,
            r.region === ABROAD ? i18n.t('ru', 'petition.region.abroad') : regions.name(r.region, 'ru'),
            box.open(r.name_sealed),
          ]
            .map(csvCell)
            .join(','),
        );
      }
      return lines.join('\r\n') + '\r\n';
    },

    async deliveryPack(id, actor) {
      const m = await staffMeta(id, actor, 'export');
      const names = (await repo.namedSigners(db, id))
        .filter((r) => r.name_sealed)
        .map((r) => ({ name: box.open(r.name_sealed!), region: r.region }));
      await audit.record(actor, 'petition.delivery_pack', { type: 'petition', id }, { names: names.length });
      return { petition: m.view, campaign: m.campaign, names };
    },

    async sendUpdate(id, input, actor) {
      const m = await staffMeta(id, actor, 'manage');
      const subject = (input.subject ?? '').trim();
      const text = (input.text ?? '').trim();
      const fields: Record<string, string> = {};
      if (!subject) fields.subject = 'form.error.required';
      else if (subject.length > 150) fields.subject = 'form.error.too_long';
      if (!text) fields.text = 'form.error.required';
      else if (text.length > 10_000) fields.text = 'form.error.too_long';
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(subject + text)) fields.text = 'form.error.control_chars';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const subscribers = await repo.updateSubscribers(db, id);
      const messages = subscribers.map((s) => {
        const locale = (isLocale(s.locale) ? s.locale : 'kk') as Locale;
        const footer = i18n.t(locale, 'petition.mail.update.footer', {
          title: pickText(m.view.settings.title, locale),
          withdraw: link(locale, `/petitions/withdraw/${tokens.issue('withdraw', s.id)}`),
        });
        return {
          to: box.open(s.email_sealed!),
          category: 'petition.update',
          subject,
          text: `${text}\n\n--\n${footer}`,
        };
      });
      await db.transaction().execute((trx) => mail.queue(trx, messages));
      await audit.record(
        actor,
        'petition.update.sent',
        { type: 'petition', id },
        { recipients: messages.length, subject },
      );
      return messages.length;
    },

    async reconcile() {
      let fixed = 0;
      const all = await repo.allPetitions(db);
      for (const p of all) if (await recount(p.component_id, 'reconcile')) fixed++;
      if (fixed) deps.pageCache.clear();
      return { checked: all.length, fixed };
    },

    async maintain(now = new Date()) {
      let closed = 0;
      const today = now.toISOString().slice(0, 10);
      for (const p of await repo.petitionsInStates(db, ['open'])) {
        const component = await campaigns.getComponent(p.component_id).catch(() => null);
        const deadline = (component?.settings as PetitionSettings | undefined)?.deadline;
        if (
          deadline &&
          deadline < today &&
          (await repo.updatePetition(
            db,
            p.component_id,
            { state: 'closed', closed_at: now.toISOString(), updated_at: now.toISOString() },
            'open',
          ))
        ) {
          closed++;
          await audit.record(
            SYSTEM,
            'petition.state',
            { type: 'petition', id: p.component_id },
            { from: 'open', to: 'closed', cause: 'deadline' },
          );
          forget(p.component_id);
        }
      }
      let anonymised = 0;
      const cutoff = new Date(now);
      cutoff.setUTCMonth(cutoff.getUTCMonth() - config.petitions.anonymiseMonths);
      for (const p of await repo.petitionsInStates(db, ['closed', 'delivered', 'answered', 'rejected'])) {
        if (p.anonymised_at || !p.closed_at || p.closed_at > cutoff.toISOString()) continue;
        // Counts are final first, so anonymisation never changes what was reported.
        await recount(p.component_id, 'reconcile');
        const n = await repo.anonymise(db, p.component_id, now.toISOString());
        await repo.updatePetition(db, p.component_id, {
          anonymised_at: now.toISOString(),
          recent_signers: '[]',
          updated_at: now.toISOString(),
        });
        await audit.record(SYSTEM, 'petition.anonymised', { type: 'petition', id: p.component_id }, { signatures: n });
        forget(p.component_id);
        anonymised++;
      }
      const ipHashesDropped = await repo.dropIpHashesBefore(
        db,
        isoAt(now.getTime() - config.ipHashRetentionDays * 86_400_000),
      );
      if (closed || anonymised) deps.pageCache.clear();
      return { closed, anonymised, ipHashesDropped };
    },

    async upsertReference(campaignSlug, key, input) {
      const campaign = await campaigns.getBySlug(campaignSlug, { includeDrafts: true });
      // A staff campaign that took the slug is not the reference campaign: leave it alone.
      if (campaign.referenceKey !== `campaign:${campaignSlug}`) return 'unchanged';
      const existing = await repo.findByReferenceKey(db, key);
      const stateCols = { state: input.state, opened_at: input.openedAt ?? null, closed_at: input.closedAt ?? null };
      if (existing) {
        const component = await campaigns.getComponent(existing.component_id);
        const same =
          toJson(component.settings) === toJson(petitionSettingsSchema.parse(input.settings)) &&
          existing.state === input.state &&
          existing.opened_at === stateCols.opened_at &&
          existing.closed_at === stateCols.closed_at;
        if (same) return 'unchanged';
        await campaigns.updateComponent(existing.component_id, input.settings, 'published', { system: 'reference' });
        await repo.updatePetition(db, existing.component_id, { ...stateCols, updated_at: nowIso() });
        forget(existing.component_id);
        return 'updated';
      }
      const component = await campaigns.addComponent(campaign.id, 'petition', input.settings, { system: 'reference' });
      await campaigns.updateComponent(component.id, component.settings, 'published', { system: 'reference' });
      await rowFor(component);
      await repo.updatePetition(db, component.id, { ...stateCols, reference_key: key, updated_at: nowIso() });
      return 'created';
    },

    async flush() {
      await signatures.flush();
      await confirmations.flush();
    },

    start() {
      if (timer) return;
      const run = () => {
        ticking = service
          .tick()
          .catch((err) =>
            console.error(
              JSON.stringify({ level: 'warn', msg: 'petition count tick failed', error: (err as Error).message }),
            ),
          );
      };
      timer = setInterval(run, config.petitions.countIntervalMs);
      timer.unref();
    },

    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await ticking;
      await service.flush();
    },
  };
  return service;
}
