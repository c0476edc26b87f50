import type { Generated } from 'kysely';

export interface JobsTable {
  id: string;
  name: string;
  payload: Generated<string>;
  status: 'queued' | 'running' | 'done' | 'failed';
  run_at: string;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  unique_key: string | null;
  locked_by: string | null;
  locked_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

// Adds these tables to the database type (db/schema.ts names none itself: no module is imported by db/).
declare module '../db/schema.ts' {
  interface Database {
    jobs: JobsTable;
  }
}
