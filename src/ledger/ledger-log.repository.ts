// Plain functions over the log's tables, taking `db` or a transaction. No hashing or signing here.
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import type { LedgerCheckpointsTable, LedgerKeysTable } from './ledger-log.table.ts';

type Q = Kysely<Database>;

const TILE_WIDTH = 256;
// Any fixed 64-bit number; names the log's append lock among the advisory locks of the database.
const APPEND_LOCK = 0x6c656467; // "ledg"

/**
 * Serialises appends (and publishing) until the transaction ends. SQLite transactions here begin
 * IMMEDIATE, holding the one write lock already; PostgreSQL takes a transaction-scoped advisory lock,
 * which also covers the empty log, where there is no row yet to lock.
 */
export async function lockLog(trx: Q): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`SELECT pg_advisory_xact_lock(${APPEND_LOCK})`.execute(trx);
}

export interface TileRow {
  width: number;
  data: Uint8Array;
}

const bytesOf = (v: unknown): Uint8Array => {
  const b = v as Uint8Array;
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
};

export async function readTile(db: Q, level: number, index: number): Promise<TileRow | null> {
  const row = await db
    .selectFrom('ledger_tiles')
    .select(['width', 'data'])
    .where('level', '=', level)
    .where('idx', '=', index)
    .executeTakeFirst();
  return row ? { width: Number(row.width), data: bytesOf(row.data) } : null;
}

/** The tree's size is what its tiles hold: the last level-0 tile's index and width. */
export async function storedSize(db: Q): Promise<number> {
  const row = await db
    .selectFrom('ledger_tiles')
    .select(['idx', 'width'])
    .where('level', '=', 0)
    .orderBy('idx', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.idx) * TILE_WIDTH + Number(row.width) : 0;
}

const toBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** New and grown tiles: a partial tile's row is rewritten with its longer version. */
export async function writeTiles(
  trx: Q,
  tiles: ReadonlyArray<{ tile: { level: number; index: number; width: number }; data: Uint8Array }>,
): Promise<void> {
  for (let at = 0; at < tiles.length; at += 200) {
    await trx
      .insertInto('ledger_tiles')
      .values(
        tiles
          .slice(at, at + 200)
          .map((t) => ({ level: t.tile.level, idx: t.tile.index, width: t.tile.width, data: toBuffer(t.data) })),
      )
      .onConflict((oc) =>
        oc.columns(['level', 'idx']).doUpdateSet({
          width: (eb) => eb.ref('excluded.width'),
          data: (eb) => eb.ref('excluded.data'),
        }),
      )
      .execute();
  }
}

export interface EntryRow {
  idx: number;
  json: string;
  leaf_hash: string;
}

export async function insertEntries(trx: Q, rows: readonly EntryRow[]): Promise<void> {
  // 3 parameters a row: well under SQLite's and PostgreSQL's limits per statement.
  for (let at = 0; at < rows.length; at += 2000)
    await trx
      .insertInto('ledger_entries')
      .values(rows.slice(at, at + 2000) as EntryRow[])
      .execute();
}

export async function getEntry(db: Q, index: number): Promise<EntryRow | null> {
  const row = await db
    .selectFrom('ledger_entries')
    .select(['idx', 'json', 'leaf_hash'])
    .where('idx', '=', index)
    .executeTakeFirst();
  return row ? { ...row, idx: Number(row.idx) } : null;
}

/** Entries with from ≤ idx < to, in order (a gap means a row went missing behind the log's back). */
export async function entriesBetween(db: Q, from: number, to: number): Promise<Array<{ idx: number; json: string }>> {
  const rows = await db
    .selectFrom('ledger_entries')
    .select(['idx', 'json'])
    .where('idx', '>=', from)
    .where('idx', '<', to)
    .orderBy('idx')
    .execute();
  return rows.map((r) => ({ idx: Number(r.idx), json: r.json }));
}

export type CheckpointRow = LedgerCheckpointsTable;

export async function latestCheckpoint(db: Q): Promise<CheckpointRow | null> {
  const row = await db.selectFrom('ledger_checkpoints').selectAll().orderBy('size', 'desc').limit(1).executeTakeFirst();
  return row ? { ...row, size: Number(row.size) } : null;
}

export async function listCheckpoints(db: Q): Promise<CheckpointRow[]> {
  const rows = await db.selectFrom('ledger_checkpoints').selectAll().orderBy('size').execute();
  return rows.map((r) => ({ ...r, size: Number(r.size) }));
}

export async function insertCheckpoint(db: Q, row: CheckpointRow): Promise<void> {
  await db.insertInto('ledger_checkpoints').values(row).execute();
}

export type KeyRow = LedgerKeysTable;

/** Current key first, then retired ones, newest first. */
export async function listKeys(db: Q): Promise<KeyRow[]> {
  const rows = await db.selectFrom('ledger_keys').selectAll().execute();
  return rows.sort((a, b) =>
    a.retired_at === null ? -1 : b.retired_at === null ? 1 : b.retired_at.localeCompare(a.retired_at),
  );
}

export async function currentKey(db: Q): Promise<KeyRow | null> {
  return (await db.selectFrom('ledger_keys').selectAll().where('retired_at', 'is', null).executeTakeFirst()) ?? null;
}

export async function insertKey(db: Q, row: KeyRow): Promise<void> {
  await db.insertInto('ledger_keys').values(row).execute();
}

export async function retireCurrentKey(db: Q, at: string): Promise<number> {
  const r = await db
    .updateTable('ledger_keys')
    .set({ retired_at: at })
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
