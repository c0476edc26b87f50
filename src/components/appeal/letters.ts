// Writing and sending letters: a letter the supporter made their own (not the template), sent
// three ways (their own mail app, the server once they confirm their address, eOtinish), within
// limits per address, per sender and per official; unsent letters expire and sealed contents are wiped.
import { createHmac } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { Config } from '../../config.ts';
import type { I18n } from '../../i18n/translator.ts';
import { type MailService, normaliseEmail } from '../../core/mail/index.ts';
import type { RegionsService } from '../../core/regions/index.ts';
import { deriveKey, type IpHasher } from '../../core/privacy/index.ts';
import type { SharedStore } from '../../db/shared-store.ts';
import { isoAt, newId, nowIso } from '../../db/portable.ts';
import { ValidationError, fail } from '../../core/errors.ts';
import { createRateLimit } from '../../http/rate-limit.ts';
import { contentLocale, isLocale, pick, type UiLocale } from '../../i18n/locales.ts';
import {
  CHANNELS,
  CONTROL_CHARS,
  FOLLOW_UP_DAYS,
  type Channel,
  type LetterContent,
  type LetterState,
  type WriteInput,
} from './appeal.ts';
import type { AppealTargets } from './appeal-targets.ts';
import * as repo from './appeal.repository.ts';
import type { SealedLetters } from './sealed-letters.ts';
import { hasPlaceholders, MAX_SIMILARITY, similarity } from './similarity.ts';

/** What sending letters uses. */
export interface LettersDeps {
  db: Db;
  config: Config;
  i18n: I18n;
  mail: MailService;
  regions: RegionsService;
  ipHasher: IpHasher;
  shared: SharedStore;
}

/** Letters a sender may send through the server to one appeal per day; letters per official per hour. */
export const SENDER_DAILY = 3;
export const RECIPIENT_HOURLY = 60;
const LETTER_TTL_MS = 7 * 86_400_000;

export function createLetters(
  { db, config, i18n, mail, regions, ipHasher, shared }: LettersDeps,
  targets: Pick<AppealTargets, 'getPublic' | 'recipientsFor'>,
  sealed: SealedLetters,
) {
  const senderMac = deriveKey(config.secret, 'appeal-sender');
  const senderKey = (normalised: string) => createHmac('sha256', senderMac).update(normalised).digest('base64url');
  const perIp = createRateLimit({ limit: 10, windowMs: 3_600_000, name: 'appeal.ip', store: shared });

  const letters = {
    async write(
      id: string,
      input: WriteInput,
      { ip, locale }: { ip: string; locale: UiLocale },
    ): Promise<{ channel: Channel; token: string }> {
      const appeal = await targets.getPublic(id);
      if (appeal.campaign.status !== 'live') throw fail('APPEAL_CLOSED');
      const fields: Record<string, string> = {};
      // The letter itself is in a content language (an official reads Kazakh in Cyrillic).
      const lang = isLocale(input.lang) ? input.lang : contentLocale(locale);
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
      else if (CONTROL_CHARS.test(body)) fields.body = 'form.error.control_chars';
      else if (hasPlaceholders(body)) fields.body = 'appeal.error.placeholders';
      else if (body.length < 100) fields.body = 'appeal.error.too_short';
      else if ((sim = similarity(body, template)) >= MAX_SIMILARITY) fields.body = 'appeal.error.too_similar';
      const name = (input.name ?? '').trim().replace(/\s+/g, ' ');
      if (!name) fields.name = 'form.error.required';
      else if (name.length > 100) fields.name = 'form.error.too_long';
      else if (CONTROL_CHARS.test(name) || /^[=+\-@]/.test(name)) fields.name = 'form.error.invalid';
      const rawEmail = (input.email ?? '').trim();
      const email = rawEmail ? normaliseEmail(rawEmail) : null;
      if (rawEmail && !email) fields.email = 'form.error.email';
      if (channel === 'smtp' && !rawEmail) fields.email = 'appeal.error.email_for_smtp';
      const recipients = fields.region ? [] : await targets.recipientsFor(appeal, region);
      if (!fields.region && !recipients.length) fields.region = 'appeal.error.no_recipients';
      if (channel === 'smtp' && recipients.length && !recipients.some((r) => r.email))
        fields.channel = 'appeal.error.no_email_recipients';
      if (Object.keys(fields).length) throw new ValidationError(fields);

      const ipHash = await ipHasher.hash(ip);
      const hit = await perIp.hit(`${id}:${ipHash}`);
      if (!hit.allowed) throw fail('APPEAL_RATE_LIMITED', { seconds: hit.retryAfter });
      const sender = email ? senderKey(email.normalised) : null;
      if (
        channel === 'smtp' &&
        sender &&
        (await repo.countBySender(db, id, sender, isoAt(Date.now() - 86_400_000))) >= SENDER_DAILY
      ) {
        throw fail('SENDER_LIMIT', { seconds: 86_400, count: SENDER_DAILY });
      }
      const targeted = channel === 'smtp' ? recipients.filter((r) => r.email) : recipients;
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
            sealed: sealed.seal({ ...content, email: wantsFollowup || channel === 'smtp' ? content.email : null }),
            similarity: Math.round(sim * 1000) / 1000,
            ip_hash: ipHash,
            created_at: now,
            sent_at: null,
            followup_due_at: null,
            followup_sent_at: null,
            answered_at: null,
          },
          targeted.map((r) => r.id),
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
                count: targeted.length,
                link: sealed.link(locale, `/appeals/send/${sealed.token('letter-confirm', letterId)}`),
              }),
            },
          ]);
        }
      });
      return { channel, token: sealed.token(channel === 'smtp' ? 'letter-confirm' : 'letter', letterId) };
    },

    inspectLetter: (purpose: 'letter' | 'letter-confirm', token: string): Promise<LetterState> =>
      sealed.state(purpose, token, LETTER_TTL_MS),

    /** mailto / eOtinish: the supporter says they sent it. */
    async markSent(token: string): Promise<LetterState> {
      const state = await letters.inspectLetter('letter', token);
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

    /** SMTP: the sender confirmed their address; the server sends the letter. */
    async confirmAndSend(token: string): Promise<LetterState> {
      const state = await letters.inspectLetter('letter-confirm', token);
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

    async maintain(now = new Date()): Promise<{ expired: number; wiped: number }> {
      const expired = await repo.expireUnsent(db, isoAt(now.getTime() - LETTER_TTL_MS));
      const wiped = await repo.wipeSealed(
        db,
        isoAt(now.getTime() - 30 * 86_400_000),
        isoAt(now.getTime() - 2 * 86_400_000),
      );
      return { expired, wiped };
    },
  };
  return letters;
}
