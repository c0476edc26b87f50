// What one batch of ingested posts adds to the rollups, computed in memory so each rollup row is
// written once per batch. New posts add everything; re-imported posts add only the change in their
// engagement (their time, language, tags and campaigns are kept from the first import).
// Scopes: 'a' (all posts), 'c:<campaign id>', 't:<hashtag key>'.

export const SCOPE_ALL = 'a';
export const campaignScope = (id: string) => `c:${id}`;
export const tagScope = (key: string) => `t:${key}`;

export interface Contribution {
  key: string; // platform:external_id
  id: string;
  platform: string;
  lang: string;
  createdAt: string;
  tagKeys: string[];
  campaignIds: string[];
  authorKey: string | null;
  authorHandle: string | null;
  authorName: string | null;
  authorFollowers: number;
  /** 1 for a new post, 0 for a re-imported one. */
  posts: 0 | 1;
  likes: number;
  comments: number;
  shares: number;
  views: number;
  /** Engagement after this import (likes + comments + shares), for the top lists. */
  score: number;
}

export interface TopEntry {
  k: string; // platform:external_id
  id: string;
  s: number; // likes + comments + shares
  p: string; // platform
  l: string; // language
}

export const TOP_N = 10;
const SEP = '\u0001';

export interface Aggregate {
  hours: Map<string, number[]>; // scope,hour,platform,lang → posts, likes, comments, shares, views, new_authors
  tags: Map<string, number>; // scope,day,tag → posts
  authors: Map<string, { scope: string; authorKey: string; platform: string; handle: string | null; name: string | null; followers: number; posts: number; engagement: number; firstAt: string; firstLang: string; lastAt: string }>;
  top: Map<string, TopEntry[]>; // scope,day → candidates
  tagDir: Map<string, { tag: string; posts: number; firstAt: string; lastAt: string }>;
}

export const hourOf = (iso: string) => iso.slice(0, 13);
/**
 * Everything and campaigns keep volume per hour × platform × language (and the summaries below),
 * co-hashtags and top posts per day and for all time. Hashtags (there are thousands) keep volume per day, their platform and language split, co-
 * hashtags and top posts for all time: '*' stands for "all" in a bucket, platform or language.
 */
export const bucketOf = (scope: string, iso: string) => (scope.startsWith('t:') ? iso.slice(0, 10) : iso.slice(0, 13));
export const ALL_TIME = '*';
/** Everything's and campaigns' volume per day (scope@d) and per hour without dimensions (scope@h). */
export const dailyScope = (scope: string) => `${scope}@d`;
export const hourlyTotalScope = (scope: string) => `${scope}@h`;
export const ANY = '*';
export const dayOf = (iso: string) => iso.slice(0, 10);
export const splitKey = (k: string) => k.split(SEP);
export const joinKey = (...parts: string[]) => parts.join(SEP);

/** Scopes that keep per-author rows (all and campaigns; hashtags would cost one row per tag per post). */
export const keepsAuthors = (scope: string) => scope === SCOPE_ALL || scope.startsWith('c:');

export function scopesOf(c: Pick<Contribution, 'tagKeys' | 'campaignIds'>): string[] {
  return [SCOPE_ALL, ...c.campaignIds.map(campaignScope), ...c.tagKeys.map(tagScope)];
}

function addCell(agg: Aggregate, k: string, c: Contribution) {
  const h = agg.hours.get(k);
  if (h) {
    h[0] += c.posts;
    h[1] += c.likes;
    h[2] += c.comments;
    h[3] += c.shares;
    h[4] += c.views;
  } else agg.hours.set(k, [c.posts, c.likes, c.comments, c.shares, c.views, 0]);
}

export const emptyAggregate = (): Aggregate => ({ hours: new Map(), tags: new Map(), authors: new Map(), top: new Map(), tagDir: new Map() });

/** Adds a batch to an aggregate kept over a whole transaction (the more posts, the fewer rows per post). */
export function aggregate(batch: Contribution[], tagSpelling: Map<string, string>, agg: Aggregate = emptyAggregate()): Aggregate {
  for (const c of batch) {
    const hour = hourOf(c.createdAt);
    const day = dayOf(c.createdAt);
    const engagement = c.likes + c.comments + c.shares;
    for (const scope of scopesOf(c)) {
      const isTag = scope.charCodeAt(0) === 116; // 't'
      if (isTag) {
        addCell(agg, scope + SEP + day + SEP + ANY + SEP + ANY, c);
        addCell(agg, scope + SEP + ALL_TIME + SEP + c.platform + SEP + ANY, c);
        addCell(agg, scope + SEP + ALL_TIME + SEP + ANY + SEP + c.lang, c);
      } else {
        addCell(agg, scope + SEP + hour + SEP + c.platform + SEP + c.lang, c);
        // Summaries the unfiltered dashboards read: per day, and per hour without dimensions.
        addCell(agg, dailyScope(scope) + SEP + day + SEP + c.platform + SEP + c.lang, c);
        addCell(agg, hourlyTotalScope(scope) + SEP + hour + SEP + ANY + SEP + ANY, c);
      }

      const periods = isTag ? [ALL_TIME] : [day, ALL_TIME];
      for (const period of periods) {
        if (c.posts) {
          const own = isTag ? scope.slice(2) : null;
          for (const t of c.tagKeys) {
            if (t === own) continue;
            const tk = scope + SEP + period + SEP + t;
            agg.tags.set(tk, (agg.tags.get(tk) ?? 0) + 1);
          }
        }
        const topKey = scope + SEP + period;
        const list = agg.top.get(topKey);
        const entry: TopEntry = { k: c.key, id: c.id, s: c.score, p: c.platform, l: c.lang };
        if (!list) agg.top.set(topKey, [entry]);
        else {
          list.push(entry);
          // Keep candidate lists short: prune to what could still make the top.
          if (list.length >= 256) agg.top.set(topKey, mergeTop([], list, !isTag));
        }
      }

      if (c.authorKey && keepsAuthors(scope)) {
        const ak = scope + SEP + c.authorKey;
        const a = agg.authors.get(ak);
        if (!a) {
          agg.authors.set(ak, { scope, authorKey: c.authorKey, platform: c.platform, handle: c.authorHandle, name: c.authorName, followers: c.authorFollowers, posts: c.posts, engagement, firstAt: c.createdAt, firstLang: c.lang, lastAt: c.createdAt });
        } else {
          a.posts += c.posts;
          a.engagement += engagement;
          a.followers = Math.max(a.followers, c.authorFollowers);
          if (c.createdAt < a.firstAt) {
            a.firstAt = c.createdAt;
            a.firstLang = c.lang;
          }
          if (c.createdAt > a.lastAt) a.lastAt = c.createdAt;
          a.handle = c.authorHandle ?? a.handle;
          a.name = c.authorName ?? a.name;
        }
      }
    }
    if (c.posts) {
      for (const t of c.tagKeys) {
        const d = agg.tagDir.get(t);
        if (!d) agg.tagDir.set(t, { tag: tagSpelling.get(t) ?? t, posts: 1, firstAt: c.createdAt, lastAt: c.createdAt });
        else {
          d.posts++;
          if (c.createdAt < d.firstAt) d.firstAt = c.createdAt;
          if (c.createdAt > d.lastAt) d.lastAt = c.createdAt;
        }
      }
    }
  }
  return agg;
}

/**
 * Merges candidates into a day's stored top list. What is kept is the union of the top posts
 * overall, per platform and per language (for everything and campaigns), so a single platform or
 * language filter still finds the right posts; the same post appears once, with its latest
 * engagement. Hashtags keep the overall top only.
 */
export function mergeTop(stored: TopEntry[], candidates: TopEntry[], perDimension = true): TopEntry[] {
  const byKey = new Map<string, TopEntry>();
  for (const e of stored) byKey.set(e.k, e);
  for (const e of candidates) byKey.set(e.k, e);
  const all = [...byKey.values()].sort((a, b) => b.s - a.s || (a.k < b.k ? -1 : 1));
  const keep = new Set<string>();
  const perPlatform = new Map<string, number>();
  const perLang = new Map<string, number>();
  all.forEach((e, i) => {
    const np = (perPlatform.get(e.p) ?? 0) + 1;
    const nl = (perLang.get(e.l) ?? 0) + 1;
    perPlatform.set(e.p, np);
    perLang.set(e.l, nl);
    if (i < TOP_N || (perDimension && (np <= TOP_N || nl <= TOP_N))) keep.add(e.k);
  });
  return all.filter((e) => keep.has(e.k));
}
