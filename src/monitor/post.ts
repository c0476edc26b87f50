// A social-media post as every source maps it, and the checks and normalisation it goes through
// before it is stored. Pure functions: the importers, the connectors and the benchmark share them.
import { detectLanguage, type Lang } from './language.ts';
import { extractEntities, normaliseTags, stripInvisible } from './normalise.ts';

export const PLATFORMS = [
  'instagram',
  'tiktok',
  'x',
  'threads',
  'telegram',
  'vk',
  'bluesky',
  'mastodon',
  'youtube',
  'facebook',
  'other',
] as const;
export type Platform = (typeof PLATFORMS)[number];
export const isPlatform = (v: unknown): v is Platform =>
  typeof v === 'string' && (PLATFORMS as readonly string[]).includes(v);

/** What a source knows about a post. Missing numbers are null, never 0. */
export interface PostInput {
  platform: Platform;
  externalId: string;
  url: string | null;
  authorId: string | null;
  authorHandle: string | null;
  authorName: string | null;
  authorFollowers: number | null;
  createdAt: Date | null;
  text: string;
  /** Tags as the platform lists them; null when it lists none (then they come from the text). */
  hashtags: string[] | null;
  mentions: string[] | null;
  links: string[] | null;
  replyTo: string | null;
  repostOf: string | null;
  quoteOf: string | null;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  views: number | null;
  mediaCount: number;
  /** The record as the platform (or the export) gave it. */
  raw: unknown;
  collectedAt?: Date | null;
}

/**
 * A post with nothing known but its platform: sources fill in what they have. Every field is there,
 * always in this order, so that all posts share one object shape (faster to read in bulk).
 */
export const emptyPost = (platform: Platform): PostInput => ({
  platform,
  externalId: '',
  url: null,
  authorId: null,
  authorHandle: null,
  authorName: null,
  authorFollowers: null,
  createdAt: null,
  text: '',
  hashtags: null,
  mentions: null,
  links: null,
  replyTo: null,
  repostOf: null,
  quoteOf: null,
  likes: null,
  comments: null,
  shares: null,
  views: null,
  mediaCount: 0,
  raw: null,
  collectedAt: null,
});

/** A post ready to store: validated, normalised, its language identified. */
export interface PreparedPost {
  platform: Platform;
  externalId: string;
  url: string | null;
  authorId: string | null;
  authorHandle: string | null;
  authorName: string | null;
  authorFollowers: number | null;
  /** platform:id (or platform:@handle): how authors are counted. */
  authorKey: string | null;
  createdAt: string;
  text: string;
  tags: string[];
  tagKeys: string[];
  mentions: string[];
  links: string[];
  lang: Lang;
  replyTo: string | null;
  repostOf: string | null;
  quoteOf: string | null;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  views: number | null;
  mediaCount: number;
  raw: string;
  collectedAt: string | null;
}

export const REJECT_REASONS = [
  'bad_json',
  'bad_csv',
  'bad_encoding',
  'not_a_post',
  'unsupported_platform',
  'no_id',
  'no_time',
  'bad_time',
  'too_large',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export class RejectError extends Error {
  constructor(
    readonly reason: RejectReason,
    readonly detail = '',
  ) {
    super(reason);
  }
}
export const reject = (reason: RejectReason, detail = ''): never => {
  throw new RejectError(reason, detail);
};

// Nothing was posted on these platforms before 2004; a post "from the future" is a broken clock.
const EARLIEST = Date.UTC(2004, 0, 1);
const MAX_TEXT = 20_000;
const MAX_RAW = 256 * 1024;

/** Numbers as exports write them: 1234, "1,234", "1.2K", "3M", "" → null. Negative (unknown) → null. */
export function count(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.round(v) : null;
  const s = String(v)
    .trim()
    .replace(/[\s,_]/g, '');
  const m = /^(\d+(?:\.\d+)?)([kKmMbB]?)$/.exec(s);
  if (!m) return null;
  const mult = { '': 1, k: 1e3, m: 1e6, b: 1e9 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'b'];
  return Math.round(Number(m[1]) * mult);
}

/** Unix seconds or milliseconds, ISO-8601, or "YYYY-MM-DD HH:MM:SS" (taken as UTC). */
export function parseTime(v: unknown): Date | null {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  // What the digits-only branch below would do with the number's text, without making the text.
  if (typeof v === 'number' && Number.isSafeInteger(v)) return new Date(v > 1e11 ? v : v * 1000);
  const s = String(v).trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return new Date(n > 1e11 ? n : n * 1000);
  }
  const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s) ? s.replace(' ', 'T') + 'Z' : s;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

const str = (v: unknown, max = 500): string | null => {
  if (v === null || v === undefined) return null;
  const s = stripInvisible(String(v).normalize('NFC')).trim();
  return s ? s.slice(0, max) : null;
};

/** Checks and normalises one post; throws RejectError with the reason when it cannot be stored whole. */
export function preparePost(p: PostInput, now = Date.now()): PreparedPost {
  const externalId = str(p.externalId, 300);
  if (!externalId) return reject('no_id');
  if (!p.createdAt) return reject('no_time');
  const t = p.createdAt.getTime();
  if (!Number.isFinite(t) || t < EARLIEST || t > now + 86_400_000)
    return reject('bad_time', Number.isFinite(t) ? p.createdAt.toISOString() : '');
  const text = stripInvisible((p.text ?? '').normalize('NFC')).slice(0, MAX_TEXT);
  if ((p.text ?? '').includes('\ufffd')) return reject('bad_encoding');
  const raw = typeof p.raw === 'string' ? p.raw : JSON.stringify(p.raw ?? null);
  if (raw.length > MAX_RAW) return reject('too_large');
  const entities =
    p.hashtags && p.mentions && p.links
      ? null
      : extractEntities(text, { hashtags: !p.hashtags, mentions: !p.mentions, links: !p.links });
  const tags = normaliseTags(p.hashtags ?? entities!.hashtags);
  const authorId = str(p.authorId, 200);
  const authorHandle = str(p.authorHandle, 200)?.replace(/^@/, '') ?? null;
  return {
    platform: p.platform,
    externalId,
    url: str(p.url, 2000),
    authorId,
    authorHandle,
    authorName: str(p.authorName, 300),
    authorFollowers: count(p.authorFollowers),
    authorKey: authorId
      ? `${p.platform}:${authorId}`
      : authorHandle
        ? `${p.platform}:@${authorHandle.toLowerCase()}`
        : null,
    createdAt: p.createdAt.toISOString(),
    text,
    tags: tags.map((x) => x.tag),
    tagKeys: tags.map((x) => x.key),
    mentions: (p.mentions ?? entities!.mentions)
      .map((m) => m.replace(/^@/, '').toLowerCase())
      .filter(Boolean)
      .slice(0, 100),
    links: (p.links ?? entities!.links).filter(Boolean).slice(0, 100),
    lang: detectLanguage(text).lang,
    replyTo: str(p.replyTo, 300),
    repostOf: str(p.repostOf, 300),
    quoteOf: str(p.quoteOf, 300),
    likes: count(p.likes),
    comments: count(p.comments),
    shares: count(p.shares),
    views: count(p.views),
    mediaCount: Math.max(0, Math.min(100, Math.round(p.mediaCount || 0))),
    raw,
    collectedAt: p.collectedAt && Number.isFinite(p.collectedAt.getTime()) ? p.collectedAt.toISOString() : null,
  };
}
