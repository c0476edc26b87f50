import type { Db } from '../db/database.ts';
import type { BackupRunsTable } from './backup.table.ts';

export const insertRun = (db: Db, row: BackupRunsTable) => db.insertInto('backup_runs').values(row).execute();

export const finishRun = (db: Db, id: string, patch: Partial<BackupRunsTable>) =>
  db.updateTable('backup_runs').set(patch).where('id', '=', id).execute();

export const latestRun = (db: Db, status?: string) =>
  db
    .selectFrom('backup_runs')
    .selectAll()
    .$if(!!status, (q) => q.where('status', '=', status!))
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
