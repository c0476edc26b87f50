// Outgoing mail (core/mail): queued and sent over SMTP, or kept as the development outbox.
// Until each module had its own migrations, 2026-11-22T0200_petitions created it. A database that ran
// that one already has it, hence ifNotExists. Frozen once merged. Imports no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mail_messages')
    .ifNotExists()
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
  await db.schema
    .createIndex('mail_messages_due_idx')
    .ifNotExists()
    .on('mail_messages')
    .columns(['status', 'not_before'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_messages').ifExists().execute();
}
