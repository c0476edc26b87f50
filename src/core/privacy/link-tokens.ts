// Links in emails (petition signers, appeal senders) carry a signed token instead of a stored secret: the signature id, when
// the link was issued, and an HMAC for one purpose (confirm or withdraw). Nothing to leak from the
// database, and a mail can be re-issued from the row alone.
import { createHmac } from 'node:crypto';
import { deriveKey, safeEqual } from './secret-box.ts';

export type TokenPurpose = 'confirm' | 'withdraw' | 'unsubscribe' | 'letter' | 'letter-confirm' | 'letter-reply';

export type TokenCheck = { ok: true; id: string; issuedAt: number } | { ok: false; reason: 'invalid' | 'expired' };

export interface LinkTokens {
  issue(purpose: TokenPurpose, id: string, now?: number): string;
  /** Verifies the signature and, when ttlMs is given, the age. */
  check(purpose: TokenPurpose, token: string, ttlMs?: number, now?: number): TokenCheck;
}

const ID_RE = /^[0-9a-f-]{36}$/;

export function createLinkTokens(secret: string): LinkTokens {
  const key = deriveKey(secret, 'link-tokens');
  const mac = (purpose: string, id: string, ts: string) =>
    createHmac('sha256', key).update(`${purpose}:${id}:${ts}`).digest('base64url').slice(0, 27);
  return {
    issue(purpose, id, now = Date.now()) {
      const ts = now.toString(36);
      return `${id}.${ts}.${mac(purpose, id, ts)}`;
    },
    check(purpose, token, ttlMs, now = Date.now()) {
      if (typeof token !== 'string' || token.length > 120) return { ok: false, reason: 'invalid' };
      const [id, ts, sig, extra] = token.split('.');
      if (extra !== undefined || !id || !ts || !sig || !ID_RE.test(id) || !/^[0-9a-z]{1,11}$/.test(ts))
        return { ok: false, reason: 'invalid' };
      if (!safeEqual(sig, mac(purpose, id, ts))) return { ok: false, reason: 'invalid' };
      const issuedAt = parseInt(ts, 36);
      if (ttlMs !== undefined && now - issuedAt > ttlMs) return { ok: false, reason: 'expired' };
      return { ok: true, id, issuedAt };
    },
  };
}
