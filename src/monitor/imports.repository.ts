// The monitor's file imports (monitor_imports): each run's progress, so an unfinished one resumes.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Q = Kysely<Database>;

export const recentImports = (db: Q, limit: number) =>
  db.selectFrom('monitor_imports').selectAll().orderBy('started_at', 'desc').limit(limit).execute();
