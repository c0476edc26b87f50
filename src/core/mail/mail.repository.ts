import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { MailMessagesTable } from './mail.table.ts';

type Q = Kysely<Database>;
export type MailRow = Selectable<MailMessagesTable>;

export async function insertMessages(db: Q, rows: Insertable<MailMessagesTable>[]): Promise<void> {
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('mail_messages')
      .values(rows.slice(i, i + 200))
      .execute();
}

/** Messages that are due: queued, or left "sending" by a process that died (their lease ran out). */
export async function dueMessages(db: Q, now: string, limit: number): Promise<MailRow[]> {
  return db
    .selectFrom('mail_messages')
    .selectAll()
    .where('status', 'in', ['queued', 'sending'])
    .where('not_before', '<=', now)
    .orderBy('not_before')
    .limit(limit)
    .execute();
}

/** Takes a lease on one message; false when another process got it first. */
export async function claim(db: Q, id: string, seenNotBefore: string, leaseUntil: string): Promise<boolean> {
  const res = await db
    .updateTable('mail_messages')
    .set({ status: 'sending', not_before: leaseUntil })
    .where('id', '=', id)
    .where('not_before', '=', seenNotBefore)
    .where('status', 'in', ['queued', 'sending'])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function markSent(db: Q, id: string, now: string): Promise<void> {
  await db
    .updateTable('mail_messages')
    .set({ status: 'sent', sealed: null, sent_at: now, last_error: null })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(
  db: Q,
  id: string,
  attempts: number,
  error: string,
  retryAt: string | null,
): Promise<void> {
  await db
    .updateTable('mail_messages')
    .set(
      retryAt
        ? { status: 'queued', attempts, last_error: error, not_before: retryAt }
        : { status: 'failed', attempts, last_error: error, sealed: null },
    )
    .where('id', '=', id)
    .execute();
}

export async function listByStatus(db: Q, status: string, limit: number): Promise<MailRow[]> {
  return db
    .selectFrom('mail_messages')
    .selectAll()
    .where('status', '=', status)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function countsByStatus(db: Q): Promise<Array<{ status: string; n: number }>> {
  const rows = await db
    .selectFrom('mail_messages')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
}

export async function deleteOlderThan(db: Q, statuses: string[], before: string): Promise<number> {
  const res = await db
    .deleteFrom('mail_messages')
    .where('status', 'in', statuses)
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Messages that failed at least once and wait for another try. */
export async function countRetrying(db: Q): Promise<number> {
  const row = await db
    .selectFrom('mail_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'queued')
    .where('attempts', '>', 0)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
