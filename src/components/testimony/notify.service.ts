// Caseworkers hear by e-mail that something waits in the inbox — never what, which or how many.
// A stored testimony or survivor's message, and retention flagging cases for deletion, each raise a
// counter that names nothing; each key holder's state says which counter values she was told of (or
// saw by opening the inbox). A job compares the two and queues a generic mail through core/mail's
// outbox (retried there; a failed send never reaches her submission). Immediate notices come at most
// once per interval per person: a burst of fifty testimonies is one mail, then one more at the end of
// the interval if she has not looked in the meantime. Digests go once a day at a local hour.
import type { AccountsService, AuditService, Staff } from '../../core/accounts/index.ts';
import { ValidationError } from '../../core/errors.ts';
import type { MailService } from '../../core/mail/index.ts';
import type { Db } from '../../db/database.ts';
import { isoAt, nowIso } from '../../db/portable.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import type { I18n } from '../../i18n/translator.ts';
import type { JobsService } from '../../jobs/index.ts';
import { noticeMail } from './notify.mail.ts';
import * as repo from './notify.repository.ts';
import {
  DEFAULT_PREFS,
  isFrequency,
  KINDS,
  type Frequency,
  type NoticeKind,
  type NotifyPrefs,
  type NotifySettings,
} from './notify.ts';
import { canHoldKey } from './testimony.permissions.ts';

export const NOTIFY_JOB = 'testimony.notify';
/** Arrivals within one slot share one delivery job, which runs when the slot has ended. */
const SLOT_MS = 10_000;

export interface Notifier {
  /** A testimony or a survivor's message was stored. Never throws: her submission stands whatever happens here. */
  arrived(): Promise<void>;
  /** Retention flagged cases for deletion. Never throws. */
  flagged(): Promise<void>;
  /** She opened the inbox: what it showed is no news to her. */
  seen(userId: string): Promise<void>;
  preferences(userId: string): Promise<NotifyPrefs & { holder: boolean }>;
  /** Saves her choices from the form; a ValidationError names a field that is not one of the choices. */
  savePreferences(actor: Staff, input: Record<string, string | undefined>): Promise<NotifyPrefs>;
  /** Queues the immediate notices that are due; schedules itself again for those held by the interval. */
  deliver(now?: number): Promise<{ sent: number; held: number }>;
  /** Queues the daily digests, once a local day, from the configured hour on. */
  digest(now?: number): Promise<{ sent: number }>;
  readonly settings: NotifySettings;
}

/** The local calendar day and hour of `ms` in `timeZone`. */
export function localDayHour(ms: number, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}

const seenColumn = (k: NoticeKind): 'arrivals_seen' | 'expiry_seen' =>
  k === 'arrivals' ? 'arrivals_seen' : 'expiry_seen';

export function createNotifier(deps: {
  db: Db;
  mail: Pick<MailService, 'queue'>;
  jobs: Pick<JobsService, 'enqueue'>;
  i18n: I18n;
  accounts: Pick<AccountsService, 'listUsers'>;
  audit: AuditService;
  baseUrl: string;
  settings: NotifySettings;
  log?: (msg: string, extra?: object) => void;
}): Notifier {
  const { db, settings } = deps;
  const log = deps.log ?? (() => {});
  const intervalMs = settings.intervalMinutes * 60_000;

  /** Who may be told: holders of the organisation key in force, allowed to read testimonies, not disabled. */
  async function recipients(): Promise<Array<{ id: string; email: string }>> {
    const holders = new Set(await repo.activeKeyHolders(db));
    if (!holders.size) return [];
    return (await deps.accounts.listUsers())
      .filter((u) => holders.has(u.id) && !u.disabled && canHoldKey(u))
      .map((u) => ({ id: u.id, email: u.email }));
  }

  async function prefsFor(ids: string[]): Promise<Map<string, NotifyPrefs>> {
    const rows = await repo.prefsOf(db, ids);
    return new Map(
      ids.map((id) => {
        const r = rows.find((x) => x.user_id === id);
        return [
          id,
          r
            ? {
                arrivals: isFrequency(r.arrivals) ? r.arrivals : DEFAULT_PREFS.arrivals,
                expiry: isFrequency(r.expiry) ? r.expiry : DEFAULT_PREFS.expiry,
                locale: isLocale(r.locale) ? r.locale : null,
              }
            : DEFAULT_PREFS,
        ];
      }),
    );
  }

  /** One delivery job for the slot holding `at`, running once that slot has ended. */
  async function scheduleAt(at: number): Promise<void> {
    const slot = Math.floor(at / SLOT_MS) * SLOT_MS;
    await deps.jobs.enqueue(
      NOTIFY_JOB,
      {},
      { runAt: new Date(slot + SLOT_MS), uniqueKey: `${NOTIFY_JOB}@${isoAt(slot)}` },
    );
  }

  async function signal(kind: NoticeKind): Promise<void> {
    try {
      await repo.bump(db, kind);
      await scheduleAt(Date.now());
    } catch (err) {
      // The hourly digest run delivers anything a lost signal left behind.
      log('testimony notice not scheduled', { kind, error: (err as Error)?.message });
    }
  }

  return {
    settings,
    arrived: () => signal('arrivals'),
    flagged: () => signal('expiry'),

    async seen(userId) {
      try {
        await repo.markSeen(db, userId, await repo.counters(db));
      } catch (err) {
        log('testimony notice state not saved', { error: (err as Error)?.message });
      }
    },

    async preferences(userId) {
      const prefs = (await prefsFor([userId])).get(userId)!;
      return { ...prefs, holder: (await repo.activeKeyHolders(db)).includes(userId) };
    },

    async savePreferences(actor, input) {
      const errors: Record<string, string> = {};
      if (!isFrequency(input.arrivals)) errors.arrivals = 'testimony.notify.error.choice';
      if (!isFrequency(input.expiry)) errors.expiry = 'testimony.notify.error.choice';
      if (!isLocale(input.locale)) errors.locale = 'testimony.notify.error.choice';
      if (Object.keys(errors).length) throw new ValidationError(errors);
      const prefs = {
        arrivals: input.arrivals as Frequency,
        expiry: input.expiry as Frequency,
        locale: input.locale as Locale,
      };
      await repo.savePrefs(db, { user_id: actor.id, ...prefs, updated_at: nowIso() });
      await deps.audit.record(
        actor,
        'testimony.notify.preferences',
        { type: 'user', id: actor.id },
        { arrivals: prefs.arrivals, expiry: prefs.expiry },
      );
      return prefs;
    },

    async deliver(now = Date.now()) {
      const people = await recipients();
      const result = { sent: 0, held: 0 };
      if (!people.length) return result;
      const ids = people.map((p) => p.id);
      const [prefs, states, count] = [await prefsFor(ids), await repo.statesOf(db, ids), await repo.counters(db)];
      let nextAt: number | null = null;
      for (const person of people) {
        const p = prefs.get(person.id)!;
        const s = states.find((x) => x.user_id === person.id);
        if (!s) continue;
        const patch: Partial<repo.StateRow> = {};
        // Kinds she turned off stay current, so turning them on later brings no old news.
        for (const k of KINDS) if (p[k] === 'none' && count[k] > s[seenColumn(k)]) patch[seenColumn(k)] = count[k];
        const due = KINDS.filter((k) => p[k] === 'immediate' && count[k] > s[seenColumn(k)]);
        const last = s.last_mail_at ? Date.parse(s.last_mail_at) : null;
        if (due.length && last !== null && now < last + intervalMs) {
          result.held++;
          nextAt = Math.min(nextAt ?? Infinity, last + intervalMs);
          due.length = 0;
        }
        if (!due.length) {
          if (Object.keys(patch).length) await repo.updateState(db, s, patch);
          continue;
        }
        for (const k of due) patch[seenColumn(k)] = count[k];
        const queued = await db.transaction().execute(async (trx) => {
          if (!(await repo.updateState(trx, s, { ...patch, last_mail_at: isoAt(now) }))) return false;
          await deps.mail.queue(trx, [noticeMail(deps.i18n, person.email, p.locale, due, deps.baseUrl, 'notice')]);
          return true;
        });
        if (queued) result.sent++;
      }
      if (nextAt !== null) await scheduleAt(nextAt);
      return result;
    },

    async digest(now = Date.now()) {
      const local = localDayHour(now, settings.timeZone);
      const result = { sent: 0 };
      if (local.hour < settings.digestHour) return result;
      const people = await recipients();
      if (!people.length) return result;
      const ids = people.map((p) => p.id);
      const [prefs, states, count] = [await prefsFor(ids), await repo.statesOf(db, ids), await repo.counters(db)];
      for (const person of people) {
        const p = prefs.get(person.id)!;
        const s = states.find((x) => x.user_id === person.id);
        if (!s || !KINDS.some((k) => p[k] === 'digest') || (s.digest_on && s.digest_on >= local.day)) continue;
        const due = KINDS.filter((k) => p[k] === 'digest' && count[k] > s[seenColumn(k)]);
        const patch: Partial<repo.StateRow> = { digest_on: local.day };
        for (const k of due) patch[seenColumn(k)] = count[k];
        const queued = await db.transaction().execute(async (trx) => {
          if (!(await repo.updateState(trx, s, patch))) return false;
          if (due.length)
            await deps.mail.queue(trx, [noticeMail(deps.i18n, person.email, p.locale, due, deps.baseUrl, 'digest')]);
          return due.length > 0;
        });
        if (queued) result.sent++;
      }
      return result;
    },
  };
}
