// Files analysts upload from the monitor's pages: each waits on disk for its background import,
// whose progress the status page reads from here. Frozen once merged. Imports no application code.
import type { Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres');

export async function up(db: Kysely<any>): Promise<void> {
  const bigint = isPostgres(db) ? 'bigint' : 'integer';
  await db.schema
    .createTable('monitor_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', bigint, (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('platform', 'text')
    .addColumn('columns', 'text')
    .addColumn('campaign_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // queued | running | done | failed
    .addColumn('bytes_read', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('inserted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('import_id', 'text') // monitor_imports: the summary and the rejects
    .addColumn('error', 'text') // a message key's last part
    .addColumn('error_detail', 'text')
    .addColumn('host', 'text', (c) => c.notNull()) // the machine whose disk holds the file
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('monitor_uploads_created_idx').on('monitor_uploads').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('monitor_uploads').ifExists().execute();
}
