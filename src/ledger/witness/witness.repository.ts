// Plain functions over the witness tables (and the cosignature lines of our checkpoints).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { LedgerWitnessKeysTable, LedgerWitnessPeersTable, LedgerWitnessedLogsTable } from './witness.table.ts';

type Q = Kysely<Database>;
export type WitnessKeyRow = LedgerWitnessKeysTable;
export type WitnessedLogRow = LedgerWitnessedLogsTable;
export type PeerRow = LedgerWitnessPeersTable;

const sized = <T extends { size: number | null }>(r: T): T => ({ ...r, size: r.size === null ? null : Number(r.size) });

// --- our keys ---

export async function currentWitnessKey(db: Q): Promise<WitnessKeyRow | null> {
  return (
    (await db.selectFrom('ledger_witness_keys').selectAll().where('retired_at', 'is', null).executeTakeFirst()) ?? null
  );
}

/** Current key first, then retired ones, newest first. */
export async function listWitnessKeys(db: Q): Promise<WitnessKeyRow[]> {
  const rows = await db.selectFrom('ledger_witness_keys').selectAll().execute();
  return rows.sort((a, b) =>
    a.retired_at === null ? -1 : b.retired_at === null ? 1 : b.retired_at.localeCompare(a.retired_at),
  );
}

export async function insertWitnessKey(db: Q, row: WitnessKeyRow): Promise<void> {
  await db.insertInto('ledger_witness_keys').values(row).execute();
}

export async function retireWitnessKey(db: Q, at: string): Promise<void> {
  await db.updateTable('ledger_witness_keys').set({ retired_at: at }).where('retired_at', 'is', null).execute();
}

// --- the logs we witness ---

export async function listWitnessedLogs(db: Q): Promise<WitnessedLogRow[]> {
  return (await db.selectFrom('ledger_witnessed_logs').selectAll().orderBy('origin').execute()).map(sized);
}

export async function getWitnessedLog(db: Q, origin: string): Promise<WitnessedLogRow | null> {
  const row = await db.selectFrom('ledger_witnessed_logs').selectAll().where('origin', '=', origin).executeTakeFirst();
  return row ? sized(row) : null;
}

export async function insertWitnessedLog(db: Q, row: WitnessedLogRow): Promise<void> {
  await db.insertInto('ledger_witnessed_logs').values(row).execute();
}

export async function deleteWitnessedLog(db: Q, origin: string): Promise<boolean> {
  const r = await db.deleteFrom('ledger_witnessed_logs').where('origin', '=', origin).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * Compare-and-set of a log's latest cosigned checkpoint: one statement that changes the row only if
 * it still holds `previous`. Of two concurrent requests from the same state, the database lets one
 * update through; the other matches no row (PostgreSQL re-reads the row after the first commits).
 */
export async function advanceWitnessedLog(
  db: Q,
  origin: string,
  previous: { size: number; root: string } | null,
  next: { size: number; root: string; checkpoint: string; at: string },
): Promise<boolean> {
  let q = db
    .updateTable('ledger_witnessed_logs')
    .set({ size: next.size, root: next.root, checkpoint: next.checkpoint, cosigned_at: next.at })
    .where('origin', '=', origin);
  q = previous
    ? q.where('size', '=', previous.size).where('root', '=', previous.root)
    : q.where('size', 'is', null).where('root', 'is', null);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function noteRefusal(db: Q, origin: string, refusal: string, at: string): Promise<void> {
  await db.updateTable('ledger_witnessed_logs').set({ refusal, refused_at: at }).where('origin', '=', origin).execute();
}

// --- the peers that witness us ---

export async function listPeers(db: Q): Promise<PeerRow[]> {
  const rows = await db.selectFrom('ledger_witness_peers').selectAll().orderBy('created_at').execute();
  return rows.map((r) => ({ ...r, size: Number(r.size), cosigned_size: Number(r.cosigned_size) }));
}

export async function insertPeer(db: Q, row: PeerRow): Promise<void> {
  await db.insertInto('ledger_witness_peers').values(row).execute();
}

export async function deletePeer(db: Q, id: string): Promise<PeerRow | null> {
  const row = await db.selectFrom('ledger_witness_peers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  await db.deleteFrom('ledger_witness_peers').where('id', '=', id).execute();
  return row;
}

export async function peerSucceeded(db: Q, id: string, size: number, at: string): Promise<void> {
  await db
    .updateTable('ledger_witness_peers')
    .set({ size, cosigned_size: size, last_success_at: at, last_error: null, last_error_at: null })
    .where('id', '=', id)
    .execute();
}

export async function peerFailed(db: Q, id: string, error: string, at: string, size?: number): Promise<void> {
  await db
    .updateTable('ledger_witness_peers')
    .set({ last_error: error.slice(0, 500), last_error_at: at, ...(size === undefined ? {} : { size }) })
    .where('id', '=', id)
    .execute();
}

// --- cosignatures of our checkpoints ---

export async function checkpointNote(db: Q, size: number): Promise<{ note: string; cosignatures: string } | null> {
  return (
    (await db
      .selectFrom('ledger_checkpoints')
      .select(['note', 'cosignatures'])
      .where('size', '=', size)
      .executeTakeFirst()) ?? null
  );
}

/** Rewrites a checkpoint's cosignature lines only if they are still `previous` (no lost update). */
export async function replaceCosignatures(db: Q, size: number, previous: string, next: string): Promise<boolean> {
  const r = await db
    .updateTable('ledger_checkpoints')
    .set({ cosignatures: next })
    .where('size', '=', size)
    .where('cosignatures', '=', previous)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
