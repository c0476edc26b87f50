// Signing: the proof-of-work challenge, validation and the integrity layers (rate limits, lists,
// quarantine), append-only signature rows written by group commit with the mail that goes with
// each, and the confirm and withdraw links (acted on by POST, so mail scanners confirm nothing).
import { isDisposableDomain, type MailMessage, normaliseEmail } from '../../core/mail/index.ts';
import type { TokenCheck } from '../../core/privacy/index.ts';
import { fail, ValidationError } from '../../core/errors.ts';
import { newId, nowIso, toJson } from '../../db/portable.ts';
import { isUiLocale, pickText, type UiLocale } from '../../i18n/locales.ts';
import { groupCommit } from './group-commit.ts';
import {
  cleanName,
  createMailLimiter,
  createSigningLimiter,
  displayName,
  nameProblem,
  quarantineReasons,
} from './integrity.ts';
import type { PetitionContext } from './petition.context.ts';
import { ABROAD, type PetitionView } from './petition.ts';
import * as repo from './petition.repository.ts';
import { createPow, type PowChallenge } from './pow.ts';

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

export interface PetitionSigning {
  challenge(): Promise<PowChallenge>;
  /** Validates and stores a signature (or handles a duplicate); the same neutral outcome either way. */
  sign(id: string, input: SignInput, meta: { ip: string; locale: UiLocale }): Promise<void>;
  inspectLink(purpose: 'confirm' | 'withdraw', token: string): Promise<LinkState>;
  confirm(token: string): Promise<LinkState>;
  withdraw(token: string): Promise<LinkState>;
  /** Writes every signature and confirmation queued so far. */
  flush(): Promise<void>;
}

interface PendingSignature {
  row: Parameters<typeof repo.insertSignatures>[1][number];
  address: string;
  title: string;
}

export function createSigning(ctx: PetitionContext): PetitionSigning {
  const { db, writer, config, i18n, mail, regions, ipHasher, shared } = ctx.deps;
  const { box, tokens, link } = ctx;
  const pow = createPow({ secret: config.secret, maxNumber: config.petitions.powMaxNumber, store: shared });
  const limiter = createSigningLimiter(shared);
  const mailLimiter = createMailLimiter(shared);
  const confirmTtl = config.petitions.confirmDays * 86_400_000;

  function confirmMail(locale: UiLocale, address: string, title: string, sigId: string, again: boolean): MailMessage {
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

  function alreadyMail(locale: UiLocale, address: string, title: string, sigId: string): MailMessage {
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
        const locale: UiLocale = isUiLocale(item.row.locale) ? item.row.locale : 'kk';
        if (inserted.has(item.row.id)) {
          mails.push(confirmMail(locale, item.address, item.title, item.row.id, false));
          continue;
        }
        const prior = existing.get(`${item.row.petition_id}:${item.row.email_key}`);
        if (!prior || !(await mailLimiter(item.row.email_key))) continue;
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

  const signing: PetitionSigning = {
    challenge: () => pow.challenge(),

    async sign(id, input, { ip, locale }) {
      const m = await ctx.loadPublic(id);
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
      const limit = await limiter.check(id, ipHash, prefixHash, solved);
      if (limit.refuse) throw fail('PETITION_RATE_LIMITED', { seconds: limit.retryAfter });
      const key = ctx.emailKey(email!.normalised);
      const reasons = quarantineReasons({
        entries: await ctx.lists.entries(),
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
      const m = await ctx.load(sig.petition_id);
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
      const state = await signing.inspectLink('confirm', token);
      if (state.kind !== 'ready') return state;
      const changed = await confirmations.push(state.signatureId);
      ctx.dirty.add(state.petition.id);
      return changed ? state : signing.inspectLink('confirm', token);
    },

    async withdraw(token) {
      const state = await signing.inspectLink('withdraw', token);
      if (state.kind !== 'ready') return state;
      await repo.withdrawSignature(db, state.signatureId, nowIso());
      ctx.dirty.add(state.petition.id);
      return { ...state, kind: 'withdrawn' };
    },

    async flush() {
      await signatures.flush();
      await confirmations.flush();
    },
  };
  return signing;
}
