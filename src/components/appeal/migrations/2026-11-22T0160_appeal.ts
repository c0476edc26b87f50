// Appeals to officials: recipients, appeals, letters and whom each letter went to (components/appeal).
// Until each module had its own migrations, 2026-11-22T0200_petitions created them. A database that ran
// that one already has them, hence ifNotExists. Frozen once merged. Imports no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('appeal_recipients')
    .ifNotExists()
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
    .ifNotExists()
    .on('appeal_recipients')
    .columns(['body', 'region'])
    .execute();

  await db.schema
    .createTable('appeals')
    .ifNotExists()
    .addColumn('component_id', 'text', (c) => c.primaryKey().references('campaign_components.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('named_recipients', 'text', (c) => c.notNull().defaultTo('[]')) // recipient ids
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('appeal_letters')
    .ifNotExists()
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
    .ifNotExists()
    .on('appeal_letters')
    .columns(['appeal_id', 'status', 'channel'])
    .execute();
  await db.schema
    .createIndex('appeal_letters_sender_idx')
    .ifNotExists()
    .on('appeal_letters')
    .columns(['sender_key', 'created_at'])
    .execute();
  await db.schema
    .createIndex('appeal_letters_followup_idx')
    .ifNotExists()
    .on('appeal_letters')
    .columns(['followup_sent_at', 'followup_due_at'])
    .execute();

  await db.schema
    .createTable('appeal_letter_recipients')
    .ifNotExists()
    .addColumn('letter_id', 'text', (c) => c.notNull().references('appeal_letters.id').onDelete('cascade'))
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('appeal_recipients.id').onDelete('cascade'))
    .addColumn('appeal_id', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('replied', 'integer') // null = not known, 0 = no reply, 1 = replied
    .addPrimaryKeyConstraint('appeal_letter_recipients_pk', ['letter_id', 'recipient_id'])
    .execute();
  await db.schema
    .createIndex('appeal_letter_recipients_recipient_idx')
    .ifNotExists()
    .on('appeal_letter_recipients')
    .columns(['recipient_id', 'sent_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['appeal_letter_recipients', 'appeal_letters', 'appeals', 'appeal_recipients'])
    await db.schema.dropTable(t).ifExists().execute();
}
