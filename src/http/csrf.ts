// CSRF defence in two layers: browsers' own Origin / Sec-Fetch-Site headers must not show a
// cross-site request, and every form carries a token: bound to the staff session when there is one,
// otherwise a signed, expiring token (public forms carry no cookies at all).
import { createHmac } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { deriveKey, randomToken, safeEqual } from '../core/privacy/index.ts';

const ANON_TTL_MS = 6 * 3_600_000;

export interface Csrf {
  tokenFor(sessionSecret: string | null, now?: number): string;
  verify(token: string | undefined, sessionSecret: string | null, now?: number): boolean;
}

export function createCsrf(secret: string): Csrf {
  const key = deriveKey(secret, 'csrf');
  const mac = (v: string) => createHmac('sha256', key).update(v).digest('base64url');
  return {
    tokenFor(sessionSecret, now = Date.now()) {
      if (sessionSecret) return 's.' + mac('s:' + sessionSecret);
      const payload = `${now.toString(36)}.${randomToken(9)}`;
      return `a.${payload}.${mac('a:' + payload)}`;
    },
    verify(token, sessionSecret, now = Date.now()) {
      if (!token || token.length > 200) return false;
      // With a staff session only its own token will do: an anonymous one, which anyone can fetch
      // from the sign-in page, must never ride along with a staff cookie.
      if (sessionSecret) return safeEqual(token, 's.' + mac('s:' + sessionSecret));
      if (token.startsWith('s.')) return false;
      const [kind, ts, nonce, sig] = token.split('.');
      if (kind !== 'a' || !ts || !nonce || !sig) return false;
      const age = now - parseInt(ts, 36);
      return age >= -60_000 && age < ANON_TTL_MS && safeEqual(sig, mac(`a:${ts}.${nonce}`));
    },
  };
}

/** True when the browser tells us the request came from another site. */
export function isCrossSite(req: FastifyRequest): boolean {
  // Modern browsers say it outright; trust that when present.
  const site = req.headers['sec-fetch-site'];
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  // Older browsers and non-browser clients send none; with `Referrer-Policy: no-referrer` browsers
  // send "null" even for our own forms. Then the token alone decides.
  if (!origin || origin === 'null') return false;
  try {
    const host = req.headers.host ?? '';
    const o = new URL(origin);
    const port = o.port || (o.protocol === 'https:' ? '443' : '80');
    return o.host !== host && `${o.hostname}:${port}` !== host;
  } catch {
    return true;
  }
}
