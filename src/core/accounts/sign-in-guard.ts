// Throttling password guesses with OWASP's "device cookies". A browser where the owner has signed in
// before carries a signed device cookie and counts its own failures; every other client shares one
// counter per typed e-mail, which locks however many addresses the guesses come from. A stranger can
// thus lock untrusted browsers out of an account, never its owner on her own browser. Unknown e-mails
// get counters exactly like known ones, so the locked answer says nothing about which accounts exist.
import type { Db } from '../../db/database.ts';
import { isoAt, nowIso } from '../../db/portable.ts';
import { deriveKey, keyedHash, randomToken, safeEqual } from '../privacy/index.ts';
import * as repo from './accounts.repository.ts';

const MAX_FAILURES = 5;
const BASE_LOCK_MS = 15 * 60_000;
const MAX_LOCK_MS = 86_400_000;
/** A counter without failures for this long, and not locked, is forgotten. */
const FORGET_AFTER_MS = 86_400_000;
export const DEVICE_COOKIE_DAYS = 90;

/** Locked for 15 minutes at five failures, doubling with each further one, capped at a day. */
const lockMs = (failures: number): number => Math.min(BASE_LOCK_MS * 2 ** (failures - MAX_FAILURES), MAX_LOCK_MS);

export interface Attempt {
  key: string;
  /** This attempt's place on its counter, itself included. */
  failures: number;
  /** Counted on a trusted browser's own counter. */
  trusted: boolean;
}

export type Reservation = { attempt: Attempt } | { retryAfterSeconds: number };

export interface SignInGuard {
  /** Counts an attempt before its password is checked, or refuses it while its counter is locked. */
  reserve(email: string, deviceCookie: string | undefined): Promise<Reservation>;
  /** After a wrong password: when the lock this failure started ends, or null if it started none. */
  failed(attempt: Attempt): Promise<string | null>;
  succeeded(attempt: Attempt): Promise<void>;
  /** A new device cookie value for a browser that has just signed in with this e-mail. */
  trustBrowser(email: string): string;
  /** The untrusted-browser counters of these e-mails (locks still running only). */
  counters(emails: string[]): Promise<Map<string, { failures: number; lockedUntil: string | null }>>;
  /** Lifts the lock on untrusted browsers and forgets the failures. */
  unlock(email: string): Promise<void>;
  purge(): Promise<number>;
}

export function createSignInGuard(db: Db, secret: string): SignInGuard {
  const counterKey = deriveKey(secret, 'sign-in-counter');
  const deviceKey = deriveKey(secret, 'device-cookie');
  const accountKey = (email: string) => keyedHash(counterKey, 'account:' + email);
  const deviceMac = (email: string, nonce: string) => keyedHash(deviceKey, email + '\n' + nonce);

  /** The nonce of a device cookie issued for this e-mail, or null. */
  function trustedNonce(cookie: string | undefined, email: string): string | null {
    const [nonce, mac, extra] = (cookie ?? '').split('.');
    if (!nonce || !mac || extra !== undefined || nonce.length > 64) return null;
    return safeEqual(mac, deviceMac(email, nonce)) ? nonce : null;
  }

  return {
    async reserve(email, cookie) {
      const now = Date.now();
      const nonce = trustedNonce(cookie, email);
      // A trusted browser whose own counter is locked is treated like any other client.
      const counters: Array<[string, boolean]> = nonce ? [[keyedHash(counterKey, 'device:' + nonce), true]] : [];
      counters.push([accountKey(email), false]);
      for (const [key, trusted] of counters) {
        const failures = await repo.reserveSignInAttempt(db, key, MAX_FAILURES, isoAt(now), isoAt(now + BASE_LOCK_MS));
        if (failures !== null) return { attempt: { key, failures, trusted } };
      }
      const row = await repo.findSignInThrottle(db, accountKey(email));
      return { retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(row?.locked_until ?? '') - now) / 1000) || 1) };
    },

    async failed(attempt) {
      if (attempt.failures < MAX_FAILURES) return null;
      const until = isoAt(Date.now() + lockMs(attempt.failures));
      await repo.extendSignInLock(db, attempt.key, until);
      return until;
    },

    succeeded: (attempt) => repo.clearSignInThrottle(db, attempt.key),

    trustBrowser(email) {
      const nonce = randomToken(16);
      return `${nonce}.${deviceMac(email, nonce)}`;
    },

    async counters(emails) {
      const byKey = new Map(emails.map((e) => [accountKey(e), e]));
      const now = nowIso();
      const out = new Map<string, { failures: number; lockedUntil: string | null }>();
      for (const row of await repo.findSignInThrottles(db, [...byKey.keys()])) {
        out.set(byKey.get(row.key)!, {
          failures: Number(row.failures),
          lockedUntil: row.locked_until && row.locked_until > now ? row.locked_until : null,
        });
      }
      return out;
    },

    unlock: (email) => repo.clearSignInThrottle(db, accountKey(email)),

    purge() {
      const now = Date.now();
      return repo.deleteStaleSignInThrottles(db, isoAt(now - FORGET_AFTER_MS), isoAt(now));
    },
  };
}
