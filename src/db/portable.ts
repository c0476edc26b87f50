// The one place where SQLite and PostgreSQL differ. Everything else uses these helpers.
import type { Database as SqliteHandle, Statement } from 'better-sqlite3';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { uuidv7obj } from 'uuidv7';

export type DialectName = 'sqlite' | 'postgres';

export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres') ? 'postgres' : 'sqlite';
}

/** App-generated, time-ordered ids (UUIDv7 as text). */
export const newId = (): string => {
  // The library's generator (monotonic within a millisecond), formatted in one native call rather
  // than character by character (ingest makes one id per post).
  const { bytes } = uuidv7obj();
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** UTC timestamps are ISO-8601 text with milliseconds: sortable as strings on both dialects. */
export const nowIso = (): string => new Date().toISOString();
export const isoAt = (ms: number): string => new Date(ms).toISOString();

export const toBool = (v: number | boolean | null | undefined): boolean => v === 1 || v === true;
export const fromBool = (v: boolean): number => (v ? 1 : 0);

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
export const toJson = (value: unknown): string => JSON.stringify(value);

/** True when the database refused a write for want of space (sqlite: SQLITE_FULL, pg: 53100 disk_full). */
export function isStorageFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === '53100';
}

/** True when a driver error is a unique-constraint violation (sqlite: SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY, pg: 23505). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Case-insensitive LIKE on already-folded text columns; escapes the user's wildcards. */
export function likeContains(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}
export const likeEscape = sql.raw(`ESCAPE '\\'`);

/** `FOR UPDATE SKIP LOCKED` where the dialect has it; SQLite serialises writers anyway. */
export function skipLocked(db: Kysely<any>): RawBuilder<unknown> {
  return dialectOf(db) === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
}

/** A cheap liveness probe for /healthz. */
export async function ping(db: Kysely<any>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}

/**
 * Placeholders for a multi-row VALUES list: "(?, ?), (?, ?)" on SQLite, "($1, $2), ($3, $4)" on
 * PostgreSQL. Bulk writers build one statement per chunk with it and skip the query builder.
 */
export function valuesList(db: Kysely<any>, rows: number, columns: number): string {
  const pg = dialectOf(db) === 'postgres';
  const out: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < columns; c++) row.push(pg ? `$${++n}` : '?');
    out.push(`(${row.join(', ')})`);
  }
  return out.join(', ');
}

// Bulk writes on SQLite: one prepared statement run once per row, inside the caller's transaction,
// on the connection behind a Kysely instance — better-sqlite3's own on the main thread, or the
// writer's worker thread (see sqlite-writer.ts), which then works while the main thread goes on.
// PostgreSQL instances have none: their callers keep portable multi-row statements.

/** What a statement gives back for each row: nothing, whether it changed a row, or its RETURNING row. */
export interface SqliteBulk {
  run(sql: string, rows: unknown[][]): Promise<void>;
  changed(sql: string, rows: unknown[][]): Promise<boolean[]>;
  returning<R>(sql: string, rows: unknown[][]): Promise<R[]>;
  /** Reads or sets a PRAGMA on the connection (`cache_size`, `cache_size = -8192`): its first value. */
  pragma(setting: string): Promise<unknown>;
}

const bulkWriters = new WeakMap<Kysely<any>, SqliteBulk>();

/** Called for every SQLite Kysely instance when it is created. */
export function registerSqliteBulk(db: Kysely<any>, bulk: SqliteBulk): void {
  bulkWriters.set(db, bulk);
}

/** Bulk writes through better-sqlite3 on this thread: statements prepared once per SQL text. */
export function nativeSqliteBulk(handle: SqliteHandle): SqliteBulk {
  const statements = new Map<string, Statement>();
  const prepared = (sql: string) => {
    let stmt = statements.get(sql);
    if (!stmt) statements.set(sql, (stmt = handle.prepare(sql)));
    return stmt;
  };
  return {
    async run(sql, rows) {
      const stmt = prepared(sql);
      for (const r of rows) stmt.run(r);
    },
    async changed(sql, rows) {
      const stmt = prepared(sql);
      return rows.map((r) => stmt.run(r).changes > 0);
    },
    async returning<R>(sql: string, rows: unknown[][]) {
      const stmt = prepared(sql);
      const out: R[] = [];
      for (const r of rows) {
        const got = stmt.get(r) as R | undefined;
        if (got) out.push(got);
      }
      return out;
    },
    async pragma(setting) {
      return handle.pragma(setting, { simple: true });
    },
  };
}

/**
 * A transaction started on `db` runs on its one SQLite connection: bulk writes may go to that
 * connection directly inside it. Returns `trx` for chaining.
 */
export function shareSqliteBulk<T extends Kysely<any>>(trx: T, db: Kysely<any>): T {
  const bulk = bulkWriters.get(db);
  if (bulk) bulkWriters.set(trx, bulk);
  return trx;
}

/** Bulk writes on the SQLite connection behind `db` (null on PostgreSQL); only inside the caller's transaction. */
export function sqliteBulk(db: Kysely<any>): SqliteBulk | null {
  return bulkWriters.get(db) ?? null;
}

export interface IntegrityReport {
  /** What was checked, for the operator reading the output. */
  checked: string;
  /** Empty when the database is sound. */
  problems: string[];
}

/**
 * Reads the whole database and checks its structure: SQLite's integrity_check (every page, every
 * index entry against its row) and foreign_key_check; on PostgreSQL amcheck (every B-tree index
 * against its table, and the tables' own pages) when the extension can be installed, otherwise a
 * full read of every table and, per table, the row count through its primary key against a
 * sequential scan. Slow on big databases: for the reliability script and operators, not requests.
 */
export async function checkIntegrity(db: Kysely<any>): Promise<IntegrityReport> {
  if (dialectOf(db) === 'sqlite') {
    const pages = (await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db)).rows
      .map((r) => r.integrity_check)
      .filter((r) => r !== 'ok');
    const keys = (
      await sql<{ table: string; rowid: number; parent: string }>`PRAGMA foreign_key_check`.execute(db)
    ).rows.map((r) => `${r.table} row ${r.rowid}: no ${r.parent} row`);
    return { checked: 'PRAGMA integrity_check, PRAGMA foreign_key_check', problems: [...pages, ...keys] };
  }
  const problems: string[] = [];
  const tables = (
    await sql<{
      name: string;
    }>`SELECT c.oid::regclass::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY 1`.execute(
      db,
    )
  ).rows.map((r) => r.name);
  const amcheck = await sql`CREATE EXTENSION IF NOT EXISTS amcheck`.execute(db).then(
    () => true,
    () => false,
  );
  if (amcheck) {
    const indexes = (
      await sql<{
        name: string;
      }>`SELECT c.oid::regclass::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = c.relam WHERE n.nspname = current_schema() AND c.relkind = 'i' AND am.amname = 'btree' ORDER BY 1`.execute(
        db,
      )
    ).rows.map((r) => r.name);
    for (const index of indexes)
      await sql`SELECT bt_index_check(${index}::regclass, true)`
        .execute(db)
        .catch((err: Error) => problems.push(`${index}: ${err.message}`));
    for (const table of tables) {
      for (const r of (
        await sql<{ blkno: number; msg: string }>`SELECT blkno, msg FROM verify_heapam(${table}::regclass)`.execute(db)
      ).rows)
        problems.push(`${table} block ${r.blkno}: ${r.msg}`);
    }
    return {
      checked: `amcheck: bt_index_check(heapallindexed) on ${indexes.length} indexes, verify_heapam on ${tables.length} tables`,
      problems,
    };
  }
  for (const table of tables) {
    await db.transaction().execute(async (trx) => {
      const count = async () =>
        Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(trx)).rows[0].n);
      await sql`SET LOCAL enable_indexscan = off`.execute(trx);
      await sql`SET LOCAL enable_indexonlyscan = off`.execute(trx);
      await sql`SET LOCAL enable_bitmapscan = off`.execute(trx);
      const scanned = await count();
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      await sql`SET LOCAL enable_indexscan = on`.execute(trx);
      await sql`SET LOCAL enable_indexonlyscan = on`.execute(trx);
      const indexed = await count();
      if (scanned !== indexed) problems.push(`${table}: ${scanned} rows in the table, ${indexed} through its index`);
    });
  }
  return {
    checked: `amcheck unavailable: a full read of ${tables.length} tables, each row count by sequential scan against its index`,
    problems,
  };
}
