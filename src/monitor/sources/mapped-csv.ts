// Any CSV with a column mapping: which column holds the id, the thread id, the author, the body and
// the timestamp (required), and optionally the platform, url, author id, followers, engagement and
// hashtags. The mapping is written `field=column,field=column` on the command line.
import { count, isPlatform, parseTime, reject, type Platform, type PostInput } from '../post.ts';
import type { Row } from './fourcat.ts';

export const MAPPABLE = [
  'id',
  'thread_id',
  'author',
  'body',
  'timestamp',
  'platform',
  'url',
  'author_id',
  'author_name',
  'followers',
  'likes',
  'comments',
  'shares',
  'views',
  'hashtags',
  'reply_to',
] as const;
export type Mappable = (typeof MAPPABLE)[number];
export type ColumnMap = Partial<Record<Mappable, string>>;
export const REQUIRED: Mappable[] = ['id', 'thread_id', 'author', 'body', 'timestamp'];

/** Parses "id=post_id,body=text" (the default for a field is the column of the same name). */
export function parseColumnMap(spec: string | undefined): ColumnMap {
  const map: ColumnMap = {};
  for (const f of MAPPABLE) map[f] = f;
  for (const part of (spec ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [field, column] = part.split('=').map((s) => s.trim());
    if (!(MAPPABLE as readonly string[]).includes(field) || !column)
      throw new Error(`Bad column mapping "${part}": use field=column with a field among ${MAPPABLE.join(', ')}`);
    map[field as Mappable] = column;
  }
  return map;
}

/** The required fields whose column is not in the file. */
export function missingColumns(map: ColumnMap, columns: string[]): string[] {
  return REQUIRED.filter((f) => !columns.includes(map[f]!)).map((f) => `${f} (${map[f]})`);
}

export function mapCsvRow(map: ColumnMap, row: Row, fallback: Platform): PostInput {
  const get = (f: Mappable) => (map[f] ? row[map[f]!] : undefined);
  const platformCell = get('platform')?.trim().toLowerCase();
  const platform = platformCell
    ? isPlatform(platformCell)
      ? platformCell
      : reject('unsupported_platform', platformCell)
    : fallback;
  const id = get('id');
  if (!id) return reject('no_id');
  const thread = get('thread_id');
  const tags = get('hashtags');
  return {
    platform,
    externalId: id,
    url: get('url') || null,
    authorId: get('author_id') || null,
    authorHandle: get('author') || null,
    authorName: get('author_name') || null,
    authorFollowers: count(get('followers')),
    createdAt: parseTime(get('timestamp')),
    text: get('body') ?? '',
    hashtags: tags === undefined ? null : tags.split(/[,\s]+/).filter(Boolean),
    mentions: null,
    links: null,
    replyTo: get('reply_to') || (thread && thread !== id ? thread : null),
    repostOf: null,
    quoteOf: null,
    likes: count(get('likes')),
    comments: count(get('comments')),
    shares: count(get('shares')),
    views: count(get('views')),
    mediaCount: 0,
    raw: row,
  };
}
