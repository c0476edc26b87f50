// Files uploaded from the monitor's pages (monitor_uploads): what was sent, where its import has got to.
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { MonitorUploadsTable } from './monitor.table.ts';

type Q = Kysely<Database>;

export const insertUpload = (db: Q, row: Insertable<MonitorUploadsTable>) =>
  db.insertInto('monitor_uploads').values(row).execute();

export const findUpload = (db: Q, id: string) =>
  db.selectFrom('monitor_uploads').selectAll().where('id', '=', id).executeTakeFirst();

export const recentUploads = (db: Q, limit: number) =>
  db.selectFrom('monitor_uploads').selectAll().orderBy('created_at', 'desc').limit(limit).execute();

export async function updateUpload(db: Q, id: string, set: Updateable<MonitorUploadsTable>): Promise<void> {
  await db.updateTable('monitor_uploads').set(set).where('id', '=', id).execute();
}

/** The import's own record: its summary and the rejected lines kept. */
export const importOf = (db: Q, id: string) =>
  db
    .selectFrom('monitor_imports')
    .select(['encoding', 'platform', 'read', 'inserted', 'updated', 'rejected', 'reasons', 'rejects', 'lines_done'])
    .where('id', '=', id)
    .executeTakeFirst();
