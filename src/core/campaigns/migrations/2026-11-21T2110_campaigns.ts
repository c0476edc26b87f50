// Campaigns, their hashtag alias groups and their components (core/campaigns).
// Until each module had its own migrations, 2026-11-21T2200_foundation created them. A database that ran
// that one already has them, hence ifNotExists. Frozen once merged. Imports no application code.
import type { Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres');

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('date_precision', 'text', (c) => c.notNull().defaultTo('day'))
    .addColumn('organiser', 'text', (c) => c.notNull()) // {kk,ru,en}
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('goals', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('figures', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('uncertainties', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sources', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reference_key', 'text', (c) => c.unique()) // set for rows that come from data/reference
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .execute();
  await db.schema
    .createIndex('campaigns_status_idx')
    .ifNotExists()
    .on('campaigns')
    .columns(['status', 'starts_on'])
    .execute();

  await db.schema
    .createTable('campaign_hashtags')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('group_no', 'integer', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('tag_folded', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('campaign_hashtags_campaign_idx')
    .ifNotExists()
    .on('campaign_hashtags')
    .column('campaign_id')
    .execute();
  await db.schema
    .createIndex('campaign_hashtags_folded_idx')
    .ifNotExists()
    .on('campaign_hashtags')
    .column('tag_folded')
    .execute();

  await db.schema
    .createTable('campaign_components')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // draft | published
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('campaign_components_campaign_idx')
    .ifNotExists()
    .on('campaign_components')
    .columns(['campaign_id', 'position'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // Other modules' tables reference components; PostgreSQL drops those references with CASCADE.
  for (const t of ['campaign_components', 'campaign_hashtags', 'campaigns']) {
    const drop = db.schema.dropTable(t).ifExists();
    await (isPostgres(db) ? drop.cascade() : drop).execute();
  }
}
