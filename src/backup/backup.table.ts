/** One scheduled backup: running until it ends ok (with its file and size) or failed (with why). */
export interface BackupRunsTable {
  id: string;
  started_at: string;
  finished_at: string | null;
  status: string; // running | ok | failed
  file: string | null;
  bytes: number | null;
  error: string | null;
}

declare module '../db/schema.ts' {
  interface Database {
    backup_runs: BackupRunsTable;
  }
}
