// Appeals to officials: the recipients directory (with CSV import), appeals that target a body,
// the officials of the supporter's region or named people, letters the supporter must make their
// own, three ways to send them (own mail app, the server after email confirmation, eOtinish), the
// count per channel, the 14-day "did you get a reply?" follow-up and each recipient's reply rate.
import { createHmac } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { Config } from '../../config.ts';
import type { I18n } from '../../i18n/translator.ts';
import type { MailService } from '../../core/mail/mail.service.ts';
import type { AuditService } from '../../core/accounts/audit.service.ts';
import type { CampaignsService } from '../../core/campaigns/campaigns.service.ts';
import type { RegionsService } from '../../core/regions/regions.service.ts';
import type { IpHasher } from '../../core/privacy/ip-hash.service.ts';
import { can } from '../../core/accounts/accounts.permissions.ts';
import type { Staff } from '../../core/accounts/roles.ts';
import { normaliseEmail } from '../../core/mail/address.ts';
import { createLinkTokens, type TokenPurpose } from '../../core/privacy/link-tokens.ts';
import { deriveKey, secretBox } from '../../core/privacy/secret-box.ts';
import { isoAt, newId, nowIso, parseJson, toJson } from '../../db/portable.ts';
import { forbidden, notFound, ValidationError, fail } from '../../core/errors.ts';
import { createRateLimit } from '../../http/rate-limit.ts';
import { isLocale, pick, type Locale } from '../../i18n/locales.ts';
import {
  BODIES,
  CHANNELS,
  FOLLOW_UP_DAYS,
  isCurrent,
  type AppealSettings,
  type AppealSummary,
  type AppealView,
  type Channel,
  type ImportResult,
  type LetterContent,
  type LetterState,
  type Recipient,
  type RecipientInput,
  type ReplyRow,
  type WriteInput,
} from './appeal.ts';
import * as repo from './appeal.repository.ts';
import { parseRecipientsCsv } from './recipients-csv.ts';
import { hasPlaceholders, MAX_SIMILARITY, similarity } from './similarity.ts';

export interface AppealsService {
  listRecipients(opts?: { body?: string; region?: string; currentOnly?: boolean }): Promise<Recipient[]>;
  getRecipient(id: string): Promise<Recipient>;
  saveRecipient(id: string | null, form: Record<string, string>, actor: Staff): Promise<Recipient>;
  importCsv(text: string, actor: Staff): Promise<ImportResult>;

  get(id: string): Promise<AppealView>;
  getPublic(id: string): Promise<AppealView>;
  summary(id: string): Promise<AppealSummary>;
  /** Who a letter goes to: the body's officials, those of the supporter's region, or the named people. */
  recipientsFor(appeal: AppealView, region?: string): Promise<Recipient[]>;
  setNamed(id: string, recipientIds: string[], actor: Staff): Promise<void>;
  replyTable(id: string): Promise<ReplyRow[]>;

  write(
    id: string,
    input: WriteInput,
    meta: { ip: string; locale: Locale },
  ): Promise<{ channel: Channel; token: string }>;
  inspectLetter(purpose: 'letter' | 'letter-confirm', token: string): Promise<LetterState>;
  /** mailto / eOtinish: the supporter says they sent it. */
  markSent(token: string): Promise<LetterState>;
  /** SMTP: the sender confirmed their address; the server sends the letter. */
  confirmAndSend(token: string): Promise<LetterState>;
  inspectReply(token: string): Promise<LetterState>;
  recordReplies(token: string, answers: Record<string, string>): Promise<LetterState>;

  followups(now?: Date): Promise<number>;
  maintain(now?: Date): Promise<{ expired: number; wiped: number }>;
}

/** What appeals use from the platform and the core modules. */
export interface AppealDeps {
  db: Db;
  config: Config;
  i18n: I18n;
  mail: MailService;
  audit: AuditService;
  campaigns: CampaignsService;
  regions: RegionsService;
  ipHasher: IpHasher;
}

const toRecipient = (r: repo.RecipientRow): Recipient => ({
  id: r.id,
  externalKey: r.external_key,
  kind: r.kind as Recipient['kind'],
  body: r.body as Recipient['body'],
  name: parseJson(r.name, {}),
  position: parseJson(r.position, {}),
  organisation: parseJson(r.organisation, {}),
  region: r.region,
  languages: r.languages.split(',').filter(isLocale),
  email: r.email,
  postalAddress: r.postal_address,
  termStart: r.term_start,
  termEnd: r.term_end,
  active: r.active === 1,
});

const recipientColumns = (i: RecipientInput) => ({
  external_key: i.externalKey,
  kind: i.kind,
  body: i.body,
  name: toJson(i.name),
  position: toJson(i.position),
  organisation: toJson(i.organisation),
  region: i.region,
  languages: i.languages.join(','),
  email: i.email,
  postal_address: i.postalAddress,
  term_start: i.termStart,
  term_end: i.termEnd,
  active: i.active ? 1 : 0,
});

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Letters a sender may send through the server to one appeal per day; letters per official per hour. */
export const SENDER_DAILY = 3;
export const RECIPIENT_HOURLY = 60;
const LETTER_TTL_MS = 7 * 86_400_000;

export function createAppealsService(deps: AppealDeps): AppealsService {
  const { db, config, i18n, mail, audit, campaigns, regions, ipHasher } = deps;
  const box = secretBox(config.secret, 'appeal-letters');
  const senderMac = deriveKey(config.secret, 'appeal-sender');
  const senderKey = (normalised: string) => createHmac('sha256', senderMac).update(normalised).digest('base64url');
  const tokens = createLinkTokens(config.secret);
  const perIp = createRateLimit({ limit: 10, windowMs: 3_600_000 });
  const link = (locale: string, path: string) => `${config.baseUrl}/${locale}${path}`;

  async function load(id: string): Promise<AppealView> {
    const component = await campaigns.getComponent(id);
    if (component.type !== 'appeal') throw notFound('APPEAL_NOT_FOUND');
    let row = await repo.findAppeal(db, id);
    if (!row) {
      const now = nowIso();
      await repo.insertAppeal(db, {
        component_id: id,
        campaign_id: component.campaignId,
        named_recipients: '[]',
        created_at: now,
        updated_at: now,
      });
      row = (await repo.findAppeal(db, id))!;
    }
    return {
      id,
      campaign: await campaigns.getById(component.campaignId),
      settings: component.settings as AppealSettings,
      published: component.status === 'published',
      namedRecipients: parseJson(row.named_recipients, []),
    };
  }

  function validateRecipient(form: Record<string, string>): { input: RecipientInput; fields: Record<string, string> } {
    const fields: Record<string, string> = {};
    const v = (k: string) => (form[k] ?? '').trim();
    for (const [k, value] of Object.entries(form)) if (CONTROL.test(value)) fields[k] = 'form.error.control_chars';
    const tr = (name: string, max: number) => {
      const out = { kk: v(`${name}_kk`), ru: v(`${name}_ru`), en: v(`${name}_en`) };
      for (const l of ['kk', 'ru', 'en'] as const)
        if (out[l].length > max) fields[`${name}_${l}`] = 'form.error.too_long';
      return out;
    };
    const name = tr('name', 200);
    if (!name.kk && !name.ru && !name.en) fields.name_kk = 'appeal.import.error.name';
    const body = v('body');
    if (!(BODIES as readonly string[]).includes(body)) fields.body = 'form.error.choice';
    const kind = v('kind') || 'person';
    if (kind !== 'person' && kind !== 'body') fields.kind = 'form.error.choice';
    const region = v('region') || null;
    if (region && !regions.isValid(region)) fields.region = 'form.error.choice';
    const email = v('email') || null;
    if (email && !normaliseEmail(email)) fields.email = 'form.error.email';
    const languages = ['kk', 'ru', 'en'].filter((l) => form[`lang_${l}`]) as Locale[];
    if (!languages.length) fields.lang_kk = 'appeal.error.languages';
    const date = (k: string) => {
      const d = v(k) || null;
      if (d && !/^\d{4}-\d{2}-\d{2}$/.test(d)) fields[k] = 'form.error.date';
      return d;
    };
    const termStart = date('term_start');
    const termEnd = date('term_end');
    if (termStart && termEnd && termEnd < termStart && !fields.term_end)
      fields.term_end = 'form.error.end_before_start';
    const postal = v('postal_address') || null;
    if (postal && postal.length > 500) fields.postal_address = 'form.error.too_long';
    const key = v('external_key') || null;
    if (key && key.length > 100) fields.external_key = 'form.error.too_long';
    return {
      fields,
      input: {
        externalKey: key,
        kind: kind as Recipient['kind'],
        body: body as Recipient['body'],
        name,
        position: tr('position', 300),
        organisation: tr('organisation', 300),
        region,
        languages,
        email,
        postalAddress: postal,
        termStart,
        termEnd,
        active: !!form.active,
      },
    };
  }

  function requireDirectory(actor: Staff) {
    if (!can(actor, 'recipients.manage')) throw forbidden();
  }

  async function letterState(purpose: TokenPurpose, token: string, ttl?: number): Promise<LetterState> {
    const check = tokens.check(purpose, token, ttl);
    if (!check.ok) return { kind: check.reason };
    const letter = await repo.findLetter(db, check.id);
    if (!letter) return { kind: 'invalid' };
    const appeal = await load(letter.appeal_id);
    const links = await repo.letterRecipients(db, letter.id);
    const recipients = (
      await repo.recipientsByIds(
        db,
        links.map((l) => l.recipient_id),
      )
    ).map(toRecipient);
    const content = letter.sealed ? parseJson<LetterContent | null>(box.open(letter.sealed), null) : null;
    const base = {
      appeal,
      letterId: letter.id,
      locale: (isLocale(letter.locale) ? letter.locale : 'kk') as Locale,
      channel: letter.channel as Channel,
      content,
      recipients,
    };
    if (letter.status === 'expired' || (!content && letter.status !== 'sent')) return { kind: 'gone', ...base };
    if (letter.status === 'sent') return { kind: 'sent', ...base };
    return { kind: 'ready', ...base };
  }

  const service: AppealsService = {
    async listRecipients(opts = {}) {
      const rows = (await repo.listRecipients(db, { body: opts.body, region: opts.region })).map(toRecipient);
      return opts.currentOnly ? rows.filter((r) => isCurrent(r)) : rows;
    },

    async getRecipient(id) {
      const row = await repo.findRecipient(db, id);
      if (!row) throw notFound();
      return toRecipient(row);
    },

    async saveRecipient(id, form, actor) {
      requireDirectory(actor);
      const { input, fields } = validateRecipient(form);
      if (input.externalKey) {
        const other = await repo.findRecipientByKey(db, input.externalKey);
        if (other && other.id !== id) fields.external_key = 'appeal.error.key_taken';
      }
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const now = nowIso();
      const rid = id ?? newId();
      if (id) {
        await service.getRecipient(id);
        await repo.updateRecipient(db, id, { ...recipientColumns(input), updated_at: now });
      } else await repo.insertRecipient(db, { id: rid, ...recipientColumns(input), created_at: now, updated_at: now });
      await audit.record(
        actor,
        id ? 'appeal.recipient.update' : 'appeal.recipient.create',
        { type: 'appeal_recipient', id: rid },
        { body: input.body },
      );
      return service.getRecipient(rid);
    },

    async importCsv(text, actor) {
      requireDirectory(actor);
      if (!text.trim()) throw new ValidationError({ csv: 'form.error.required' });
      if (text.length > 2_000_000) throw new ValidationError({ csv: 'form.error.too_long' });
      const parsed = parseRecipientsCsv(text, (c) => regions.isValid(c));
      let created = 0;
      let updated = 0;
      await db.transaction().execute(async (trx) => {
        const now = nowIso();
        for (const { input } of parsed.rows) {
          const existing =
            (input.externalKey && (await repo.findRecipientByKey(trx, input.externalKey))) ||
            (!input.externalKey && input.email && (await repo.findRecipientByEmail(trx, input.email))) ||
            null;
          if (existing) {
            await repo.updateRecipient(trx, existing.id, {
              ...recipientColumns({ ...input, externalKey: input.externalKey ?? existing.external_key }),
              updated_at: now,
            });
            updated++;
          } else {
            await repo.insertRecipient(trx, {
              id: newId(),
              ...recipientColumns(input),
              created_at: now,
              updated_at: now,
            });
            created++;
          }
        }
      });
      await audit.record(actor, 'appeal.recipient.import', null, { created, updated, errors: parsed.errors.length });
      return { created, updated, errors: parsed.errors };
    },

    get: load,

    async getPublic(id) {
      const a = await load(id);
      if (!a.published || a.campaign.status === 'draft') throw notFound('APPEAL_NOT_FOUND');
      return a;
    },

    async summary(id) {
      const a = await load(id);
      const sent = await repo.sentByChannel(db, id);
      const letters = Object.fromEntries(CHANNELS.map((c) => [c, sent[c] ?? 0])) as Record<Channel, number>;
      const recipients =
        a.settings.target_mode === 'regional'
          ? (await service.listRecipients({ body: a.settings.target_body, currentOnly: true })).length
          : (await service.recipientsFor(a)).length;
      return { id, namedRecipients: a.namedRecipients, letters, recipients };
    },

    async recipientsFor(appeal, region) {
      const s = appeal.settings;
      if (s.target_mode === 'named')
        return (await repo.recipientsByIds(db, appeal.namedRecipients)).map(toRecipient).filter((r) => isCurrent(r));
      const all = await service.listRecipients({ body: s.target_body, currentOnly: true });
      if (s.target_mode === 'body') return all;
      return region ? all.filter((r) => r.region === region) : [];
    },

    async setNamed(id, recipientIds, actor) {
      const a = await load(id);
      if (!can(actor, 'component.manage', a.campaign)) throw forbidden();
      const known = new Set((await repo.recipientsByIds(db, recipientIds.slice(0, 500))).map((r) => r.id));
      const ids = recipientIds.filter((r) => known.has(r));
      await repo.updateAppeal(db, id, { named_recipients: toJson(ids), updated_at: nowIso() });
      await audit.record(actor, 'appeal.recipients.set', { type: 'appeal', id }, { count: ids.length });
    },

    async replyTable(id) {
      const rows = await repo.replyTable(db, id);
      const recipients = new Map(
        (
          await repo.recipientsByIds(
            db,
            rows.map((r) => r.recipientId),
          )
        ).map((r) => [r.id, toRecipient(r)]),
      );
      return rows
        .filter((r) => recipients.has(r.recipientId))
        .map((r) => ({ recipient: recipients.get(r.recipientId)!, sent: r.sent, known: r.known, replied: r.replied }));
    },

    async write(id, input, { ip, locale }) {
      const appeal = await service.getPublic(id);
      if (appeal.campaign.status !== 'live') throw fail('APPEAL_CLOSED');
      const fields: Record<string, string> = {};
      const lang = isLocale(input.lang) ? input.lang : locale;
      const channel = input.channel as Channel;
      if (!(CHANNELS as readonly string[]).includes(channel)) fields.channel = 'appeal.error.channel';
      const region = input.region || undefined;
      if (appeal.settings.target_mode === 'regional' && (!region || !regions.isValid(region)))
        fields.region = 'appeal.error.region';
      const body = (input.body ?? '').replace(/\r\n/g, '\n').trim();
      const template = pick(appeal.settings.template, lang).text;
      let sim = 0;
      if (!body) fields.body = 'form.error.required';
      else if (body.length > 10_000) fields.body = 'form.error.too_long';
      else if (CONTROL.test(body)) fields.body = 'form.error.control_chars';
      else if (hasPlaceholders(body)) fields.body = 'appeal.error.placeholders';
      else if (body.length < 100) fields.body = 'appeal.error.too_short';
      else if ((sim = similarity(body, template)) >= MAX_SIMILARITY) fields.body = 'appeal.error.too_similar';
      const name = (input.name ?? '').trim().replace(/\s+/g, ' ');
      if (!name) fields.name = 'form.error.required';
      else if (name.length > 100) fields.name = 'form.error.too_long';
      else if (CONTROL.test(name) || /^[=+\-@]/.test(name)) fields.name = 'form.error.invalid';
      const rawEmail = (input.email ?? '').trim();
      const email = rawEmail ? normaliseEmail(rawEmail) : null;
      if (rawEmail && !email) fields.email = 'form.error.email';
      if (channel === 'smtp' && !rawEmail) fields.email = 'appeal.error.email_for_smtp';
      const recipients = fields.region ? [] : await service.recipientsFor(appeal, region);
      if (!fields.region && !recipients.length) fields.region = 'appeal.error.no_recipients';
      if (channel === 'smtp' && recipients.length && !recipients.some((r) => r.email))
        fields.channel = 'appeal.error.no_email_recipients';
      if (Object.keys(fields).length) throw new ValidationError(fields);

      const ipHash = await ipHasher.hash(ip);
      const hit = perIp.hit(`${id}:${ipHash}`);
      if (!hit.allowed) throw fail('APPEAL_RATE_LIMITED', { seconds: hit.retryAfter });
      const sender = email ? senderKey(email.normalised) : null;
      if (
        channel === 'smtp' &&
        sender &&
        (await repo.countBySender(db, id, sender, isoAt(Date.now() - 86_400_000))) >= SENDER_DAILY
      ) {
        throw fail('SENDER_LIMIT', { seconds: 86_400, count: SENDER_DAILY });
      }
      const targets = channel === 'smtp' ? recipients.filter((r) => r.email) : recipients;
      const letterId = newId();
      const now = nowIso();
      const subject = pick(appeal.settings.subject, lang).text;
      const content: LetterContent = { subject, body, name, email: email?.address ?? null };
      const wantsFollowup = !!email && (channel === 'smtp' || !!input.followup);
      await db.transaction().execute(async (trx) => {
        await repo.insertLetter(
          trx,
          {
            id: letterId,
            appeal_id: id,
            channel,
            status: channel === 'smtp' ? 'pending' : 'prepared',
            locale: lang,
            sender_key: sender,
            sealed: box.seal(toJson({ ...content, email: wantsFollowup || channel === 'smtp' ? content.email : null })),
            similarity: Math.round(sim * 1000) / 1000,
            ip_hash: ipHash,
            created_at: now,
            sent_at: null,
            followup_due_at: null,
            followup_sent_at: null,
            answered_at: null,
          },
          targets.map((r) => r.id),
        );
        if (channel === 'smtp') {
          const t = i18n.translator(locale);
          await mail.queue(trx, [
            {
              to: email!.address,
              category: 'appeal.confirm',
              subject: t('appeal.mail.confirm.subject', { subject }),
              text: t('appeal.mail.confirm.text', {
                subject,
                count: targets.length,
                link: link(locale, `/appeals/send/${tokens.issue('letter-confirm', letterId)}`),
              }),
            },
          ]);
        }
      });
      return { channel, token: tokens.issue(channel === 'smtp' ? 'letter-confirm' : 'letter', letterId) };
    },

    inspectLetter: (purpose, token) => letterState(purpose, token, LETTER_TTL_MS),

    async markSent(token) {
      const state = await service.inspectLetter('letter', token);
      if (state.kind !== 'ready' || state.channel === 'smtp') return state;
      const now = nowIso();
      const followup = state.content?.email ? isoAt(Date.now() + FOLLOW_UP_DAYS * 86_400_000) : null;
      if (
        await repo.updateLetter(
          db,
          state.letterId,
          { status: 'sent', sent_at: now, followup_due_at: followup },
          'prepared',
        )
      ) {
        for (const r of state.recipients) await repo.setRecipientSent(db, state.letterId, r.id, now);
      }
      return { ...state, kind: 'sent' };
    },

    async confirmAndSend(token) {
      const state = await service.inspectLetter('letter-confirm', token);
      if (state.kind !== 'ready' || state.channel !== 'smtp' || !state.content) return state;
      const c = state.content;
      const now = Date.now();
      let scheduled = false;
      await db.transaction().execute(async (trx) => {
        if (
          !(await repo.updateLetter(
            trx,
            state.letterId,
            { status: 'sent', sent_at: isoAt(now), followup_due_at: isoAt(now + FOLLOW_UP_DAYS * 86_400_000) },
            'pending',
          ))
        )
          return;
        const messages = [];
        for (const r of state.recipients) {
          if (!r.email) continue;
          // Each official gets at most RECIPIENT_HOURLY letters an hour through this server; more wait for a later hour.
          let slot = Math.floor(now / 3_600_000) * 3_600_000;
          for (
            let i = 0;
            i < 48 &&
            (await repo.countToRecipient(trx, r.id, isoAt(slot), isoAt(slot + 3_600_000))) >= RECIPIENT_HOURLY;
            i++
          )
            slot += 3_600_000;
          const at = Math.max(now, slot);
          if (at > now) scheduled = true;
          await repo.setRecipientSent(trx, state.letterId, r.id, isoAt(at));
          const t = i18n.translator(state.locale);
          messages.push({
            to: r.email,
            replyTo: c.email ?? undefined,
            category: 'appeal.letter',
            subject: c.subject,
            text: `${c.body}\n\n${c.name}\n${c.email ?? ''}\n\n--\n${t('appeal.mail.letter.footer')}`,
            notBefore: new Date(at),
          });
        }
        await mail.queue(trx, messages);
      });
      return { ...state, kind: 'sent', scheduled };
    },

    async inspectReply(token) {
      return letterState('letter-reply', token);
    },

    async recordReplies(token, answers) {
      const state = await service.inspectReply(token);
      if (state.kind !== 'sent') return state;
      for (const r of state.recipients) {
        const a = answers[`r_${r.id}`];
        if (a === 'yes' || a === 'no') await repo.setReplied(db, state.letterId, r.id, a === 'yes' ? 1 : 0);
      }
      await repo.updateLetter(db, state.letterId, { answered_at: nowIso() });
      return state;
    },

    async followups(now = new Date()) {
      let n = 0;
      for (const l of await repo.dueFollowups(db, now.toISOString(), 200)) {
        const content = parseJson<LetterContent | null>(box.open(l.sealed!), null);
        const locale = (isLocale(l.locale) ? l.locale : 'kk') as Locale;
        if (content?.email) {
          const t = i18n.translator(locale);
          await mail.queue(db, [
            {
              to: content.email,
              category: 'appeal.followup',
              subject: t('appeal.mail.followup.subject', { subject: content.subject }),
              text: t('appeal.mail.followup.text', {
                subject: content.subject,
                link: link(locale, `/appeals/replies/${tokens.issue('letter-reply', l.id)}`),
              }),
            },
          ]);
          n++;
        }
        // Only the reply link is needed from now on: the letter and the address are wiped.
        await repo.updateLetter(db, l.id, {
          followup_sent_at: now.toISOString(),
          sealed: box.seal(toJson({ ...(content ?? {}), body: '', email: null })),
        });
      }
      return n;
    },

    async maintain(now = new Date()) {
      const expired = await repo.expireUnsent(db, isoAt(now.getTime() - LETTER_TTL_MS));
      const wiped = await repo.wipeSealed(
        db,
        isoAt(now.getTime() - 30 * 86_400_000),
        isoAt(now.getTime() - 2 * 86_400_000),
      );
      return { expired, wiped };
    },
  };

  return service;
}
