// The monitor's rollups (monitor_rollup_hours, _tags, _top, monitor_scope_authors), as plain
// functions taking the database (or a transaction) first: what ingest adds, and what the dashboards read.
import { CompiledQuery, type ExpressionBuilder, type Kysely } from 'kysely';
import { dialectOf } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import { ALL_TIME, ANY, type Filter, type TopEntry } from './monitor.model.ts';
import type { AuthorDelta } from './rollups.ts';
import { bulk } from './writer.repository.ts';

type Q = Kysely<Database>;

function* mapped<T, U>(xs: Iterable<T>, f: (x: T) => U): Iterable<U> {
  for (const x of xs) yield f(x);
}

export async function addHours(db: Q, rows: Iterable<[string, string, string, string, number[]]>): Promise<void> {
  await bulk(
    db,
    'INSERT INTO monitor_rollup_hours (scope, bucket, platform, lang, posts, likes, comments, shares, views, new_authors)',
    10,
    mapped(rows, ([scope, bucket, platform, lang, cell]) => [scope, bucket, platform, lang, ...cell]),
    `
      ON CONFLICT (scope, bucket, platform, lang) DO UPDATE SET
        posts = monitor_rollup_hours.posts + excluded.posts,
        likes = monitor_rollup_hours.likes + excluded.likes,
        comments = monitor_rollup_hours.comments + excluded.comments,
        shares = monitor_rollup_hours.shares + excluded.shares,
        views = monitor_rollup_hours.views + excluded.views,
        new_authors = monitor_rollup_hours.new_authors + excluded.new_authors`,
  );
}

export async function addTags(db: Q, rows: Iterable<[string, string, string, number]>): Promise<void> {
  await bulk(
    db,
    'INSERT INTO monitor_rollup_tags (scope, day, tag, posts)',
    4,
    rows,
    'ON CONFLICT (scope, day, tag) DO UPDATE SET posts = monitor_rollup_tags.posts + excluded.posts',
  );
}

/** New authors of a scope in an hour (or authors moved to an earlier first post): what to add to its cells. */
export interface NewAuthors {
  scope: string;
  platform: string;
  /** The hour (YYYY-MM-DDTHH) and language of their first post now. */
  hour: string;
  lang: string;
  /** Where their first post was before, for authors moved to an earlier one (to subtract from); null for new authors. */
  prev_hour: string | null;
  prev_lang: string | null;
  /** How many authors. */
  authors: number;
}

const AUTHOR_COLUMNS =
  'scope, author_key, platform, handle, name, followers, posts, engagement, first_at, first_lang, last_at';

/**
 * Adds to the per-scope author rows, set-based: the rows are staged in a temporary table, new
 * authors (and authors whose first post moved earlier) are counted by one join against the stored
 * rows, and one INSERT … SELECT merges everything in key order (no row-by-row upsert reading back
 * what it changed).
 */
export async function addScopeAuthors(db: Q, rows: Iterable<AuthorDelta>): Promise<NewAuthors[]> {
  await db.executeQuery(
    CompiledQuery.raw(`CREATE TEMP TABLE IF NOT EXISTS monitor_author_deltas (scope text NOT NULL, author_key text NOT NULL, platform text NOT NULL, handle text, name text,
      followers bigint NOT NULL, posts integer NOT NULL, engagement bigint NOT NULL, first_at text NOT NULL, first_lang text NOT NULL, last_at text NOT NULL)`),
  );
  await bulk(
    db,
    `INSERT INTO monitor_author_deltas (${AUTHOR_COLUMNS})`,
    11,
    mapped(rows, (a) => [
      a.scope,
      a.authorKey,
      a.platform,
      a.handle,
      a.name,
      a.followers,
      a.posts,
      a.engagement,
      a.firstAt,
      a.firstLang,
      a.lastAt,
    ]),
    '',
  );
  // PostgreSQL keeps no statistics for a temporary table: without them it plans the join below as
  // a scan of every stored author per batch, which made a 1M-post import slow down as it grew.
  if (dialectOf(db) === 'postgres') await db.executeQuery(CompiledQuery.raw('ANALYZE monitor_author_deltas'));
  const moved = await db.executeQuery<NewAuthors>(
    CompiledQuery.raw(`SELECT d.scope, d.platform, substr(d.first_at, 1, 13) AS hour, d.first_lang AS lang, substr(a.first_at, 1, 13) AS prev_hour, a.first_lang AS prev_lang, count(*) AS authors
      FROM monitor_author_deltas d LEFT JOIN monitor_scope_authors a ON a.scope = d.scope AND a.author_key = d.author_key
      WHERE d.posts > 0 AND (a.first_at IS NULL OR d.first_at < a.first_at)
      GROUP BY d.scope, d.platform, substr(d.first_at, 1, 13), d.first_lang, substr(a.first_at, 1, 13), a.first_lang`),
  );
  await db.executeQuery(
    CompiledQuery.raw(`INSERT INTO monitor_scope_authors (${AUTHOR_COLUMNS}) SELECT ${AUTHOR_COLUMNS} FROM monitor_author_deltas WHERE true ORDER BY scope, author_key
      ON CONFLICT (scope, author_key) DO UPDATE SET
        handle = COALESCE(excluded.handle, monitor_scope_authors.handle),
        name = COALESCE(excluded.name, monitor_scope_authors.name),
        followers = CASE WHEN excluded.followers > monitor_scope_authors.followers THEN excluded.followers ELSE monitor_scope_authors.followers END,
        posts = monitor_scope_authors.posts + excluded.posts,
        engagement = monitor_scope_authors.engagement + excluded.engagement,
        first_lang = CASE WHEN excluded.first_at < monitor_scope_authors.first_at THEN excluded.first_lang ELSE monitor_scope_authors.first_lang END,
        first_at = CASE WHEN excluded.first_at < monitor_scope_authors.first_at THEN excluded.first_at ELSE monitor_scope_authors.first_at END,
        last_at = CASE WHEN excluded.last_at > monitor_scope_authors.last_at THEN excluded.last_at ELSE monitor_scope_authors.last_at END`),
  );
  await db.executeQuery(CompiledQuery.raw('DELETE FROM monitor_author_deltas'));
  return moved.rows.map((r) => ({ ...r, authors: Number(r.authors) }));
}

/**
 * A top list entry as monitor_rollup_top.posts stores it (a JSON array): the short keys existing
 * databases hold, kept so that they read the same.
 */
interface StoredTopEntry {
  k: string;
  id: string;
  s: number;
  p: string;
  l: string;
}
const readTop = (json: string): TopEntry[] =>
  (JSON.parse(json) as StoredTopEntry[]).map((e) => ({ key: e.k, id: e.id, score: e.s, platform: e.p, lang: e.l }));
const writeTop = (entries: TopEntry[]): string =>
  JSON.stringify(entries.map((e): StoredTopEntry => ({ k: e.key, id: e.id, s: e.score, p: e.platform, l: e.lang })));

export async function loadTop(db: Q, keys: Array<{ scope: string; day: string }>): Promise<Map<string, TopEntry[]>> {
  const out = new Map<string, TopEntry[]>();
  const byDay = new Map<string, string[]>();
  for (const k of keys) (byDay.get(k.day) ?? byDay.set(k.day, []).get(k.day)!).push(k.scope);
  for (const [day, scopes] of byDay) {
    for (let i = 0; i < scopes.length; i += 5000) {
      const rows = await db
        .selectFrom('monitor_rollup_top')
        .select(['scope', 'posts'])
        .where('day', '=', day)
        .where('scope', 'in', scopes.slice(i, i + 5000))
        .execute();
      for (const r of rows) out.set(`${r.scope}\u0001${day}`, readTop(r.posts));
    }
  }
  return out;
}

export async function saveTop(db: Q, lists: Array<{ scope: string; day: string; entries: TopEntry[] }>): Promise<void> {
  await bulk(
    db,
    'INSERT INTO monitor_rollup_top (scope, day, posts)',
    3,
    mapped(lists, (l) => [l.scope, l.day, writeTop(l.entries)]),
    'ON CONFLICT (scope, day) DO UPDATE SET posts = excluded.posts',
  );
}

const endOf = (day: string) => `${day}\uffff`;

/** sum(column) AS column, over volume cells. */
const sum = (
  eb: ExpressionBuilder<Database, 'monitor_rollup_hours'>,
  column: 'posts' | 'likes' | 'comments' | 'shares' | 'views' | 'new_authors',
) => eb.fn.sum<number>(column).as(column);

/** The volume cells a filter covers: its scope, days (inclusive), platform and language. */
function cellsOf<QB extends { where: any }>(qb: QB, f: Filter): QB {
  let q: any = qb.where('scope', '=', f.scope);
  if (f.from) q = q.where('bucket', '>=', f.from);
  if (f.to) q = q.where('bucket', '<=', endOf(f.to));
  if (f.platform) q = q.where('platform', '=', f.platform);
  if (f.lang) q = q.where('lang', '=', f.lang);
  return q;
}

/** A filter's volume per bucket and platform, summed over languages. */
export const volumeByPlatform = (db: Q, f: Filter) =>
  cellsOf(
    db
      .selectFrom('monitor_rollup_hours')
      .select((eb) => [
        'bucket',
        'platform',
        sum(eb, 'posts'),
        sum(eb, 'likes'),
        sum(eb, 'comments'),
        sum(eb, 'shares'),
        sum(eb, 'views'),
        sum(eb, 'new_authors'),
      ])
      .groupBy(['bucket', 'platform']),
    f,
  ).execute();

/** A filter's posts per language. */
export const postsByLang = (db: Q, f: Filter) =>
  cellsOf(
    db
      .selectFrom('monitor_rollup_hours')
      .select((eb) => ['lang', sum(eb, 'posts')])
      .groupBy('lang'),
    f,
  ).execute();

/** A filter's posts per bucket. */
export const postsByBucket = (db: Q, f: Filter) =>
  cellsOf(
    db
      .selectFrom('monitor_rollup_hours')
      .select((eb) => ['bucket', sum(eb, 'posts')])
      .groupBy('bucket'),
    f,
  ).execute();

/** A hashtag's volume per day (its cells for every platform and language), between inclusive days. */
export async function tagDailyVolume(db: Q, f: Filter) {
  let q = db
    .selectFrom('monitor_rollup_hours')
    .select((eb) => [
      'bucket',
      sum(eb, 'posts'),
      sum(eb, 'likes'),
      sum(eb, 'comments'),
      sum(eb, 'shares'),
      sum(eb, 'views'),
    ])
    .where('scope', '=', f.scope)
    .where('bucket', '!=', ALL_TIME)
    .where('platform', '=', ANY);
  if (f.from) q = q.where('bucket', '>=', f.from);
  if (f.to) q = q.where('bucket', '<=', f.to);
  return q.groupBy('bucket').execute();
}

/** A hashtag's cells for all time: one per platform (language ANY) and one per language (platform ANY). */
export const tagAllTimeSplit = (db: Q, scope: string) =>
  db
    .selectFrom('monitor_rollup_hours')
    .select(['platform', 'lang', 'posts', 'likes', 'comments', 'shares'])
    .where('scope', '=', scope)
    .where('bucket', '=', ALL_TIME)
    .execute();

/** Inclusive days of the per-day rows (top lists, co-hashtags); null: the all-time row. */
export type Days = { from: string; to: string } | null;

/** A scope's stored top lists: the all-time one, or one per day. */
export async function topLists(db: Q, scope: string, days: Days): Promise<TopEntry[][]> {
  let q = db.selectFrom('monitor_rollup_top').select('posts').where('scope', '=', scope);
  if (!days) q = q.where('day', '=', ALL_TIME);
  else q = q.where('day', '>=', days.from).where('day', '<=', days.to);
  return (await q.execute()).map((r) => readTop(r.posts));
}

/** A scope's co-hashtags with their posts, most first. */
export async function coTags(db: Q, scope: string, days: Days, limit: number) {
  let q = db
    .selectFrom('monitor_rollup_tags')
    .select((eb) => ['tag', eb.fn.sum<number>('posts').as('posts')])
    .where('scope', '=', scope);
  if (!days) q = q.where('day', '=', ALL_TIME);
  else q = q.where('day', '>=', days.from).where('day', '<=', days.to);
  return q.groupBy('tag').orderBy('posts', 'desc').limit(limit).execute();
}

/** A scope's authors with the most followers, among those whose posts in it span the filter's days (on its platform). */
export async function topScopeAuthors(db: Q, f: Filter, limit: number) {
  let q = db
    .selectFrom('monitor_scope_authors')
    .select(['author_key', 'platform', 'handle', 'name', 'followers', 'posts', 'engagement'])
    .where('scope', '=', f.scope);
  if (f.platform) q = q.where('platform', '=', f.platform);
  if (f.from) q = q.where('last_at', '>=', f.from);
  if (f.to) q = q.where('first_at', '<=', endOf(f.to));
  return q.orderBy('followers', 'desc').limit(limit).execute();
}
