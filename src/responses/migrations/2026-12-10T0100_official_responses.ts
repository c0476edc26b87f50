// Officials' responses to petitions and appeals, their earlier versions and the mailings that told
// signers about them (src/responses). Frozen once merged. Imports no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('official_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_type', 'text', (c) => c.notNull()) // petition | appeal
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('responder_name', 'text', (c) => c.notNull())
    .addColumn('responder_position', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('responder_body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('official_id', 'text') // an entry of the officials directory, when it came from there
    .addColumn('responded_on', 'text', (c) => c.notNull()) // YYYY-MM-DD
    .addColumn('text', 'text', (c) => c.notNull()) // {kk, ru, en}
    .addColumn('document_sha256', 'text')
    .addColumn('document_type', 'text')
    .addColumn('document_bytes', 'integer')
    .addColumn('document_name', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('mailed_revision', 'integer') // the revision signers were last mailed about
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text') // set by every edit after the first version
    .execute();
  await db.schema
    .createIndex('official_responses_subject_idx')
    .on('official_responses')
    .columns(['subject_type', 'subject_id', 'responded_on'])
    .execute();

  await db.schema
    .createTable('official_response_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('response_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull()) // the version as it was before the edit, as JSON
    .addColumn('replaced_by', 'text')
    .addColumn('replaced_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('official_response_revisions_unique', ['response_id', 'revision'])
    .execute();

  await db.schema
    .createTable('official_response_mailings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('response_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // queued | done
    .addColumn('cursor', 'text') // the last recipient key mailed, in key order
    .addColumn('queued', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('official_response_mailings_response_idx')
    .on('official_response_mailings')
    .column('response_id')
    .execute();
}
