// Testimonies: intake (ciphertext only), the survivor's follow-up through her receipt, casework,
// publication with her approval, statistics from consenting records, and retention.
import { randomUUID } from 'node:crypto';
import type { AuditService } from '../../core/accounts/audit.service.ts';
import type { Staff } from '../../core/accounts/roles.ts';
import type { Db } from '../../db/database.ts';
import { parseJson, toJson } from '../../db/portable.ts';
import type { HelpService } from '../../help/help.service.ts';
import type { ObservatoryService } from '../../observatory/observatory.service.ts';
import type { Locale } from '../../i18n/locales.ts';
import { ValidationError, fail, forbidden, notFound } from '../../core/errors.ts';
import { digest, fileCiphertextLength, isFileCiphertextLength, isPublicKey, isSealed } from './crypto.ts';
import type { FileStore } from './file-store.ts';
import type { ReceiptHasher } from './receipt.server.ts';
import { computeStatistics, type Statistics } from './statistics.ts';
import {
  addDays,
  CONSENTS,
  countsInStatistics,
  LIMITS,
  PRIORITIES,
  RELATIONSHIPS,
  STATUSES,
  today,
  WARNINGS,
  type CaseStatus,
  type Consent,
  type Priority,
  type Story,
  type Testimony,
  type TestimonyItem,
} from './testimony.ts';
import * as repo from './testimony.repository.ts';
import { canDraftPublication, canHandle, canOverrideReferral, canPromote } from './testimony.permissions.ts';

/**
 * An attachment's ciphertext: in memory, or read only when its turn comes to be stored, so a
 * submission's files never need to be in memory all at once.
 */
export type FileData = Uint8Array | { readonly size: number; read(): Promise<Uint8Array> };
const sizeOf = (f: FileData) => (f instanceof Uint8Array ? f.length : f.size);

export interface Submission {
  componentId: string | null;
  orgKeyId: string;
  lookup: string;
  survivorPk: string;
  envelope: string;
  consent: Consent;
  referralOk: boolean;
  files: FileData[];
  mode: 'browser' | 'server';
}

export interface SurvivorMessage {
  forOrg: string;
  forSurvivor: string;
  files: FileData[];
}

export interface CaseUpdate {
  status?: string;
  priority?: string;
  assigneeId?: string | null;
  tags?: string[];
}

export interface StatsInput {
  incidentYear: number | null;
  region: string | null;
  relationship: string | null;
  police: boolean | null;
  delayMonths: number | null;
}

export interface Promotion {
  title: string;
  summary: string;
  date: string; // YYYY or YYYY-MM: as precise as is safe
  region: string | null;
  locale: Locale;
}

export interface RetentionResult {
  warned: number;
  expired: number;
  files: number;
  extended: number;
}

const WARN_DAYS = 7;
const sealedFor =
  (max: number) =>
  (v: unknown): v is string =>
    isSealed(v, max);
const tooBig = () => fail('TESTIMONY_TOO_LARGE');
const badCipher = () => fail('TESTIMONY_BAD_CIPHERTEXT');

function toTestimony(r: repo.TestimonyRow): Testimony {
  return {
    id: r.id,
    componentId: r.component_id,
    orgKeyId: r.org_key_id,
    survivorPk: r.survivor_pk,
    envelope: r.envelope,
    mode: r.mode as Testimony['mode'],
    consent: r.consent as Consent,
    referralOk: r.referral_ok === 1,
    status: r.status as CaseStatus,
    priority: r.priority as Priority,
    assigneeId: r.assignee_id,
    tags: parseJson(r.tags, []),
    statsDone: r.stats_done === 1,
    referralServiceId: r.referral_service_id,
    createdOn: r.created_on,
    lastActivityOn: r.last_activity_on,
    expiresOn: r.expires_on,
    warnedOn: r.warned_on,
  };
}

function toItem(r: repo.ItemRow, files: repo.FileRow[]): TestimonyItem {
  return {
    id: r.id,
    seq: r.seq,
    kind: r.kind as TestimonyItem['kind'],
    staffId: r.staff_id,
    orgKeyId: r.org_key_id,
    forOrg: r.for_org,
    forSurvivor: r.for_survivor,
    draftDigest: r.draft_digest,
    draftState: r.draft_state as TestimonyItem['draftState'],
    createdOn: r.created_on,
    files: files.filter((f) => f.item_id === r.id).map((f) => ({ id: f.id, position: f.position, size: f.size })),
  };
}

export function checkFiles(files: FileData[]): void {
  if (files.length > LIMITS.files) throw fail('TESTIMONY_TOO_MANY_FILES');
  for (const size of files.map(sizeOf)) {
    if (size > fileCiphertextLength(LIMITS.fileBytes)) throw tooBig();
    if (!isFileCiphertextLength(size)) throw badCipher();
  }
}

export interface TestimonyService {
  // The survivor
  submit(s: Submission): Promise<{ id: string }>;
  /** Her case from the lookup value, or null. Costs one slow hash. */
  open(lookup: string): Promise<Testimony | null>;
  thread(t: Testimony): Promise<TestimonyItem[]>;
  /** The same case read again (after a change), without another slow hash. */
  refresh(t: Testimony): Promise<Testimony>;
  addMessage(t: Testimony, m: SurvivorMessage): Promise<void>;
  decideDraft(
    t: Testimony,
    itemId: string,
    approve: boolean,
    published?: { text: string; warnings: string[] },
  ): Promise<void>;
  deleteEverything(t: Testimony): Promise<void>;
  /** Spends a single-use token (proof-of-work challenge); false when it was used before. */
  spend(token: string, expiresAtMs: number): Promise<boolean>;

  // Caseworkers
  inbox(
    actor: Staff,
    opts: { status?: string; mine?: boolean; page?: number },
  ): Promise<{ items: Testimony[]; total: number; expiring: number }>;
  openCase(
    actor: Staff,
    id: string,
  ): Promise<{
    testimony: Testimony;
    items: TestimonyItem[];
    files: Array<{ id: string; position: number; size: number; itemId: string | null }>;
  }>;
  /** The ciphertexts, for decryption in the browser; every call is audited as a read. */
  readContent(actor: Staff, id: string): Promise<{ testimony: Testimony; items: TestimonyItem[] }>;
  readFile(actor: Staff, testimonyId: string, fileId: string): Promise<Buffer>;
  update(actor: Staff, id: string, change: CaseUpdate): Promise<void>;
  addNote(actor: Staff, id: string, forOrg: unknown): Promise<void>;
  addReply(actor: Staff, id: string, forOrg: unknown, forSurvivor: unknown): Promise<void>;
  proposeDraft(actor: Staff, id: string, forOrg: unknown, forSurvivor: unknown, draftDigest: unknown): Promise<void>;
  refer(actor: Staff, id: string, serviceId: string, override: boolean): Promise<void>;
  recordStats(actor: Staff, id: string, s: StatsInput): Promise<void>;
  /** Turns an anonymised summary into a draft case in the observatory, for its editors to review. */
  promote(actor: Staff, id: string, p: Promotion): Promise<string>;
  extend(actor: Staff, id: string): Promise<void>;

  // Public
  stories(componentId: string | null, limit?: number): Promise<Story[]>;
  countStories(componentId: string): Promise<number>;
  statistics(regions: readonly string[]): Promise<Statistics>;
  promotions(): Promise<Array<{ id: string; summary: string; observatoryId: string | null; createdOn: string }>>;

  // Jobs
  runRetention(now?: number): Promise<RetentionResult>;
  expiryLog(): Promise<Array<{ day: string; testimonies: number; files: number }>>;
}

export function createTestimonyService(deps: {
  db: Db;
  audit: AuditService;
  files: FileStore;
  hasher: ReceiptHasher;
  help: HelpService;
  observatory: ObservatoryService;
  retentionDays: number;
  onPublish?: () => void;
}): TestimonyService {
  const { db, audit, files: store, hasher } = deps;
  const survivor = { system: 'survivor' } as const;

  async function writeFiles(testimonyId: string, itemId: string | null, data: FileData[]) {
    const rows = data.map((d, position) => ({
      id: randomUUID(),
      testimony_id: testimonyId,
      item_id: itemId,
      position,
      size: sizeOf(d),
      created_on: today(),
    }));
    try {
      for (let i = 0; i < rows.length; i++) {
        const d = data[i];
        const bytes = d instanceof Uint8Array ? d : await d.read();
        if (bytes.length !== rows[i].size) throw badCipher();
        await store.write(rows[i].id, bytes);
      }
    } catch (err) {
      await store.remove(rows.map((r) => r.id));
      throw err;
    }
    return rows;
  }

  /** Stores the files, then the rows in one transaction; if anything fails, the files go again. */
  async function withFiles(
    testimonyId: string,
    itemId: string | null,
    data: FileData[],
    write: (trx: Db, rows: Awaited<ReturnType<typeof writeFiles>>) => Promise<void>,
  ) {
    const rows = await writeFiles(testimonyId, itemId, data);
    try {
      await db.transaction().execute(async (trx) => {
        await write(trx, rows);
        await repo.insertFiles(trx, rows);
      });
    } catch (err) {
      await store.remove(rows.map((r) => r.id));
      throw err;
    }
  }

  const touch = () => ({
    last_activity_on: today(),
    expires_on: addDays(today(), deps.retentionDays),
    warned_on: null,
  });

  async function caseFor(actor: Staff, id: string, allowed = canHandle): Promise<Testimony> {
    if (!allowed(actor)) throw forbidden();
    const row = /^[0-9a-f-]{36}$/.test(id) ? await repo.findTestimony(db, id) : undefined;
    if (!row) throw notFound('TESTIMONY_NOT_FOUND');
    return toTestimony(row);
  }

  async function addItem(
    t: Testimony,
    actor: Staff | null,
    kind: TestimonyItem['kind'],
    forOrg: string,
    forSurvivor: string | null,
    extra: { draftDigest?: string } = {},
    fileData: FileData[] = [],
  ) {
    const id = randomUUID();
    await withFiles(t.id, id, fileData, async (trx) => {
      if (kind === 'draft') await repo.withdrawDrafts(trx, t.id);
      await repo.insertItem(trx, {
        id,
        testimony_id: t.id,
        seq: await repo.nextSeq(trx, t.id),
        kind,
        staff_id: actor?.id ?? null,
        // Sealed to the key in force when written (the page offered the active key).
        org_key_id: (await repo.activeOrgKey(trx))?.id ?? t.orgKeyId,
        for_org: forOrg,
        for_survivor: forSurvivor,
        draft_digest: extra.draftDigest ?? null,
        draft_state: kind === 'draft' ? 'proposed' : null,
        created_on: today(),
      });
      await repo.updateTestimony(trx, t.id, touch());
    });
  }

  const api: TestimonyService = {
    async submit(s) {
      if (!isSealed(s.envelope, LIMITS.envelopeBytes))
        throw String(s.envelope).length > LIMITS.envelopeBytes * 2 ? tooBig() : badCipher();
      if (!isPublicKey(s.survivorPk) || !(CONSENTS as readonly string[]).includes(s.consent)) throw badCipher();
      checkFiles(s.files);
      const key = await repo.findOrgKey(db, s.orgKeyId);
      if (!key) throw fail('TESTIMONY_UNKNOWN_KEY');
      const receiptHash = await hasher.hashLookup(s.lookup);
      if (await repo.findByReceiptHash(db, receiptHash)) throw fail('TESTIMONY_REPLAYED');
      const id = randomUUID();
      const day = today();
      await withFiles(id, null, s.files, async (trx) => {
        await repo.insertTestimony(trx, {
          id,
          component_id: s.componentId,
          org_key_id: key.id,
          receipt_hash: receiptHash,
          survivor_pk: s.survivorPk,
          envelope: s.envelope,
          mode: s.mode,
          consent: s.consent,
          referral_ok: s.referralOk ? 1 : 0,
          status: 'new',
          priority: 'normal',
          assignee_id: null,
          referral_service_id: null,
          created_on: day,
          last_activity_on: day,
          expires_on: addDays(day, deps.retentionDays),
          warned_on: null,
        });
      });
      return { id };
    },

    async open(lookup) {
      const row = await repo.findByReceiptHash(db, await hasher.hashLookup(lookup));
      return row ? toTestimony(row) : null;
    },

    async thread(t) {
      const files = await repo.filesOf(db, t.id);
      return (await repo.itemsOf(db, t.id)).filter((i) => i.kind !== 'note').map((i) => toItem(i, files));
    },

    async refresh(t) {
      const row = await repo.findTestimony(db, t.id);
      if (!row) throw notFound('TESTIMONY_NOT_FOUND');
      return toTestimony(row);
    },

    async addMessage(t, m) {
      if (!isSealed(m.forOrg, LIMITS.messageEnvelopeBytes) || !isSealed(m.forSurvivor, LIMITS.messageEnvelopeBytes))
        throw badCipher();
      checkFiles(m.files);
      const existing = await repo.filesOf(db, t.id);
      if (existing.length + m.files.length > LIMITS.files * 4) throw fail('TESTIMONY_TOO_MANY_FILES');
      await addItem(t, null, 'message', m.forOrg, m.forSurvivor, {}, m.files);
    },

    async decideDraft(t, itemId, approve, published) {
      const item = await repo.findItem(db, itemId);
      if (!item || item.testimony_id !== t.id || item.kind !== 'draft') throw notFound('DRAFT_NOT_FOUND');
      if (item.draft_state !== 'proposed') throw fail('DRAFT_DECIDED');
      if (approve) {
        if (t.consent !== 'publish' || !published) throw forbidden();
        const warnings = published.warnings.filter((w) => (WARNINGS as readonly string[]).includes(w));
        if (digest(JSON.stringify({ text: published.text, warnings })) !== item.draft_digest)
          throw fail('DRAFT_MISMATCH');
        await db.transaction().execute(async (trx) => {
          if (!(await repo.setDraftState(trx, itemId, 'proposed', 'approved'))) throw fail('DRAFT_DECIDED');
          await repo.insertStory(trx, {
            id: randomUUID(),
            testimony_id: t.id,
            component_id: t.componentId,
            body: published.text,
            warnings: toJson(warnings),
            published_on: today(),
          });
          await repo.updateTestimony(trx, t.id, touch());
        });
        deps.onPublish?.();
      } else if (!(await repo.setDraftState(db, itemId, 'proposed', 'rejected'))) {
        throw fail('DRAFT_DECIDED');
      }
      await audit.record(survivor, approve ? 'testimony.publication_approved' : 'testimony.publication_rejected', {
        type: 'testimony',
        id: t.id,
      });
    },

    async deleteEverything(t) {
      const fileIds = (await repo.filesOf(db, t.id)).map((f) => f.id);
      await db.transaction().execute((trx) => repo.deleteEverything(trx, t.id));
      await store.remove(fileIds);
      await audit.record(
        survivor,
        'testimony.deleted_by_survivor',
        { type: 'testimony', id: t.id },
        { files: fileIds.length },
      );
      deps.onPublish?.();
    },

    spend: (token, expiresAtMs) => repo.spend(db, token, new Date(expiresAtMs).toISOString()),

    async inbox(actor, opts) {
      if (!canDraftPublication(actor)) throw forbidden();
      const statuses =
        opts.status && (STATUSES as readonly string[]).includes(opts.status)
          ? [opts.status]
          : opts.status === 'all'
            ? [...STATUSES]
            : ['new', 'in_progress', 'referred'];
      const page = Math.max(1, opts.page ?? 1);
      const { rows, total } = await repo.listTestimonies(db, {
        statuses,
        assigneeId: opts.mine ? actor.id : undefined,
        limit: 50,
        offset: (page - 1) * 50,
      });
      // Cases the retention job has warned about (it runs daily, WARN_DAYS ahead of deletion).
      const expiring = await repo.countWarned(db);
      return { items: rows.map(toTestimony), total, expiring };
    },

    async openCase(actor, id) {
      const testimony = await caseFor(actor, id, canDraftPublication);
      const files = await repo.filesOf(db, id);
      const items = (await repo.itemsOf(db, id)).map((i) => toItem(i, files));
      await audit.record(actor, 'testimony.open', { type: 'testimony', id });
      return {
        testimony,
        items,
        files: files.map((f) => ({ id: f.id, position: f.position, size: f.size, itemId: f.item_id })),
      };
    },

    async readContent(actor, id) {
      const testimony = await caseFor(actor, id, canDraftPublication);
      const files = await repo.filesOf(db, id);
      const items = (await repo.itemsOf(db, id)).map((i) => toItem(i, files));
      await audit.record(actor, 'testimony.read', { type: 'testimony', id }, { items: items.length });
      return { testimony, items };
    },

    async readFile(actor, testimonyId, fileId) {
      await caseFor(actor, testimonyId, canDraftPublication);
      const f = /^[0-9a-f-]{36}$/.test(fileId) ? await repo.findFile(db, fileId) : undefined;
      if (!f || f.testimony_id !== testimonyId) throw notFound('FILE_NOT_FOUND');
      await audit.record(actor, 'testimony.file_read', { type: 'testimony', id: testimonyId }, { file: fileId });
      return store.read(fileId);
    },

    async update(actor, id, change) {
      const t = await caseFor(actor, id);
      const patch: Record<string, unknown> = {};
      if (change.status !== undefined) {
        if (!(STATUSES as readonly string[]).includes(change.status)) throw fail('BAD_STATUS');
        if (change.status === 'referred' && !t.referralServiceId) throw fail('REFER_FIRST');
        patch.status = change.status;
      }
      if (change.priority !== undefined) {
        if (!(PRIORITIES as readonly string[]).includes(change.priority)) throw fail('BAD_PRIORITY');
        patch.priority = change.priority;
      }
      if (change.assigneeId !== undefined) patch.assignee_id = change.assigneeId;
      if (change.tags !== undefined) {
        const tags = [...new Set(change.tags.map((x) => x.trim().toLowerCase()).filter(Boolean))];
        if (tags.length > LIMITS.tags || tags.some((x) => x.length > LIMITS.tag || /[\u0000-\u001f<>]/.test(x)))
          throw fail('BAD_TAGS');
        patch.tags = toJson(tags);
      }
      await repo.updateTestimony(db, id, { ...patch, ...touch() });
      await audit.record(actor, 'testimony.update', { type: 'testimony', id }, change as Record<string, unknown>);
    },

    async addNote(actor, id, forOrg) {
      const t = await caseFor(actor, id);
      if (!sealedFor(LIMITS.note * 4)(forOrg)) throw badCipher();
      await addItem(t, actor, 'note', forOrg, null);
      await audit.record(actor, 'testimony.note', { type: 'testimony', id });
    },

    async addReply(actor, id, forOrg, forSurvivor) {
      const t = await caseFor(actor, id);
      if (!sealedFor(LIMITS.message * 4)(forOrg) || !sealedFor(LIMITS.message * 4)(forSurvivor)) throw badCipher();
      await addItem(t, actor, 'reply', forOrg, forSurvivor);
      if (t.status === 'new') await repo.updateTestimony(db, id, { status: 'in_progress' });
      await audit.record(actor, 'testimony.reply', { type: 'testimony', id });
    },

    async proposeDraft(actor, id, forOrg, forSurvivor, draftDigest) {
      const t = await caseFor(actor, id, canDraftPublication);
      if (t.consent !== 'publish') throw fail('NO_PUBLISH_CONSENT');
      if (
        !sealedFor(LIMITS.draft * 4)(forOrg) ||
        !sealedFor(LIMITS.draft * 4)(forSurvivor) ||
        typeof draftDigest !== 'string' ||
        !/^[0-9a-f]{64}$/.test(draftDigest)
      )
        throw badCipher();
      await addItem(t, actor, 'draft', forOrg, forSurvivor, { draftDigest });
      await audit.record(actor, 'testimony.draft_proposed', { type: 'testimony', id });
    },

    async refer(actor, id, serviceId, override) {
      const t = await caseFor(actor, id);
      if (!serviceId) throw fail('REFERRAL_SERVICE_REQUIRED');
      await deps.help.get(serviceId);
      if (!t.referralOk) {
        if (!override || !canOverrideReferral(actor)) throw fail('REFERRAL_NOT_CONSENTED');
      }
      await repo.updateTestimony(db, id, { referral_service_id: serviceId, status: 'referred', ...touch() });
      await audit.record(
        actor,
        t.referralOk ? 'testimony.referred' : 'testimony.referred_override',
        { type: 'testimony', id },
        { service: serviceId, consent: t.referralOk },
      );
    },

    async recordStats(actor, id, s) {
      const t = await caseFor(actor, id, canDraftPublication);
      if (!countsInStatistics(t.consent)) throw fail('NO_STATS_CONSENT');
      if (t.statsDone) return;
      const year = new Date().getUTCFullYear();
      const okYear = (y: number | null) => y === null || (Number.isInteger(y) && y >= 1950 && y <= year);
      if (
        !okYear(s.incidentYear) ||
        (s.relationship !== null && !(RELATIONSHIPS as readonly string[]).includes(s.relationship)) ||
        (s.delayMonths !== null && (!Number.isInteger(s.delayMonths) || s.delayMonths < 0 || s.delayMonths > 1200))
      ) {
        throw fail('BAD_STATS');
      }
      await db.transaction().execute(async (trx) => {
        await repo.insertStats(trx, {
          id: randomUUID(),
          testimony_id: id,
          incident_year: s.incidentYear,
          region: s.region,
          relationship: s.relationship === 'unsaid' ? null : s.relationship,
          police: s.police === null ? null : s.police ? 1 : 0,
          delay_months: s.delayMonths,
          told_year: Number(t.createdOn.slice(0, 4)),
        });
        await repo.updateTestimony(trx, id, { stats_done: 1 });
      });
      await audit.record(actor, 'testimony.stats_recorded', { type: 'testimony', id });
    },

    async promote(actor, id, p) {
      const t = await caseFor(actor, id, canPromote);
      if (t.consent !== 'publish') throw fail('NO_PUBLISH_CONSENT');
      const title = p.title.trim();
      const summary = p.summary.trim();
      if (!title || !summary || summary.length > LIMITS.summary || !/^\d{4}(-\d{2})?$/.test(p.date))
        throw fail('BAD_PROMOTION');
      let entityId: string;
      try {
        const entity = await deps.observatory.create(
          {
            kind: 'case',
            slug: `testimony-${randomUUID().slice(0, 8)}`,
            subtype: null,
            title: { [p.locale]: title },
            summary: { [p.locale]: summary },
            body: {},
            region: p.region,
            place: {},
            dateStart: p.date,
            dateEnd: null,
            details: {},
            steps: [],
            uncertainties: [],
          },
          actor,
        );
        entityId = entity.id;
      } catch (err) {
        if (err instanceof ValidationError) throw fail('BAD_PROMOTION');
        throw err;
      }
      await repo.insertPromotion(db, {
        id: randomUUID(),
        testimony_id: id,
        summary,
        observatory_id: entityId,
        created_by: actor.id,
        created_on: today(),
      });
      await audit.record(actor, 'testimony.promoted', { type: 'testimony', id }, { observatory: entityId });
      return entityId;
    },

    async extend(actor, id) {
      await caseFor(actor, id);
      await repo.updateTestimony(db, id, touch());
      await audit.record(actor, 'testimony.extended', { type: 'testimony', id });
    },

    async stories(componentId, limit = 50) {
      return (await repo.stories(db, componentId, limit)).map((r) => ({
        id: r.id,
        componentId: r.component_id,
        body: r.body,
        warnings: parseJson(r.warnings, []),
        publishedOn: r.published_on,
      }));
    },
    countStories: (componentId) => repo.countStories(db, componentId),

    async statistics(regions) {
      return computeStatistics(await repo.allStats(db), { regions, relationships: RELATIONSHIPS });
    },

    async promotions() {
      return (await repo.promotions(db)).map((p) => ({
        id: p.id,
        summary: p.summary,
        observatoryId: p.observatory_id,
        createdOn: p.created_on,
      }));
    },

    async runRetention(now = Date.now()) {
      const day = today(now);
      const result: RetentionResult = { warned: 0, expired: 0, files: 0, extended: 0 };
      for (const r of await repo.expiringBy(db, addDays(day, WARN_DAYS))) {
        const t = toTestimony(r);
        if (t.status === 'in_progress' || t.status === 'referred') {
          // An active case does not expire: its clock restarts.
          await repo.updateTestimony(db, t.id, { expires_on: addDays(day, deps.retentionDays), warned_on: null });
          result.extended++;
        } else if (t.expiresOn <= day) {
          const fileIds = (await repo.filesOf(db, t.id)).map((f) => f.id);
          await db.transaction().execute((trx) => repo.expire(trx, t.id));
          await store.remove(fileIds);
          result.expired++;
          result.files += fileIds.length;
        } else if (!t.warnedOn) {
          await repo.updateTestimony(db, t.id, { warned_on: day });
          result.warned++;
        }
      }
      await repo.purgeSpent(db, new Date(now).toISOString());
      if (result.expired) {
        await repo.logExpiry(db, { id: randomUUID(), day, testimonies: result.expired, files: result.files });
        deps.onPublish?.();
      }
      // Counts only: which testimonies expired is exactly what must not be kept.
      if (result.expired || result.warned)
        await audit.record({ system: 'retention' }, 'testimony.retention', null, { ...result });
      return result;
    },

    async expiryLog() {
      return (await repo.expiryLog(db)).map((r) => ({ day: r.day, testimonies: r.testimonies, files: r.files }));
    },
  };
  return api;
}
