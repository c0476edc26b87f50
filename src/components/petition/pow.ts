// The self-hosted proof-of-work challenge (ALTCHA's format, from altcha-lib): the page's script
// fetches a challenge, finds the number whose SHA-256 matches, and sends it with the form. Each
// solution is accepted once. Forms sent without it still work, under stricter limits.
import { createChallenge, verifySolution } from 'altcha-lib/v1';
import { deriveKey } from '../../core/privacy/index.ts';
import type { SharedStore } from '../../db/shared-store.ts';

export interface PowChallenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

export interface Pow {
  challenge(): Promise<PowChallenge>;
  /** True once per valid, unexpired solution; a replay or a forgery is false. */
  verify(payload: string | undefined): Promise<boolean>;
}

export function createPow(opts: {
  secret: string;
  maxNumber: number;
  ttlMs?: number;
  maxRemembered?: number;
  /** Several processes: a solution spent through one is spent for all. */
  store?: SharedStore;
}): Pow {
  const shared = opts.store && opts.store.kind !== 'memory' ? opts.store : null;
  const hmacKey = deriveKey(opts.secret, 'pow').toString('hex');
  const ttlMs = opts.ttlMs ?? 20 * 60_000;
  const maxRemembered = opts.maxRemembered ?? 200_000;
  // Solutions already used, until their challenge expires (then verifySolution refuses them anyway).
  const used = new Map<string, number>();

  function remember(key: string, expires: number) {
    const now = Date.now();
    if (used.size >= maxRemembered) {
      for (const [k, exp] of used) {
        if (exp < now || used.size >= maxRemembered) used.delete(k);
        else break;
      }
    }
    used.set(key, expires);
  }

  return {
    challenge: () =>
      createChallenge({
        hmacKey,
        maxnumber: opts.maxNumber,
        expires: new Date(Date.now() + ttlMs),
      }) as Promise<PowChallenge>,
    async verify(payload) {
      if (!payload || payload.length > 2000) return false;
      let parsed: { signature?: unknown; salt?: unknown };
      try {
        parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
      } catch {
        return false;
      }
      if (typeof parsed?.signature !== 'string' || typeof parsed.salt !== 'string') return false;
      if (used.has(parsed.signature)) return false;
      if (!(await verifySolution(payload, hmacKey, true))) return false;
      const expires = Number(/expires=(\d+)/.exec(parsed.salt)?.[1] ?? 0) * 1000 || Date.now() + ttlMs;
      if (shared) return (await shared.incr('pow:' + parsed.signature, Math.max(1000, expires - Date.now()))) === 1;
      remember(parsed.signature, expires);
      return true;
    },
  };
}
