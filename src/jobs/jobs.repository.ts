import type { Insertable, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { skipLocked } from '../db/portable.ts';
import type { JobsTable } from './jobs.table.ts';

export type JobRow = Selectable<JobsTable>;

/** Inserts a job; a duplicate unique_key is silently ignored (the job already exists). */
export async function insertJob(db: Db, row: Insertable<JobsTable>): Promise<boolean> {
  const res = await db
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.column('unique_key').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Claims the oldest due job atomically (SKIP LOCKED on PostgreSQL; SQLite has one writer). */
export async function claimDue(db: Db, names: string[], worker: string, now: string): Promise<JobRow | undefined> {
  if (!names.length) return undefined;
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('jobs')
      .select('id')
      .where('status', '=', 'queued')
      .where('run_at', '<=', now)
      .where('name', 'in', names)
      .orderBy('run_at')
      .limit(1)
      .modifyEnd(skipLocked(trx))
      .executeTakeFirst();
    if (!due) return undefined;
    return trx
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_by: worker,
        locked_at: now,
        updated_at: now,
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', '=', due.id)
      .where('status', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
  });
}

export async function finishJob(db: Db, id: string, now: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, updated_at: now, locked_by: null, locked_at: null, last_error: null })
    .where('id', '=', id)
    .execute();
}

export async function failJob(db: Db, id: string, error: string, retryAt: string | null, now: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      status: retryAt ? 'queued' : 'failed',
      run_at: retryAt ?? now,
      last_error: error.slice(0, 2000),
      updated_at: now,
      locked_by: null,
      locked_at: null,
      finished_at: retryAt ? null : now,
    })
    .where('id', '=', id)
    .execute();
}

/** A running job's worker is still at it. */
export async function renewLock(db: Db, id: string, worker: string, now: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ locked_at: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .where('locked_by', '=', worker)
    .execute();
}

/** Jobs whose worker died mid-run go back to the queue. */
export async function requeueStale(db: Db, lockedBefore: string, now: string): Promise<number> {
  const res = await db
    .updateTable('jobs')
    .set({ status: 'queued', locked_by: null, locked_at: null, updated_at: now })
    .where('status', '=', 'running')
    .where('locked_at', '<', lockedBefore)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function deleteFinishedBefore(db: Db, before: string): Promise<number> {
  const res = await db
    .deleteFrom('jobs')
    .where('status', '=', 'done')
    .where('finished_at', '<', before)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

export const countsByStatus = (db: Db) =>
  db
    .selectFrom('jobs')
    .select(['name', 'status', sql<number>`COUNT(*)`.as('n'), sql<string>`MIN(run_at)`.as('next_run')])
    .groupBy(['name', 'status'])
    .orderBy('name')
    .execute();

export const recentFailures = (db: Db, limit: number) =>
  db
    .selectFrom('jobs')
    .selectAll()
    .where('last_error', 'is not', null)
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();

export const findJob = (db: Db, id: string) =>
  db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
