// Creates the Kysely instance for the configured dialect. Everything dialect-specific beyond
// connection set-up lives in portable.ts.
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
} from 'kysely';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import { nativeSqliteBulk, registerSqliteBulk } from './portable.ts';
import type { Database } from './schema.ts';
import { sqliteLock, type AsyncLock } from './sqlite-lock.ts';

export type Db = Kysely<Database>;

// PostgreSQL returns COUNT(*) and SUM() as bigint strings; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export function createDb(config: Pick<Config, 'dialect' | 'databaseUrl' | 'sqlitePath'>): Db {
  if (config.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
    // An idle client can lose its connection (server restart, failover). Without a listener pg
    // rethrows that as an uncaught exception and the whole process dies; the pool replaces the client.
    pool.on('error', (err) => process.stderr.write(`database: idle connection lost (${err.message})\n`));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const file = config.sqlitePath ?? ':memory:';
  if (file !== ':memory:') {
    // The folder and the file are its owner's only; SQLite gives -wal and -shm the file's mode.
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    closeSync(openSync(file, 'a', 0o600));
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL keeps every committed write durable across power loss, not only across process crashes.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new ImmediateSqliteDriver(sqlite, sqliteLock(file)),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
  registerSqliteBulk(db, nativeSqliteBulk(sqlite));
  return db;
}

/**
 * Transactions take the write lock when they begin (BEGIN IMMEDIATE), waiting out busy_timeout if
 * another connection (the signature writer, another process) is committing. A deferred transaction
 * that reads first would instead fail outright when another writer commits before its first write.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    private readonly sqlite: SQLite.Database,
    private readonly shared: AsyncLock,
  ) {
    super({ database: sqlite });
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.shared.acquire();
    return super.acquireConnection();
  }
  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    this.shared.release();
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  // SQLite rolls a transaction back by itself on some errors (SQLITE_FULL among them); a second
  // ROLLBACK would then fail and its "no transaction is active" would hide the real cause.
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.sqlite.inTransaction) await super.rollbackTransaction(connection);
  }
}
