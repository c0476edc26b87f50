// The monitor's file imports (monitor_imports): each run's progress, so an unfinished one resumes.
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { MonitorImportsTable } from './monitor.table.ts';

type Q = Kysely<Database>;

export const recentImports = (db: Q, limit: number) =>
  db.selectFrom('monitor_imports').selectAll().orderBy('started_at', 'desc').limit(limit).execute();

/** The latest unfinished import of a file, if any (the file's format, mapping and content make its key). */
export const unfinishedImport = (db: Q, fileKey: string) =>
  db
    .selectFrom('monitor_imports')
    .selectAll()
    .where('file_key', '=', fileKey)
    .where('status', '!=', 'done')
    .orderBy('started_at', 'desc')
    .executeTakeFirst();

export async function insertImport(db: Q, row: Insertable<MonitorImportsTable>): Promise<void> {
  await db.insertInto('monitor_imports').values(row).execute();
}

/** An unfinished import runs again. */
export async function reopenImport(db: Q, id: string): Promise<void> {
  await db.updateTable('monitor_imports').set({ status: 'running', error: null }).where('id', '=', id).execute();
}

/** Where an import has got to (committed with the posts it stored). */
export async function saveImportProgress(
  db: Q,
  id: string,
  progress: Pick<
    Updateable<MonitorImportsTable>,
    'lines_done' | 'read' | 'inserted' | 'updated' | 'rejected' | 'reasons' | 'rejects'
  >,
): Promise<void> {
  await db.updateTable('monitor_imports').set(progress).where('id', '=', id).execute();
}

export async function finishImport(db: Q, id: string, at: string): Promise<void> {
  await db.updateTable('monitor_imports').set({ status: 'done', finished_at: at }).where('id', '=', id).execute();
}

export async function failImport(db: Q, id: string, error: string): Promise<void> {
  await db.updateTable('monitor_imports').set({ status: 'failed', error }).where('id', '=', id).execute();
}
