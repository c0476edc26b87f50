// Observatory schema: cases, laws, events, organisations and sources in one entity table, typed
// links between entities and campaigns, a denormalised timeline index, and per-entity edit history.
// Frozen once merged: add a new migration instead of editing this one. Imports no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('obs_entities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // case | law | event | organisation | source
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull()) // draft | review | published
    .addColumn('subtype', 'text') // law kind, event kind, organisation kind, source kind
    .addColumn('title', 'text', (c) => c.notNull()) // {kk,ru,en}
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('region', 'text') // KZ-xx, checked by the service against the regions reference
    .addColumn('place', 'text', (c) => c.notNull().defaultTo('{}')) // city or venue, {kk,ru,en}
    .addColumn('date_start', 'text') // YYYY, YYYY-MM or YYYY-MM-DD
    .addColumn('date_end', 'text')
    .addColumn('sort_date', 'text') // YYYY-MM-DD with 00 for unknown parts
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}')) // kind-specific JSON
    .addColumn('steps', 'text', (c) => c.notNull().defaultTo('[]')) // dated status steps, JSON
    .addColumn('uncertainties', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('pending', 'text') // a proposed edit awaiting a moderator: {input, by} JSON
    .addColumn('pending_by', 'text') // staff id of the proposer
    .addColumn('pending_at', 'text')
    .addColumn('reference_key', 'text', (c) => c.unique())
    .addColumn('reference_hash', 'text') // content hash as last loaded from data/reference
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .execute();
  await db.schema
    .createIndex('obs_entities_kind_idx')
    .on('obs_entities')
    .columns(['status', 'kind', 'sort_date'])
    .execute();
  await db.schema
    .createIndex('obs_entities_region_idx')
    .on('obs_entities')
    .columns(['status', 'region', 'kind'])
    .execute();

  // A typed relation between two endpoints, each an observatory entity or a campaign (by id).
  await db.schema
    .createTable('obs_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_type', 'text', (c) => c.notNull()) // entity | campaign
    .addColumn('from_id', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull()) // sparked | responded_to | organised_by | preceded | cites
    .addColumn('to_type', 'text', (c) => c.notNull())
    .addColumn('to_id', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo('{}')) // for cites: the claim the source supports
    .addColumn('approved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reference_key', 'text', (c) => c.unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('obs_links_unique_idx')
    .on('obs_links')
    .columns(['from_id', 'relation', 'to_id'])
    .unique()
    .execute();
  await db.schema.createIndex('obs_links_to_idx').on('obs_links').columns(['to_id', 'relation']).execute();

  // One row per dated moment of a published or unpublished entity: its own date and each dated step.
  await db.schema
    .createTable('obs_timeline')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entity_id', 'text', (c) => c.notNull().references('obs_entities.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('published', 'integer', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('sort_date', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('step', 'text') // null for the entity's own date
    .addColumn('step_no', 'integer', (c) => c.notNull().defaultTo(-1))
    .execute();
  await db.schema
    .createIndex('obs_timeline_order_idx')
    .on('obs_timeline')
    .columns(['published', 'sort_date', 'id'])
    .execute();
  await db.schema.createIndex('obs_timeline_entity_idx').on('obs_timeline').column('entity_id').execute();
  await db.schema
    .createIndex('obs_timeline_year_idx')
    .on('obs_timeline')
    .columns(['published', 'year', 'sort_date'])
    .execute();
  await db.schema
    .createIndex('obs_timeline_kind_idx')
    .on('obs_timeline')
    .columns(['published', 'kind', 'sort_date'])
    .execute();
  await db.schema
    .createIndex('obs_timeline_region_idx')
    .on('obs_timeline')
    .columns(['published', 'region', 'sort_date'])
    .execute();

  // Who changed what and when, per entity (staff-only; the audit log keeps the security trail).
  await db.schema
    .createTable('obs_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entity_id', 'text', (c) => c.notNull().references('obs_entities.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('obs_revisions_entity_idx').on('obs_revisions').columns(['entity_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['obs_revisions', 'obs_timeline', 'obs_links', 'obs_entities'])
    await db.schema.dropTable(t).ifExists().execute();
}
