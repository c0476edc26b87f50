// A consistent, read-only view of the whole database, read table by table without holding a table in
// memory, on a connection of its own so the site keeps serving (and writing) meanwhile.
// - SQLite: a second, read-only connection and one read transaction. In WAL mode that transaction
//   sees the database as it was when it began, and writers are not blocked by it.
// - PostgreSQL: one REPEATABLE READ READ ONLY transaction (one snapshot for every table), rows
//   fetched through a server-side cursor.
// The tables are whatever the migrated database has (except Kysely's own), so a table a new
// migration adds is in the next backup without anyone listing it.
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Config } from '../config.ts';
import { AppError } from '../core/errors.ts';

export interface TableInfo {
  name: string;
  columns: string[];
  /** Primary key columns (empty: SQLite's rowid orders the rows). */
  primaryKey: string[];
  /** Tables this one's foreign keys point to. */
  parents: string[];
}

export interface Snapshot {
  dialect: 'sqlite' | 'postgres';
  migrations: string[];
  /** Parents before children, so a restore never inserts a row before the row it points to. */
  tables: TableInfo[];
  rows(table: TableInfo): AsyncGenerator<unknown[][]>;
  close(): Promise<void>;
}

const BATCH = 2000;
// Not the installation's data: the migrator's own tables, SQLite's, and the shared rate counters
// (an UNLOGGED table made on first use by src/db/shared-store.postgres.ts, worth nothing after a restore).
const EPHEMERAL = new Set(['dauys_shared_counters']);
/** Whether a table's rows belong in a backup. */
export const backedUp = (name: string) =>
  !name.startsWith('kysely_') && !name.startsWith('sqlite_') && !EPHEMERAL.has(name);
const own = backedUp;
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Orders tables so that each comes after the tables it references (name order otherwise; cycles keep name order). */
export function parentsFirst(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const out: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: TableInfo) => {
    if (state.get(t.name)) return;
    state.set(t.name, 'visiting');
    for (const p of t.parents) {
      const parent = byName.get(p);
      if (parent && p !== t.name) visit(parent);
    }
    state.set(t.name, 'done');
    out.push(t);
  };
  [...tables].sort((a, b) => a.name.localeCompare(b.name)).forEach(visit);
  return out;
}

export async function openSnapshot(config: Pick<Config, 'dialect' | 'databaseUrl' | 'sqlitePath'>): Promise<Snapshot> {
  return config.dialect === 'sqlite' ? sqliteSnapshot(config.sqlitePath) : postgresSnapshot(config.databaseUrl);
}

function sqliteSnapshot(file: string | null): Snapshot {
  if (!file || file === ':memory:') throw new AppError('BACKUP_MEMORY_DATABASE');
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.exec('BEGIN');
  try {
    // The first read starts the snapshot; everything after reads the same state.
    const names = (
      db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all() as { name: string }[]
    )
      .map((r) => r.name)
      .filter(own);
    const hasMigrations = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'kysely_migration'`).get();
    const migrations = hasMigrations
      ? (db.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name)
      : [];
    const tables = names.map((name): TableInfo => {
      const cols = db.prepare('SELECT name, pk FROM pragma_table_info(?) ORDER BY cid').all(name) as {
        name: string;
        pk: number;
      }[];
      const fks = db.prepare('SELECT DISTINCT "table" AS parent FROM pragma_foreign_key_list(?)').all(name) as {
        parent: string;
      }[];
      return {
        name,
        columns: cols.map((c) => c.name),
        primaryKey: cols
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name),
        parents: fks.map((f) => f.parent),
      };
    });
    return {
      dialect: 'sqlite',
      migrations,
      tables: parentsFirst(tables),
      async *rows(t) {
        const order = t.primaryKey.length ? t.primaryKey.map(quote).join(', ') : 'rowid';
        const stmt = db.prepare(`SELECT ${t.columns.map(quote).join(', ')} FROM ${quote(t.name)} ORDER BY ${order}`);
        let batch: unknown[][] = [];
        for (const row of stmt.raw(true).iterate() as IterableIterator<unknown[]>) {
          batch.push(row);
          if (batch.length === BATCH) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length) yield batch;
      },
      async close() {
        if (db.inTransaction) db.exec('COMMIT');
        db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

// This connection's own parsers: 64-bit integers exactly (the app's pool reads them as numbers).
const int8 = (v: string) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : BigInt(v);
};
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? int8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

async function postgresSnapshot(url: string): Promise<Snapshot> {
  const client = new pg.Client({ connectionString: url, types });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const names = (
      await client.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
      )
    ).rows
      .map((r) => r.name)
      .filter(own);
    const hasMigrations = (await client.query(`SELECT to_regclass('kysely_migration') AS t`)).rows[0].t;
    const migrations = hasMigrations
      ? (await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name')).rows.map(
          (r) => r.name,
        )
      : [];
    const columns = (
      await client.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
      )
    ).rows;
    const keys = (
      await client.query<{ tbl: string; contype: string; parent: string | null; cols: string[] }>(
        `SELECT c.conrelid::regclass::text AS tbl, c.contype, c.confrelid::regclass::text AS parent,
           ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS cols
         FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace
         WHERE s.nspname = current_schema() AND c.contype IN ('p', 'f')`,
      )
    ).rows;
    const tables = names.map((name): TableInfo => ({
      name,
      columns: columns.filter((c) => c.table_name === name).map((c) => c.column_name),
      primaryKey: keys.find((k) => k.tbl === name && k.contype === 'p')?.cols ?? [],
      parents: keys.filter((k) => k.tbl === name && k.contype === 'f').map((k) => k.parent!),
    }));
    return {
      dialect: 'postgres',
      migrations,
      tables: parentsFirst(tables),
      async *rows(t) {
        const order = (t.primaryKey.length ? t.primaryKey : t.columns).map(quote).join(', ');
        await client.query(
          `DECLARE backup_rows NO SCROLL CURSOR FOR SELECT ${t.columns.map(quote).join(', ')} FROM ${quote(t.name)} ORDER BY ${order}`,
        );
        try {
          for (;;) {
            const { rows } = await client.query({ text: `FETCH ${BATCH} FROM backup_rows`, rowMode: 'array' });
            if (!rows.length) break;
            yield rows as unknown[][];
          }
        } finally {
          await client.query('CLOSE backup_rows');
        }
      },
      async close() {
        await client.query('COMMIT').catch(() => undefined);
        await client.end();
      },
    };
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
}
