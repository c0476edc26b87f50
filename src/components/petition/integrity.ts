// Integrity layers that need no database: field checks (including spreadsheet injection), the
// public display name, the keyed address hash, rate limits per IP-HMAC, per network prefix and for
// mail per address, the quarantine rules that turn signals into silent "not counted" marks, and the
// rules that turn an hour's trending report into alerts for staff.
import { createHmac } from 'node:crypto';
import { COMMON_DOMAINS } from '../../core/mail/index.ts';
import { deriveKey } from '../../core/privacy/index.ts';
import type { SharedStore } from '../../db/shared-store.ts';
import { createRateLimit, hitAll, type RateLimit } from '../../http/rate-limit.ts';
import { fold } from '../../i18n/fold.ts';
import type { TrendAlert, TrendReport } from './petition.ts';

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

/** The keyed hash that identifies one signer per petition (of the normalised address). */
export function emailKeyer(secret: string): (normalised: string) => string {
  const key = deriveKey(secret, 'petition-email');
  return (normalised) => createHmac('sha256', key).update(normalised).digest('base64url');
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
  ): Promise<{ refuse: boolean; retryAfter: number; reasons: string[] }>;
}

/** With a shared store every process counts against the same limits (one round trip per signature). */
export function createSigningLimiter(store?: SharedStore): SigningLimiter {
  const tiers = (['pow', 'plain'] as const).map((k) => {
    const l = LIMITS[k];
    const set = (f: number, tier: string) => {
      const make = (name: string, limit: number, windowMs: number): RateLimit =>
        createRateLimit({ limit, windowMs, maxKeys: 200_000, name: `petition.${k}.${tier}.${name}`, store });
      return {
        ipBurst: make('ip-burst', l.ipBurst * f, 600_000),
        ipDay: make('ip-day', l.ipDay * f, 86_400_000),
        prefixBurst: make('prefix-burst', l.prefixBurst * f, 600_000),
      };
    };
    return { soft: set(1, 'soft'), hard: set(HARD_FACTOR, 'hard') };
  });
  return {
    async check(petitionId, ipHash, prefixHash, pow, now) {
      const { soft, hard } = tiers[pow ? 0 : 1];
      const ipKey = `${petitionId}:${ipHash}`;
      const netKey = `${petitionId}:${prefixHash}`;
      // The hard limits first, in order: the first one reached refuses, and nothing after it counts.
      const r = await hitAll(
        [
          [hard.ipBurst, ipKey],
          [hard.ipDay, ipKey],
          [hard.prefixBurst, netKey],
          [soft.ipBurst, ipKey],
          [soft.ipDay, ipKey],
          [soft.prefixBurst, netKey],
        ],
        { now, stop: (i, hit) => i < 3 && !hit.allowed },
      );
      const refused = r.slice(0, 3).find((hit) => !hit.allowed);
      if (refused) return { refuse: true, retryAfter: refused.retryAfter, reasons: [] };
      const reasons: string[] = [];
      if (!r[3].allowed) reasons.push('rate_ip_burst');
      if (!r[4].allowed) reasons.push('rate_ip_day');
      if (!r[5].allowed) reasons.push('rate_prefix');
      return { refuse: false, retryAfter: 0, reasons };
    },
  };
}

/** Repeated sign-ups with one address must not flood that inbox: at most 3 mails an hour per address. */
export function createMailLimiter(store?: SharedStore): (key: string) => Promise<boolean> {
  if (store && store.kind !== 'memory') {
    const limit = createRateLimit({ limit: 3, windowMs: 3_600_000, name: 'petition.mail', store });
    return async (key) => (await limit.hit(key)).allowed;
  }
  const hits = new Map<string, number[]>();
  return async (key: string) => {
    const now = Date.now();
    const recent = (hits.get(key) ?? []).filter((t) => now - t < 3_600_000);
    if (recent.length >= 3) return false;
    recent.push(now);
    if (hits.size > 100_000) hits.delete(hits.keys().next().value as string);
    hits.set(key, recent);
    return true;
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

/** Alerts for one hour: a spike against the day's baseline, or one domain, IP or network dominating, or many quarantined. */
export function trendAlerts(report: TrendReport): TrendAlert[] {
  const alerts: TrendAlert[] = [];
  if (report.total >= 100 && report.total > 5 * Math.max(report.baselinePerHour, 1))
    alerts.push({ kind: 'spike', n: report.total });
  for (const d of report.domains)
    if (!COMMON_DOMAINS.has(d.key) && d.n >= 50 && d.n >= 0.3 * report.total)
      alerts.push({ kind: 'domain', key: d.key, n: d.n });
  for (const h of report.ipHashes) if (h.n >= 20) alerts.push({ kind: 'ip', key: h.key, n: h.n });
  for (const h of report.ipPrefixes) if (h.n >= 100) alerts.push({ kind: 'prefix', key: h.key, n: h.n });
  if (report.quarantined >= 20 && report.quarantined >= 0.25 * report.total)
    alerts.push({ kind: 'quarantine', n: report.quarantined });
  return alerts;
}
