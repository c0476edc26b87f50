// The monitor's hashtag directory (monitor_tags): every hashtag seen, by its folded key, with its
// first spelling, posts and first and last post.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { bulk } from './writer.repository.ts';

type Q = Kysely<Database>;

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

/** The stored spelling of each of these keys (a key not in the directory is left out). */
export const spellings = (db: Q, keys: string[]) =>
  db.selectFrom('monitor_tags').select(['key', 'tag']).where('key', 'in', keys).execute();

const contains = (s: string) => `%${s.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

/** Hashtags with the most posts, those whose key or skeleton contains the fragment's when given. */
export async function listTags(db: Q, fragment: { key: string; skeleton: string } | null, limit: number) {
  let q = db.selectFrom('monitor_tags').select(['key', 'tag', 'posts', 'last_at']);
  if (fragment !== null)
    q = q.where((eb) =>
      fragment.skeleton
        ? eb.or([eb('key', 'like', contains(fragment.key)), eb('skeleton', 'like', contains(fragment.skeleton))])
        : eb('key', 'like', contains(fragment.key)),
    );
  return q.orderBy('posts', 'desc').limit(limit).execute();
}

export const findTag = (db: Q, key: string) =>
  db.selectFrom('monitor_tags').selectAll().where('key', '=', key).executeTakeFirst();
