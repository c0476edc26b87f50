// Safe testimonies (components/testimony). It also created the help directory's table until it moved to
// src/help's migration 2026-11-22T0350_help (the one change made to it since it was merged; no database
// changes: that one creates the table only if missing). Imports no application code.
import { type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('testimony_org_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('previous_key_id', 'text')
    .addColumn('previous_sealed', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('testimony_staff_keys')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('wrapped_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('testimony_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_key_id', 'text', (c) => c.notNull().references('testimony_org_keys.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('testimony_grants_key_user', ['org_key_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('testimonies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('component_id', 'text')
    .addColumn('org_key_id', 'text', (c) => c.notNull().references('testimony_org_keys.id'))
    .addColumn('receipt_hash', 'text', (c) => c.notNull().unique())
    .addColumn('survivor_pk', 'text', (c) => c.notNull())
    .addColumn('envelope', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('consent', 'text', (c) => c.notNull())
    .addColumn('referral_ok', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('stats_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('referral_service_id', 'text')
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('last_activity_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('warned_on', 'text')
    .execute();
  await db.schema.createIndex('testimonies_status_idx').on('testimonies').columns(['status', 'created_on']).execute();
  await db.schema.createIndex('testimonies_expires_idx').on('testimonies').column('expires_on').execute();

  await db.schema
    .createTable('testimony_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('testimony_id', 'text', (c) => c.notNull().references('testimonies.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('org_key_id', 'text', (c) => c.notNull())
    .addColumn('for_org', 'text', (c) => c.notNull())
    .addColumn('for_survivor', 'text')
    .addColumn('draft_digest', 'text')
    .addColumn('draft_state', 'text')
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addUniqueConstraint('testimony_items_seq', ['testimony_id', 'seq'])
    .execute();

  await db.schema
    .createTable('testimony_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('testimony_id', 'text', (c) => c.notNull().references('testimonies.id').onDelete('cascade'))
    .addColumn('item_id', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('testimony_files_testimony_idx').on('testimony_files').column('testimony_id').execute();

  await db.schema
    .createTable('testimony_stats')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('testimony_id', 'text', (c) => c.unique().references('testimonies.id').onDelete('set null'))
    .addColumn('incident_year', 'integer')
    .addColumn('region', 'text')
    .addColumn('relationship', 'text')
    .addColumn('police', 'integer')
    .addColumn('delay_months', 'integer')
    .addColumn('told_year', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('testimony_stories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('testimony_id', 'text', (c) => c.references('testimonies.id').onDelete('set null'))
    .addColumn('component_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('published_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('testimony_stories_component_idx')
    .on('testimony_stories')
    .columns(['component_id', 'published_on'])
    .execute();

  await db.schema
    .createTable('testimony_promotions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('testimony_id', 'text', (c) => c.notNull().references('testimonies.id').onDelete('cascade'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('observatory_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('testimony_spent')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('testimony_expiry_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('testimonies', 'integer', (c) => c.notNull())
    .addColumn('files', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'testimony_expiry_log',
    'testimony_spent',
    'testimony_promotions',
    'testimony_stories',
    'testimony_stats',
    'testimony_files',
    'testimony_items',
    'testimonies',
    'testimony_grants',
    'testimony_staff_keys',
    'testimony_org_keys',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
