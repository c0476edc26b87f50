// The one place where SQLite and PostgreSQL differ. Everything else uses these helpers.
import type { Database as SqliteHandle, Statement } from 'better-sqlite3';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { uuidv7 } from 'uuidv7';

export type DialectName = 'sqlite' | 'postgres';

export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter.constructor.name.startsWith('Postgres') ? 'postgres' : 'sqlite';
}

/** App-generated, time-ordered ids (UUIDv7 as text). */
export const newId = (): string => uuidv7();

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

// The better-sqlite3 connection behind a SQLite Kysely instance, for the few hot write paths where
// Kysely's per-query compilation and re-preparation cost more than the work itself (bulk ingest).
// PostgreSQL instances have none: those paths keep their portable multi-row statements.
const sqliteHandles = new WeakMap<Kysely<any>, SqliteHandle>();
const statements = new WeakMap<SqliteHandle, Map<string, Statement>>();

/** Called by createDb for every SQLite instance. */
export function registerSqliteHandle(db: Kysely<any>, handle: SqliteHandle): void {
  sqliteHandles.set(db, handle);
}

/**
 * A transaction started on `db` runs on the same single SQLite connection: statements prepared on
 * that connection may be run directly inside it. Returns `trx` for chaining.
 */
export function shareSqliteHandle<T extends Kysely<any>>(trx: T, db: Kysely<any>): T {
  const handle = sqliteHandles.get(db);
  if (handle) sqliteHandles.set(trx, handle);
  return trx;
}

/**
 * A prepared statement on the SQLite connection behind `db`, compiled once per connection and SQL
 * text; null on PostgreSQL. Only for use where `db` is (or runs inside) the caller's transaction.
 */
export function sqliteStatement(db: Kysely<any>, text: string): Statement | null {
  const handle = sqliteHandles.get(db);
  if (!handle) return null;
  let cache = statements.get(handle);
  if (!cache) statements.set(handle, (cache = new Map()));
  let stmt = cache.get(text);
  if (!stmt) cache.set(text, (stmt = handle.prepare(text)));
  return stmt;
}
