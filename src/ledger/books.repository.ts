// Plain functions over the books' two tables; each takes the database or a transaction.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { LedgerRecord } from './books.records.ts';
import type { LedgerBookEntriesTable, LedgerPendingTable } from './books.table.ts';

export type PendingRow = Selectable<LedgerPendingTable>;
export type BookEntryRow = Selectable<LedgerBookEntriesTable>;

export const insertPending = (db: Db, rows: Insertable<LedgerPendingTable>[]) =>
  rows.length ? db.insertInto('ledger_pending').values(rows).execute() : Promise.resolve([]);

export const findPending = (db: Db, id: string) =>
  db.selectFrom('ledger_pending').selectAll().where('id', '=', id).executeTakeFirst();

export const listPending = (db: Db, status: string, limit: number) =>
  db
    .selectFrom('ledger_pending')
    .selectAll()
    .where('status', '=', status)
    .orderBy('recorded_at', status === 'pending' ? 'asc' : 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();

/** Marks a pending row decided, only if it still is pending: false when someone else decided first. */
export async function decide(
  db: Db,
  id: string,
  patch: { status: 'approved' | 'rejected'; decided_by: string; decided_at: string; decision_note: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('ledger_pending')
    .set({ ...patch, version: sql`version + 1` })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const setLogIndex = (db: Db, id: string, index: number) =>
  db.updateTable('ledger_pending').set({ log_index: index }).where('id', '=', id).execute();

export const insertEntry = (db: Db, row: Insertable<LedgerBookEntriesTable>) =>
  db.insertInto('ledger_book_entries').values(row).execute();

export const findEntry = (db: Db, index: number) =>
  db.selectFrom('ledger_book_entries').selectAll().where('log_index', '=', index).executeTakeFirst();

/** Marks `target` reversed by `by`, only if nothing reversed it yet. */
export async function markReversed(db: Db, target: number, by: number): Promise<boolean> {
  const r = await db
    .updateTable('ledger_book_entries')
    .set({ reversed_by: by })
    .where('log_index', '=', target)
    .where('reversed_by', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const entriesPage = (db: Db, offset: number, limit: number) =>
  db.selectFrom('ledger_book_entries').selectAll().orderBy('log_index', 'desc').offset(offset).limit(limit).execute();

export async function countEntries(db: Db): Promise<number> {
  const r = await db
    .selectFrom('ledger_book_entries')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export const byCommitment = (db: Db, commitment: string) =>
  db.selectFrom('ledger_book_entries').selectAll().where('commitment', '=', commitment).executeTakeFirst();

/** Money entries still in effect (not reversed), summed by currency, month, kind and category. */
export async function moneyTotals(
  db: Db,
): Promise<Array<{ currency: string; month: string; kind: string; category: string | null; total: number }>> {
  const rows = await db
    .selectFrom('ledger_book_entries')
    .select(['currency', 'month', 'kind', 'category', (eb) => eb.fn.sum<number>('amount').as('total')])
    .where('kind', 'in', ['received', 'spent'])
    .where('reversed_by', 'is', null)
    .groupBy(['currency', 'month', 'kind', 'category'])
    .orderBy('month')
    .execute();
  return rows.map((r) => ({ ...r, currency: r.currency ?? '', total: Number(r.total) }));
}

export const allEntries = (db: Db) => db.selectFrom('ledger_book_entries').selectAll().orderBy('log_index').execute();

/** The books' reading of one appended record. */
export function projection(
  index: number,
  record: LedgerRecord,
  pendingId: string | null,
): Insertable<LedgerBookEntriesTable> {
  const money = record.kind === 'received' || record.kind === 'spent';
  return {
    log_index: index,
    kind: record.kind,
    amount: record.kind === 'received' ? record.amount : record.kind === 'spent' ? -record.amount : 0,
    currency: money ? record.currency : null,
    date: record.date,
    month: record.date.slice(0, 7),
    category: record.kind === 'spent' ? record.category : record.kind === 'received' ? record.channel : null,
    campaign: 'campaign' in record ? record.campaign : null,
    commitment: record.kind === 'received' ? record.donor_commitment : null,
    corrects: record.kind === 'correction' ? record.corrects : null,
    reversed_by: null,
    pending_id: pendingId,
  };
}
