// The monitor's posts (monitor_posts), as plain functions taking the database (or a transaction) first.
import type { AliasedExpression, ExpressionBuilder, Kysely, Selectable } from 'kysely';
import { sqliteBulk, valuesList } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import type { Filter } from './monitor.model.ts';
import type { MonitorPostsTable } from './monitor.table.ts';
import { bulk } from './writer.repository.ts';

type Q = Kysely<Database>;

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

/** What the top posts show of each post. */
export const postsByIds = (db: Q, ids: string[]) =>
  db
    .selectFrom('monitor_posts')
    .select([
      'id',
      'platform',
      'external_id',
      'url',
      'author_handle',
      'created_at',
      'text',
      'lang',
      'likes',
      'comments',
      'shares',
      'views',
    ])
    .where('id', 'in', ids)
    .execute();

/** The columns of a post in an export, in the files' order. */
export const EXPORT_COLUMNS = [
  'platform',
  'external_id',
  'url',
  'created_at',
  'author_key',
  'author_handle',
  'author_name',
  'author_followers',
  'lang',
  'text',
  'hashtags',
  'mentions',
  'links',
  'reply_to',
  'repost_of',
  'quote_of',
  'likes',
  'comments',
  'shares',
  'views',
  'media_count',
  'campaign_ids',
  'source',
] as const;

export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], unknown> & { id: string; tag_keys: string };

/** A filter's posts for an export, oldest first, read in keyset pages of 1,000 (never all at once). */
export const exportRows = (db: Q, f: Filter) =>
  scopedRows(db, f, ['id', 'tag_keys', ...EXPORT_COLUMNS]) as AsyncGenerator<ExportRow>;

/** The columns an analysis of who posted what and when reads (raw only for TikTok, whose sound lives there). */
const ANALYSIS_COLUMNS = [
  'id',
  'platform',
  'external_id',
  'url',
  'author_key',
  'author_handle',
  'created_at',
  'text',
  'tag_keys',
  'mentions',
  'links',
  'reply_to',
  'repost_of',
  'quote_of',
] as const;

export type AnalysisRow = Pick<PostRow, (typeof ANALYSIS_COLUMNS)[number]> & { raw: string | null };

/** A filter's posts for an analysis, oldest first, in keyset pages like exportRows. */
export const analysisRows = (db: Q, f: Filter) =>
  scopedRows(db, f, ANALYSIS_COLUMNS, (eb) =>
    eb.case().when('platform', '=', 'tiktok').then(eb.ref('raw')).else(null).end().as('raw'),
  ) as AsyncGenerator<AnalysisRow>;

async function* scopedRows(
  db: Q,
  f: Filter,
  /** Must include id and created_at, the keyset. */
  columns: readonly (keyof PostRow)[],
  extra?: (eb: ExpressionBuilder<Database, 'monitor_posts'>) => AliasedExpression<unknown, string>,
): AsyncGenerator<Record<string, unknown>> {
  let after: { at: string; id: string } | null = null;
  const needle = f.scope.startsWith('c:')
    ? `%"${f.scope.slice(2)}"%`
    : f.scope.startsWith('t:')
      ? `%${JSON.stringify(f.scope.slice(2))}%`
      : null;
  for (;;) {
    let q = db.selectFrom('monitor_posts').select(columns);
    if (extra) q = q.select(extra);
    if (needle) q = q.where(f.scope.startsWith('c:') ? 'campaign_ids' : 'tag_keys', 'like', needle);
    if (f.from) q = q.where('created_at', '>=', f.from);
    if (f.to) q = q.where('created_at', '<=', `${f.to}\uffff`);
    if (f.platform) q = q.where('platform', '=', f.platform);
    if (f.lang) q = q.where('lang', '=', f.lang);
    if (after) {
      const a: { at: string; id: string } = after;
      q = q.where((eb) =>
        eb.or([eb('created_at', '>', a.at), eb.and([eb('created_at', '=', a.at), eb('id', '>', a.id)])]),
      );
    }
    const rows = (await q.orderBy('created_at').orderBy('id').limit(1000).execute()) as Record<string, unknown>[];
    for (const r of rows) yield r;
    if (rows.length < 1000) return;
    const last = rows[rows.length - 1];
    after = { at: last.created_at as string, id: last.id as string };
  }
}
