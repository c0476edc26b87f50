// Integrity layers that need no database: field checks (including spreadsheet injection), the
// public display name, rate limits per IP-HMAC and per network prefix, and the quarantine rules
// that turn signals into silent "not counted" marks.
import { createRateLimit, type RateLimit } from '../../http/rate-limit.ts';
import { fold } from '../../i18n/fold.ts';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
const FORMULA_START = /^[=+\-@\t\r]/;
const URL_LIKE =
  /(?:[a-z][a-z0-9+.-]*:\/\/|www\.|\/\/|\b[a-z0-9-]+\.(?:com|net|org|ru|kz|info|io|xyz|top|me|site|online|link|club|biz|su|ua|app|dev)\b)/i;

/** Checks a signer's name; returns a message key for the problem, or null. */
export function nameProblem(name: string): string | null {
  if (!name) return 'form.error.required';
  if (name.length > 100) return 'form.error.too_long';
  if (CONTROL.test(name)) return 'form.error.control_chars';
  if (FORMULA_START.test(name)) return 'petition.error.name_formula';
  if (URL_LIKE.test(name)) return 'petition.error.name_url';
  if (name.length < 2 || !/\p{L}/u.test(name)) return 'petition.error.name_short';
  return null;
}

export const cleanName = (raw: string): string => raw.normalize('NFC').trim().replace(/\s+/g, ' ');

/** First name and the initial of the last word: "Айгүл Н." (what opted-in signers show publicly). */
export function displayName(name: string): string {
  const words = cleanName(name).split(' ');
  const first = words[0].slice(0, 40);
  if (words.length < 2) return first;
  const initial = [...words[words.length - 1]][0]?.toLocaleUpperCase('kk') ?? '';
  return initial ? `${first} ${initial}.` : first;
}

/** Spreadsheet programs run cells starting with these as formulas: export them as text. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (FORMULA_START.test(s)) s = "'" + s;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Case- and Kazakh-letter-insensitive glob ("*" = anything) over a name. */
export function nameMatcher(pattern: string): (name: string) => boolean {
  const body = fold(pattern)
    .split('*')
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const re = new RegExp(`^${body}$`);
  return (name) => re.test(fold(name));
}

export type Quarantine = string[]; // reasons; empty = counted normally

interface Limits {
  ipBurst: number; // per 10 minutes, per petition
  ipDay: number; // per day, per petition
  prefixBurst: number; // per 10 minutes, per petition, per /24 or /64
}

// With the proof of work solved, and the stricter set for forms sent without JavaScript.
export const LIMITS: { pow: Limits; plain: Limits } = {
  pow: { ipBurst: 5, ipDay: 20, prefixBurst: 60 },
  plain: { ipBurst: 3, ipDay: 8, prefixBurst: 20 },
};
/** Beyond this multiple of a limit the request is refused outright (nothing is stored). */
export const HARD_FACTOR = 4;

export interface SigningLimiter {
  /** 'refuse' = answer 429; otherwise the quarantine reasons the limits produced. */
  check(
    petitionId: string,
    ipHash: string,
    prefixHash: string,
    pow: boolean,
    now?: number,
  ): { refuse: boolean; retryAfter: number; reasons: string[] };
}

export function createSigningLimiter(): SigningLimiter {
  const make = (limit: number, windowMs: number) => createRateLimit({ limit, windowMs, maxKeys: 200_000 });
  const tiers = (['pow', 'plain'] as const).map((k) => {
    const l = LIMITS[k];
    const set = (f: number) => ({
      ipBurst: make(l.ipBurst * f, 600_000),
      ipDay: make(l.ipDay * f, 86_400_000),
      prefixBurst: make(l.prefixBurst * f, 600_000),
    });
    return { soft: set(1), hard: set(HARD_FACTOR) };
  });
  const hit = (limiter: RateLimit, key: string, now: number | undefined) => limiter.hit(key, now);
  return {
    check(petitionId, ipHash, prefixHash, pow, now) {
      const { soft, hard } = tiers[pow ? 0 : 1];
      const ipKey = `${petitionId}:${ipHash}`;
      const netKey = `${petitionId}:${prefixHash}`;
      for (const [limiter, key] of [
        [hard.ipBurst, ipKey],
        [hard.ipDay, ipKey],
        [hard.prefixBurst, netKey],
      ] as const) {
        const r = hit(limiter, key, now);
        if (!r.allowed) return { refuse: true, retryAfter: r.retryAfter, reasons: [] };
      }
      const reasons: string[] = [];
      if (!hit(soft.ipBurst, ipKey, now).allowed) reasons.push('rate_ip_burst');
      if (!hit(soft.ipDay, ipKey, now).allowed) reasons.push('rate_ip_day');
      if (!hit(soft.prefixBurst, netKey, now).allowed) reasons.push('rate_prefix');
      return { refuse: false, retryAfter: 0, reasons };
    },
  };
}

export interface ListEntry {
  kind: 'domain' | 'email' | 'ip_prefix';
  value: string;
  action: 'allow' | 'block';
}

/**
 * The quarantine decision from the lists and the signals. A block always wins over an allow; an
 * allow (of the domain or the address) lifts the disposable-domain and rate-limit signals.
 */
export function quarantineReasons(input: {
  entries: ListEntry[];
  domain: string;
  emailKey: string;
  prefixHash: string;
  disposable: boolean;
  honeypot: boolean;
  rateReasons: string[];
}): Quarantine {
  const has = (kind: ListEntry['kind'], value: string, action: ListEntry['action']) =>
    input.entries.some((e) => e.kind === kind && e.value === value && e.action === action);
  const domainMatches = (action: ListEntry['action']) =>
    input.entries.some(
      (e) =>
        e.kind === 'domain' &&
        e.action === action &&
        (input.domain === e.value || input.domain.endsWith('.' + e.value)),
    );
  const reasons: string[] = [];
  if (domainMatches('block')) reasons.push('blocked_domain');
  if (has('email', input.emailKey, 'block')) reasons.push('blocked_email');
  if (has('ip_prefix', input.prefixHash, 'block')) reasons.push('blocked_network');
  if (input.honeypot) reasons.push('honeypot');
  const allowed =
    domainMatches('allow') || has('email', input.emailKey, 'allow') || has('ip_prefix', input.prefixHash, 'allow');
  if (!allowed) {
    if (input.disposable) reasons.push('disposable_domain');
    reasons.push(...input.rateReasons);
  }
  return reasons;
}
