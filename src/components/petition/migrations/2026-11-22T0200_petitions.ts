// Petitions and appeals: the shared mail queue, petitions with their append-only signatures,
// integrity lists, trending reports and invalidations; appeal recipients, appeals and letters.
// Frozen once merged: add a new migration instead of editing this one. Imports no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Outgoing mail (core/mail): queued and sent over SMTP, or kept as the development outbox.
  await db.schema
    .createTable('mail_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('category', 'text', (c) => c.notNull()) // e.g. petition.confirm, appeal.letter
    .addColumn('status', 'text', (c) => c.notNull()) // queued | sent | failed | outbox (development, never sent)
    .addColumn('sealed', 'text') // {to, subject, text, replyTo} sealed with the app secret; null once sent and purged
    .addColumn('recipient_domain', 'text') // for staff diagnostics only
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('not_before', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('mail_messages_due_idx').on('mail_messages').columns(['status', 'not_before']).execute();

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

  // Appeals to officials.
  await db.schema
    .createTable('appeal_recipients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('external_key', 'text', (c) => c.unique()) // stable key from an import
    .addColumn('kind', 'text', (c) => c.notNull()) // person | body
    .addColumn('body', 'text', (c) => c.notNull()) // senate | majilis | ministry | akimat | maslikhat | other
    .addColumn('name', 'text', (c) => c.notNull()) // {kk,ru,en}
    .addColumn('position', 'text', (c) => c.notNull().defaultTo('{}')) // {kk,ru,en}
    .addColumn('organisation', 'text', (c) => c.notNull().defaultTo('{}')) // {kk,ru,en}
    .addColumn('region', 'text')
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('kk,ru'))
    .addColumn('email', 'text')
    .addColumn('postal_address', 'text')
    .addColumn('term_start', 'text')
    .addColumn('term_end', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('appeal_recipients_body_idx')
    .on('appeal_recipients')
    .columns(['body', 'region'])
    .execute();

  await db.schema
    .createTable('appeals')
    .addColumn('component_id', 'text', (c) => c.primaryKey().references('campaign_components.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('named_recipients', 'text', (c) => c.notNull().defaultTo('[]')) // recipient ids
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('appeal_letters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('appeal_id', 'text', (c) => c.notNull().references('appeals.component_id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull()) // mailto | smtp | eotinish
    .addColumn('status', 'text', (c) => c.notNull()) // prepared (mailto/eOtinish) | pending (smtp, awaiting confirmation) | sent | expired
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('sender_key', 'text') // keyed hash of the sender's normalised email
    .addColumn('sealed', 'text') // {email, name, subject, body} sealed; wiped after the follow-up
    .addColumn('similarity', 'real', (c) => c.notNull())
    .addColumn('ip_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('followup_due_at', 'text')
    .addColumn('followup_sent_at', 'text')
    .addColumn('answered_at', 'text')
    .execute();
  await db.schema
    .createIndex('appeal_letters_appeal_idx')
    .on('appeal_letters')
    .columns(['appeal_id', 'status', 'channel'])
    .execute();
  await db.schema
    .createIndex('appeal_letters_sender_idx')
    .on('appeal_letters')
    .columns(['sender_key', 'created_at'])
    .execute();
  await db.schema
    .createIndex('appeal_letters_followup_idx')
    .on('appeal_letters')
    .columns(['followup_sent_at', 'followup_due_at'])
    .execute();

  await db.schema
    .createTable('appeal_letter_recipients')
    .addColumn('letter_id', 'text', (c) => c.notNull().references('appeal_letters.id').onDelete('cascade'))
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('appeal_recipients.id').onDelete('cascade'))
    .addColumn('appeal_id', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('replied', 'integer') // null = not known, 0 = no reply, 1 = replied
    .addPrimaryKeyConstraint('appeal_letter_recipients_pk', ['letter_id', 'recipient_id'])
    .execute();
  await db.schema
    .createIndex('appeal_letter_recipients_recipient_idx')
    .on('appeal_letter_recipients')
    .columns(['recipient_id', 'sent_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'appeal_letter_recipients',
    'appeal_letters',
    'appeals',
    'appeal_recipients',
    'petition_invalidations',
    'petition_reports',
    'petition_lists',
    'petition_signatures',
    'petitions',
    'mail_messages',
  ]) {
    await db.schema.dropTable(t).ifExists().cascade().execute();
  }
}
