// Each scheduled backup's outcome (src/backup): the dashboard shows the age of the last good one.
// Frozen once merged. Imports no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('backup_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // running | ok | failed
    .addColumn('file', 'text')
    .addColumn('bytes', 'integer')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('backup_runs_status_idx').on('backup_runs').columns(['status', 'started_at']).execute();
}
