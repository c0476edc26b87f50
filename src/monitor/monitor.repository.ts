// The monitor's tables, as plain functions taking the database (or a transaction) first.
// Bulk writes: on SQLite, one prepared single-row statement per table, compiled once per connection
// and run row by row inside the caller's transaction (no per-batch SQL text to build, parse and
// plan), on the writer's worker thread when the transaction runs there; on PostgreSQL, multi-row
// statements of a few thousand rows each.
import { CompiledQuery, type Kysely, type Selectable } from 'kysely';
import { sqliteBulk, valuesList } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import type { MonitorPostsTable } from './monitor.table.ts';
import type { TopEntry } from './monitor.model.ts';
import type { AuthorDelta } from './rollups.ts';

type Q = Kysely<Database>;

/** Rows per statement: stays under SQLite's 32,766 bound parameters and PostgreSQL's 65,535. */
const chunkFor = (columns: number) => Math.max(1, Math.floor(30_000 / columns));

/** `head` VALUES … `tail` for every row (arrays in column order, made as they are written); the rows RETURNING gives, if any. */
async function bulk<R = unknown>(
  db: Q,
  head: string,
  columns: number,
  rows: Iterable<unknown[]>,
  tail: string,
): Promise<R[]> {
  const out: R[] = [];
  const sqlite = sqliteBulk(db);
  const one = sqlite ? `${head} VALUES ${valuesList(db, 1, columns)} ${tail}` : '';
  // In parts: on SQLite no one message to the writer's thread is large, on PostgreSQL a statement
  // stays under the bound parameters limit; and only one part's row arrays exist at a time.
  const size = sqlite ? 5000 : chunkFor(columns);
  const write = async (part: unknown[][]) => {
    if (sqlite && tail.includes('RETURNING')) out.push(...(await sqlite.returning<R>(one, part)));
    else if (sqlite) await sqlite.run(one, part);
    else
      out.push(
        ...(
          await db.executeQuery<R>(
            CompiledQuery.raw(`${head} VALUES ${valuesList(db, part.length, columns)} ${tail}`, part.flat()),
          )
        ).rows,
      );
  };
  let part: unknown[][] = [];
  for (const r of rows) {
    part.push(r);
    if (part.length >= size) {
      await write(part);
      part = [];
    }
  }
  if (part.length) await write(part);
  return out;
}

function* mapped<T, U>(xs: Iterable<T>, f: (x: T) => U): Iterable<U> {
  for (const x of xs) yield f(x);
}

export type PostRow = Selectable<MonitorPostsTable>;

const POST_COLUMNS = [
  'id',
  'platform',
  'external_id',
  'url',
  'author_id',
  'author_handle',
  'author_name',
  'author_followers',
  'author_key',
  'created_at',
  'text',
  'hashtags',
  'tag_keys',
  'mentions',
  'links',
  'lang',
  'campaign_ids',
  'reply_to',
  'repost_of',
  'quote_of',
  'likes',
  'comments',
  'shares',
  'views',
  'media_count',
  'source',
  'raw',
  'collected_at',
  'first_seen_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof PostRow>;
const POST_INSERT = `INSERT INTO monitor_posts (${POST_COLUMNS.join(', ')})`;
const postValues = (r: PostRow) => POST_COLUMNS.map((c) => r[c]);

/** Inserts posts that are not stored yet; for each row, whether it was inserted (false: already stored). */
export async function insertNewPosts(db: Q, rows: PostRow[]): Promise<boolean[]> {
  const sqlite = sqliteBulk(db);
  // On SQLite, one row at a time: whether it was inserted is in `changes`, no RETURNING row to build.
  if (sqlite)
    return sqlite.changed(
      `${POST_INSERT} VALUES ${valuesList(db, 1, POST_COLUMNS.length)} ON CONFLICT (platform, external_id) DO NOTHING`,
      rows.map(postValues),
    );
  const res = await bulk<{ platform: string; external_id: string }>(
    db,
    POST_INSERT,
    POST_COLUMNS.length,
    rows.map(postValues),
    'ON CONFLICT (platform, external_id) DO NOTHING RETURNING platform, external_id',
  );
  const inserted = new Set(res.map((r) => `${r.platform}:${r.external_id}`));
  return rows.map((r) => inserted.has(`${r.platform}:${r.external_id}`));
}

export type StoredPost = Pick<
  PostRow,
  | 'id'
  | 'platform'
  | 'external_id'
  | 'created_at'
  | 'lang'
  | 'tag_keys'
  | 'campaign_ids'
  | 'author_key'
  | 'author_followers'
  | 'likes'
  | 'comments'
  | 'shares'
  | 'views'
>;

export async function findPosts(db: Q, keys: Array<{ platform: string; externalId: string }>): Promise<StoredPost[]> {
  const out: StoredPost[] = [];
  const byPlatform = new Map<string, string[]>();
  for (const k of keys)
    (byPlatform.get(k.platform) ?? byPlatform.set(k.platform, []).get(k.platform)!).push(k.externalId);
  for (const [platform, ids] of byPlatform) {
    for (let i = 0; i < ids.length; i += 5000) {
      out.push(
        ...(await db
          .selectFrom('monitor_posts')
          .select([
            'id',
            'platform',
            'external_id',
            'created_at',
            'lang',
            'tag_keys',
            'campaign_ids',
            'author_key',
            'author_followers',
            'likes',
            'comments',
            'shares',
            'views',
          ])
          .where('platform', '=', platform)
          .where('external_id', 'in', ids.slice(i, i + 5000))
          .execute()),
      );
    }
  }
  return out;
}

/** A re-import refreshes what changes over time (engagement, follower counts, the raw record). */
export async function refreshPosts(db: Q, rows: PostRow[]): Promise<void> {
  await bulk(
    db,
    POST_INSERT,
    POST_COLUMNS.length,
    rows.map(postValues),
    `
      ON CONFLICT (platform, external_id) DO UPDATE SET
        likes = COALESCE(excluded.likes, monitor_posts.likes),
        comments = COALESCE(excluded.comments, monitor_posts.comments),
        shares = COALESCE(excluded.shares, monitor_posts.shares),
        views = COALESCE(excluded.views, monitor_posts.views),
        author_followers = COALESCE(excluded.author_followers, monitor_posts.author_followers),
        url = COALESCE(monitor_posts.url, excluded.url),
        raw = excluded.raw,
        collected_at = COALESCE(excluded.collected_at, monitor_posts.collected_at),
        updated_at = excluded.updated_at`,
  );
}

export async function addHours(db: Q, rows: Iterable<[string, string, string, string, number[]]>): Promise<void> {
  await bulk(
    db,
    'INSERT INTO monitor_rollup_hours (scope, bucket, platform, lang, posts, likes, comments, shares, views, new_authors)',
    10,
    mapped(rows, ([s, b, p, l, v]) => [s, b, p, l, ...v]),
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
  n: number;
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
  const moved = await db.executeQuery<NewAuthors>(
    CompiledQuery.raw(`SELECT d.scope, d.platform, substr(d.first_at, 1, 13) AS hour, d.first_lang AS lang, substr(a.first_at, 1, 13) AS prev_hour, a.first_lang AS prev_lang, count(*) AS n
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
  return moved.rows.map((r) => ({ ...r, n: Number(r.n) }));
}

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
      for (const r of rows) out.set(`${r.scope}\u0001${day}`, JSON.parse(r.posts));
    }
  }
  return out;
}

export async function saveTop(db: Q, rows: Array<[string, string, string]>): Promise<void> {
  await bulk(
    db,
    'INSERT INTO monitor_rollup_top (scope, day, posts)',
    3,
    rows,
    'ON CONFLICT (scope, day) DO UPDATE SET posts = excluded.posts',
  );
}

export async function addTagDirectory(
  db: Q,
  rows: Iterable<[string, string, string, number, string, string]>,
): Promise<void> {
  await bulk(
    db,
    'INSERT INTO monitor_tags (key, tag, skeleton, posts, first_at, last_at)',
    6,
    rows,
    `
      ON CONFLICT (key) DO UPDATE SET
        posts = monitor_tags.posts + excluded.posts,
        first_at = CASE WHEN excluded.first_at < monitor_tags.first_at THEN excluded.first_at ELSE monitor_tags.first_at END,
        last_at = CASE WHEN excluded.last_at > monitor_tags.last_at THEN excluded.last_at ELSE monitor_tags.last_at END`,
  );
}

export async function getCursor(db: Q, connector: string, query: string) {
  return db
    .selectFrom('monitor_cursors')
    .selectAll()
    .where('connector', '=', connector)
    .where('query', '=', query)
    .executeTakeFirst();
}

export async function saveCursor(
  db: Q,
  row: {
    connector: string;
    query: string;
    cursor: string | null;
    last_run_at: string;
    last_error: string | null;
    fetched: number;
  },
): Promise<void> {
  await db
    .insertInto('monitor_cursors')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['connector', 'query']).doUpdateSet((eb) => ({
        cursor: eb.ref('excluded.cursor'),
        last_run_at: eb.ref('excluded.last_run_at'),
        last_error: eb.ref('excluded.last_error'),
        fetched: eb('monitor_cursors.fetched', '+', eb.ref('excluded.fetched')),
      })),
    )
    .execute();
}

export async function listCursors(db: Q) {
  return db.selectFrom('monitor_cursors').selectAll().orderBy('connector').orderBy('query').execute();
}
