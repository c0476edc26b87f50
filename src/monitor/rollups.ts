// What ingested posts add to the rollups, gathered in memory so that each rollup row is written once
// per transaction however many posts it sums. New posts add everything; re-imported posts add only
// the change in their engagement (their time, language, tags and campaigns are kept from the first
// import). Scopes and the keys of rollup rows are in monitor.model.ts.
//
// Hot path: every post touches a dozen rollup cells in each of its scopes. Keys are built once per
// post (not once per scope), scopes are looked up by strings made once per campaign or hashtag, and
// a top list only takes a new post that could still make it.
import { ALL_TIME, ANY, dailyScope, hourlyTotalScope, SCOPE_ALL, TOP_N, type TopEntry } from './monitor.model.ts';

export interface Contribution {
  id: string;
  platform: string;
  externalId: string;
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

/** Separates the parts of an in-memory key (never stored). */
export const SEP = '\u0001';

/** posts, likes, comments, shares, views, new_authors */
export type Cell = [number, number, number, number, number, number];

/** An author's rows in a scope, summed over a transaction (the columns of monitor_scope_authors). */
export interface AuthorDelta {
  scope: string;
  authorKey: string;
  platform: string;
  handle: string | null;
  name: string | null;
  followers: number;
  posts: number;
  engagement: number;
  firstAt: string;
  firstLang: string;
  lastAt: string;
}

/** Candidates for one stored top list, and below which score a new post cannot enter it. */
export interface TopList {
  entries: TopEntry[];
  /** Score of the TOP_N-th entry overall, per platform and per language (absent: fewer than TOP_N). */
  floor: number;
  platformFloor: Map<string, number> | null;
  langFloor: Map<string, number> | null;
}

/** One scope's share of an aggregate. Keys of `cells`: bucket SEP platform SEP lang. */
export interface ScopeRollup {
  scope: string;
  /** The hashtag of a hashtag scope (it is not its own co-hashtag); null otherwise. */
  tag: string | null;
  /** Hours × platform × language (everything, campaigns); day × *, * × platform, * × language (hashtags). */
  cells: Map<string, Cell>;
  /** Everything and campaigns: day × platform × language, and hour × * × *. */
  daily: Map<string, Cell> | null;
  hourly: Map<string, Cell> | null;
  /** Period (a day, or ALL_TIME) → co-hashtag → posts. */
  cotags: Map<string, Map<string, number>>;
  /** Period → top list candidates. */
  top: Map<string, TopList>;
  /** Everything and campaigns keep per-author rows (hashtags would cost one row per tag per post). */
  authors: Map<string, AuthorDelta> | null;
}

export interface Aggregate {
  scopes: Map<string, ScopeRollup>;
  tagDir: Map<string, { tag: string; posts: number; firstAt: string; lastAt: string }>;
  /** First spelling seen of each hashtag key (the directory keeps the first one it stores). */
  spelling: Map<string, string>;
  /** Entries held, roughly: what a caller bounds memory by. */
  size: number;
}

export const emptyAggregate = (): Aggregate => ({ scopes: new Map(), tagDir: new Map(), spelling: new Map(), size: 0 });

// Scope strings, made once per campaign and hashtag so that their hashes are computed once.
const scopeNames = new Map<string, string>();
const named = (prefix: string, id: string): string => {
  const k = prefix + id;
  let s = scopeNames.get(k);
  if (s === undefined) {
    if (scopeNames.size > 100_000) scopeNames.clear();
    scopeNames.set(k, (s = k));
  }
  return s;
};
const periodKeys = new Map<string, string>();
/** ALL_TIME SEP x SEP ANY and ALL_TIME SEP ANY SEP x: the hashtag scopes' platform and language cells. */
const allTimeKey = (platform: string | null, lang: string | null): string => {
  const k = platform === null ? `L${lang}` : `P${platform}`;
  let s = periodKeys.get(k);
  if (s === undefined)
    periodKeys.set(
      k,
      (s = platform === null ? ALL_TIME + SEP + ANY + SEP + lang : ALL_TIME + SEP + platform + SEP + ANY),
    );
  return s;
};

function scopeOf(agg: Aggregate, scope: string, tag: string | null): ScopeRollup {
  let r = agg.scopes.get(scope);
  if (!r) {
    const dims = tag === null;
    r = {
      scope,
      tag,
      cells: new Map(),
      daily: dims ? new Map() : null,
      hourly: dims ? new Map() : null,
      cotags: new Map(),
      top: new Map(),
      authors: dims ? new Map() : null,
    };
    agg.scopes.set(scope, r);
  }
  return r;
}

function addCell(agg: Aggregate, cells: Map<string, Cell>, k: string, c: Contribution) {
  const h = cells.get(k);
  if (h) {
    h[0] += c.posts;
    h[1] += c.likes;
    h[2] += c.comments;
    h[3] += c.shares;
    h[4] += c.views;
  } else {
    cells.set(k, [c.posts, c.likes, c.comments, c.shares, c.views, 0]);
    agg.size++;
  }
}

function addCotags(agg: Aggregate, r: ScopeRollup, period: string, tags: string[]) {
  let m = r.cotags.get(period);
  if (!m) r.cotags.set(period, (m = new Map()));
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i];
    if (t === r.tag) continue;
    const n = m.get(t);
    if (n === undefined) {
      m.set(t, 1);
      agg.size++;
    } else m.set(t, n + 1);
  }
}

/** Offers a post to a top list; a new post below every floor it could enter by is left out. */
function offer(agg: Aggregate, r: ScopeRollup, period: string, c: Contribution) {
  let list = r.top.get(period);
  if (!list) r.top.set(period, (list = { entries: [], floor: -Infinity, platformFloor: null, langFloor: null }));
  const s = c.score;
  // Everything that could rank it out of the list is already in it (with TOP_N better, strictly),
  // and a new post has no older entry of its own that it would replace.
  if (
    c.posts &&
    s < list.floor &&
    (!list.platformFloor ||
      (s < (list.platformFloor.get(c.platform) ?? -Infinity) && s < (list.langFloor!.get(c.lang) ?? -Infinity)))
  )
    return;
  list.entries.push({ key: c.platform + ':' + c.externalId, id: c.id, score: s, platform: c.platform, lang: c.lang });
  agg.size++;
  // Keep candidate lists short: prune to what could still make the top (for everything and
  // campaigns, up to TOP_N per platform and per language, so more).
  const perDimension = r.tag === null;
  if (list.entries.length >= (perDimension ? 256 : 64)) {
    agg.size -= list.entries.length;
    list.entries = mergeTop([], list.entries, perDimension);
    agg.size += list.entries.length;
    setFloors(list, perDimension);
  }
}

function setFloors(list: TopList, perDimension: boolean) {
  const e = list.entries; // sorted, best first
  list.floor = e.length >= TOP_N ? e[TOP_N - 1].score : -Infinity;
  if (!perDimension) return;
  const nth = (dim: (x: TopEntry) => string) => {
    const seen = new Map<string, number>();
    const floors = new Map<string, number>();
    for (const x of e) {
      const n = (seen.get(dim(x)) ?? 0) + 1;
      seen.set(dim(x), n);
      if (n === TOP_N) floors.set(dim(x), x.score);
    }
    return floors;
  };
  list.platformFloor = nth((x) => x.platform);
  list.langFloor = nth((x) => x.lang);
}

/** Adds one post (new, or the change of a re-imported one) to an aggregate kept over a transaction. */
export function addContribution(agg: Aggregate, c: Contribution): void {
  const at = c.createdAt;
  const hour = at.slice(0, 13);
  const day = at.slice(0, 10);
  // The cell keys of this post, made once for all its scopes.
  const keys: PostKeys = {
    hourCell: hour + SEP + c.platform + SEP + c.lang,
    dayCell: day + SEP + c.platform + SEP + c.lang,
    hourTotal: hour + SEP + ANY + SEP + ANY,
    day,
  };
  const engagement = c.likes + c.comments + c.shares;
  addWithDimensions(agg, scopeOf(agg, SCOPE_ALL, null), c, keys, engagement);
  const campaigns = c.campaignIds;
  for (let i = 0; i < campaigns.length; i++)
    addWithDimensions(agg, scopeOf(agg, named('c:', campaigns[i]), null), c, keys, engagement);
  const tags = c.tagKeys;
  if (!tags.length) return;
  const dayTotal = day + SEP + ANY + SEP + ANY;
  const byPlatform = allTimeKey(c.platform, null);
  const byLang = allTimeKey(null, c.lang);
  for (let i = 0; i < tags.length; i++) {
    const r = scopeOf(agg, named('t:', tags[i]), tags[i]);
    addCell(agg, r.cells, dayTotal, c);
    addCell(agg, r.cells, byPlatform, c);
    addCell(agg, r.cells, byLang, c);
    if (c.posts) addCotags(agg, r, ALL_TIME, tags);
    offer(agg, r, ALL_TIME, c);
  }
  if (c.posts) {
    for (let i = 0; i < tags.length; i++) {
      const t = tags[i];
      const d = agg.tagDir.get(t);
      if (!d) {
        agg.tagDir.set(t, { tag: agg.spelling.get(t) ?? t, posts: 1, firstAt: at, lastAt: at });
        agg.size++;
      } else {
        d.posts++;
        if (at < d.firstAt) d.firstAt = at;
        if (at > d.lastAt) d.lastAt = at;
      }
    }
  }
}

interface PostKeys {
  hourCell: string;
  dayCell: string;
  hourTotal: string;
  day: string;
}

/** Everything and campaigns: cells by hour, day and hour total, co-hashtags, top posts, authors. */
function addWithDimensions(agg: Aggregate, r: ScopeRollup, c: Contribution, k: PostKeys, engagement: number) {
  addCell(agg, r.cells, k.hourCell, c);
  // Summaries the unfiltered dashboards read: per day, and per hour without dimensions.
  addCell(agg, r.daily!, k.dayCell, c);
  addCell(agg, r.hourly!, k.hourTotal, c);
  if (c.posts && c.tagKeys.length) {
    addCotags(agg, r, k.day, c.tagKeys);
    addCotags(agg, r, ALL_TIME, c.tagKeys);
  }
  offer(agg, r, k.day, c);
  offer(agg, r, ALL_TIME, c);
  if (c.authorKey) addAuthor(agg, r, c, engagement);
}

function addAuthor(agg: Aggregate, r: ScopeRollup, c: Contribution, engagement: number) {
  const a = r.authors!.get(c.authorKey!);
  if (!a) {
    r.authors!.set(c.authorKey!, {
      scope: r.scope,
      authorKey: c.authorKey!,
      platform: c.platform,
      handle: c.authorHandle,
      name: c.authorName,
      followers: c.authorFollowers,
      posts: c.posts,
      engagement,
      firstAt: c.createdAt,
      firstLang: c.lang,
      lastAt: c.createdAt,
    });
    agg.size++;
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

/** Adds new authors (or moves them to an earlier first post) in the hour and day of that post. */
export function bumpNewAuthors(r: ScopeRollup, at: string, platform: string, lang: string, by: number): void {
  const bump = (cells: Map<string, Cell>, k: string) => {
    const cell = cells.get(k) ?? cells.set(k, [0, 0, 0, 0, 0, 0]).get(k)!;
    cell[5] += by;
  };
  bump(r.cells, at.slice(0, 13) + SEP + platform + SEP + lang);
  bump(r.daily!, at.slice(0, 10) + SEP + platform + SEP + lang);
}

/** The rows an aggregate adds to monitor_rollup_hours: scope, bucket, platform, lang, then the Cell. */
export function* hourRows(agg: Aggregate): Iterable<[string, string, string, string, Cell]> {
  for (const r of agg.scopes.values()) {
    for (const [scope, cells] of [
      [r.scope, r.cells],
      [dailyScope(r.scope), r.daily],
      [hourlyTotalScope(r.scope), r.hourly],
    ] as const) {
      if (!cells) continue;
      for (const [k, v] of cells) {
        const [bucket, platform, lang] = k.split(SEP);
        yield [scope, bucket, platform, lang, v];
      }
    }
  }
}

/** The rows an aggregate adds to monitor_rollup_tags: scope, period, co-hashtag, posts. */
export function* cotagRows(agg: Aggregate): Iterable<[string, string, string, number]> {
  for (const r of agg.scopes.values())
    for (const [period, tags] of r.cotags) for (const [t, n] of tags) yield [r.scope, period, t, n];
}

/** The per-author rows of everything and campaigns. */
export function* authorRows(agg: Aggregate): Iterable<AuthorDelta> {
  for (const r of agg.scopes.values()) if (r.authors) yield* r.authors.values();
}

/**
 * Merges candidates into a day's stored top list. What is kept is the union of the top posts
 * overall, per platform and per language (for everything and campaigns), so a single platform or
 * language filter still finds the right posts; the same post appears once, with its latest
 * engagement. Hashtags keep the overall top only.
 */
export function mergeTop(stored: TopEntry[], candidates: TopEntry[], perDimension = true): TopEntry[] {
  const byKey = new Map<string, TopEntry>();
  for (const e of stored) byKey.set(e.key, e);
  for (const e of candidates) byKey.set(e.key, e);
  const all = [...byKey.values()].sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
  const keep = new Set<string>();
  const perPlatform = new Map<string, number>();
  const perLang = new Map<string, number>();
  all.forEach((e, i) => {
    const np = (perPlatform.get(e.platform) ?? 0) + 1;
    const nl = (perLang.get(e.lang) ?? 0) + 1;
    perPlatform.set(e.platform, np);
    perLang.set(e.lang, nl);
    if (i < TOP_N || (perDimension && (np <= TOP_N || nl <= TOP_N))) keep.add(e.key);
  });
  return all.filter((e) => keep.has(e.key));
}

/** Whether two top lists hold the same entries in the same order (an unchanged list is not written again). */
export function sameTop(a: TopEntry[], b: TopEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.key !== y.key || x.id !== y.id || x.score !== y.score || x.platform !== y.platform || x.lang !== y.lang)
      return false;
  }
  return true;
}
