// Monitor schema: posts (deduplicated on platform + external id), imports (resumable), rollups kept
// up to date on ingest (volume per hour, co-hashtags per day, authors per scope, top posts per day),
// the hashtag directory, and connector cursors. A scope is 'a' (everything), 'c:<campaign id>' or
// 't:<hashtag key>'. Frozen once merged. Imports no application code.
import type { Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres');

export async function up(db: Kysely<any>): Promise<void> {
  const bigint = isPostgres(db) ? 'bigint' : 'integer';
  await db.schema
    .createTable('monitor_posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('author_id', 'text')
    .addColumn('author_handle', 'text')
    .addColumn('author_name', 'text')
    .addColumn('author_followers', bigint)
    .addColumn('author_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('hashtags', 'text', (c) => c.notNull()) // JSON array, as written
    .addColumn('tag_keys', 'text', (c) => c.notNull()) // JSON array, folded keys
    .addColumn('mentions', 'text', (c) => c.notNull())
    .addColumn('links', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('campaign_ids', 'text', (c) => c.notNull()) // JSON array of campaign ids
    .addColumn('reply_to', 'text')
    .addColumn('repost_of', 'text')
    .addColumn('quote_of', 'text')
    .addColumn('likes', bigint)
    .addColumn('comments', bigint)
    .addColumn('shares', bigint)
    .addColumn('views', bigint)
    .addColumn('media_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('collected_at', 'text')
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('monitor_posts_platform_external_uq', ['platform', 'external_id'])
    .execute();
  await db.schema.createIndex('monitor_posts_created_idx').on('monitor_posts').column('created_at').execute();

  await db.schema
    .createTable('monitor_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_key', 'text', (c) => c.notNull()) // size + hash of the head: the same file resumes
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('platform', 'text')
    .addColumn('campaign_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // running | done | failed
    .addColumn('encoding', 'text')
    .addColumn('lines_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('inserted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejects', 'text', (c) => c.notNull().defaultTo('[]')) // first rejects: [{line, reason, detail}]
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('{}')) // reason → count
    .addColumn('error', 'text')
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('monitor_imports_key_idx')
    .on('monitor_imports')
    .columns(['file_key', 'status'])
    .execute();

  await db.schema
    .createTable('monitor_rollup_hours')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull()) // YYYY-MM-DDTHH (UTC); YYYY-MM-DD for hashtag scopes
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('posts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('likes', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('comments', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('shares', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('views', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('new_authors', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('monitor_rollup_hours_pk', ['scope', 'bucket', 'platform', 'lang'])
    .execute();

  await db.schema
    .createTable('monitor_rollup_tags')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull()) // '*' (all time) for hashtag scopes
    .addColumn('tag', 'text', (c) => c.notNull()) // folded key
    .addColumn('posts', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('monitor_rollup_tags_pk', ['scope', 'day', 'tag'])
    .execute();

  await db.schema
    .createTable('monitor_rollup_top')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('posts', 'text', (c) => c.notNull()) // JSON: the day's top posts overall, per platform and per language
    .addPrimaryKeyConstraint('monitor_rollup_top_pk', ['scope', 'day'])
    .execute();

  await db.schema
    .createTable('monitor_scope_authors')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('author_key', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('handle', 'text')
    .addColumn('name', 'text')
    .addColumn('followers', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('posts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('engagement', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('first_lang', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    // Set by every upsert to the values before it, so RETURNING tells new authors and moved first posts apart.
    .addColumn('prev_first_at', 'text')
    .addColumn('prev_first_lang', 'text')
    .addPrimaryKeyConstraint('monitor_scope_authors_pk', ['scope', 'author_key'])
    .execute();
  await db.schema
    .createIndex('monitor_scope_authors_reach_idx')
    .on('monitor_scope_authors')
    .columns(['scope', 'followers'])
    .execute();

  await db.schema
    .createTable('monitor_tags')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('tag', 'text', (c) => c.notNull()) // the first spelling seen
    .addColumn('skeleton', 'text', (c) => c.notNull())
    .addColumn('posts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('monitor_tags_posts_idx').on('monitor_tags').column('posts').execute();

  await db.schema
    .createTable('monitor_cursors')
    .addColumn('connector', 'text', (c) => c.notNull()) // mastodon | bluesky | vk | youtube
    .addColumn('query', 'text', (c) => c.notNull()) // instance + tag, search query …
    .addColumn('cursor', 'text')
    .addColumn('last_run_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('fetched', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('monitor_cursors_pk', ['connector', 'query'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'monitor_cursors',
    'monitor_tags',
    'monitor_scope_authors',
    'monitor_rollup_top',
    'monitor_rollup_tags',
    'monitor_rollup_hours',
    'monitor_imports',
    'monitor_posts',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
