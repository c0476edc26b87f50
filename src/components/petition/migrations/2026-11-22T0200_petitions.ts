// Petitions with their append-only signatures, integrity lists, trending reports and invalidations
// (components/petition). It also created the mail queue and the appeal tables until they moved to their
// modules' migrations 2026-11-22T0150_mail and 2026-11-22T0160_appeal (the one change made to it since
// it was merged; no database changes: those create the tables only if missing).
// Frozen once merged: add a new migration instead of editing this one. Imports no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('petitions')
    .addColumn('component_id', 'text', (c) => c.primaryKey().references('campaign_components.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // draft | moderation | open | rejected | closed | delivered | answered
    .addColumn('state_reason', 'text') // public reason for a rejection (plain text, shown as written)
    .addColumn('answer', 'text') // the addressee's answer, as staff recorded it
    .addColumn('answer_url', 'text')
    .addColumn('opened_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('count_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('count_by_region', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('recent_signers', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('milestones_reached', 'text', (c) => c.notNull().defaultTo('{}')) // {threshold: iso}
    .addColumn('counted_at', 'text')
    .addColumn('anonymised_at', 'text')
    .addColumn('reference_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('petitions_state_idx').on('petitions').column('state').execute();

  // Append-only: rows are never deleted; state changes are timestamped, personal data is sealed
  // and wiped on anonymisation.
  await db.schema
    .createTable('petition_signatures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('petition_id', 'text', (c) => c.notNull().references('petitions.component_id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull()) // pending | confirmed | withdrawn | invalidated
    .addColumn('email_key', 'text', (c) => c.notNull()) // keyed hash of the normalised email
    .addColumn('email_sealed', 'text')
    .addColumn('name_sealed', 'text')
    .addColumn('display_name', 'text') // "First L." only when the signer agreed to show it
    .addColumn('email_domain', 'text')
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('updates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ip_hash', 'text')
    .addColumn('ip_prefix_hash', 'text')
    .addColumn('pow', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('quarantined', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('quarantine_reasons', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('invalidated_at', 'text')
    .addColumn('invalidation_id', 'text')
    .addColumn('anonymised_at', 'text')
    .execute();
  await db.schema
    .createIndex('petition_signatures_email_uq')
    .on('petition_signatures')
    .columns(['petition_id', 'email_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('petition_signatures_count_idx')
    .on('petition_signatures')
    .columns(['petition_id', 'status', 'quarantined', 'region'])
    .execute();
  await db.schema
    .createIndex('petition_signatures_created_idx')
    .on('petition_signatures')
    .columns(['petition_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('petition_signatures_confirmed_idx')
    .on('petition_signatures')
    .columns(['petition_id', 'confirmed_at'])
    .execute();

  await db.schema
    .createTable('petition_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // domain | email | ip_prefix
    .addColumn('value', 'text', (c) => c.notNull()) // a domain, an email key, or an IP-prefix hash (valid for its salt's day)
    .addColumn('action', 'text', (c) => c.notNull()) // allow | block
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('petition_lists_value_idx').on('petition_lists').columns(['kind', 'value']).execute();

  await db.schema
    .createTable('petition_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('petition_id', 'text', (c) => c.notNull().references('petitions.component_id').onDelete('cascade'))
    .addColumn('hour', 'text', (c) => c.notNull()) // start of the hour covered, ISO
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('alerts', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('petition_reports_uq')
    .on('petition_reports')
    .columns(['petition_id', 'hour'])
    .unique()
    .execute();

  await db.schema
    .createTable('petition_invalidations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('petition_id', 'text', (c) => c.notNull().references('petitions.component_id').onDelete('cascade'))
    .addColumn('criteria', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'petition_invalidations',
    'petition_reports',
    'petition_lists',
    'petition_signatures',
    'petitions',
  ]) {
    await db.schema.dropTable(t).ifExists().cascade().execute();
  }
}
