// A Kysely instance whose SQLite connection lives in a worker thread. Hot write paths (petition
// signatures and confirmations, written by group commit) use it so that the fsync of each commit
// happens off the event loop; everything else keeps the main connection. Both are connections to
// the same WAL database; in this process they take turns through one lock (see sqlite-lock.ts).
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import { Worker } from 'node:worker_threads';
import type { Database } from './schema.ts';
import { registerSqliteBulk } from './portable.ts';
import { sqliteLock, type AsyncLock } from './sqlite-lock.ts';

type Reply = {
  id: number;
  rows: unknown[];
  changes?: number;
  lastInsertRowid?: string;
  bulk?: unknown;
  error?: { message: string; code?: string };
};

class WorkerConnection implements DatabaseConnection {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void }>();
  constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply & { ready?: boolean }) => {
      if (m.ready) return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      w?.resolve(m);
    });
  }

  private async send(message: object): Promise<Reply> {
    const id = this.next++;
    const reply = await new Promise<Reply>((resolve) => {
      this.waiting.set(id, { resolve });
      this.worker.postMessage({ id, ...message });
    });
    if (reply.error) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
    return reply;
  }

  /** One statement once per row in the worker (see SqliteBulk); the main thread goes on meanwhile. */
  async bulk(sql: string, rows: unknown[][], want: 'none' | 'changed' | 'rows' | 'pragma'): Promise<unknown> {
    return (await this.send({ bulk: { sql, rows, want } })).bulk;
  }

  /** Rolls back unless SQLite already did (it does on SQLITE_FULL): see ImmediateSqliteDriver. */
  async rollback(): Promise<void> {
    await this.send({ rollback: true });
  }

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const reply = await this.send({ sql: q.sql, params: q.parameters });
    if (reply.changes === undefined) return { rows: reply.rows as R[] };
    return {
      rows: reply.rows as R[],
      numAffectedRows: BigInt(reply.changes),
      insertId: reply.lastInsertRowid ? BigInt(reply.lastInsertRowid) : undefined,
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error('streaming is not supported by the SQLite writer');
  }
}

class WorkerDriver implements Driver {
  private worker!: Worker;
  connection: WorkerConnection | null = null;
  private readonly lock: AsyncLock;
  constructor(private readonly file: string) {
    this.lock = sqliteLock(file);
  }

  async init() {
    // Its heap only holds the statements in flight: bounded, so that the thread stays small.
    this.worker = new Worker(new URL('./sqlite-writer.worker.mjs', import.meta.url), {
      workerData: { file: this.file },
      resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 48 },
    });
    this.worker.unref();
    await new Promise<void>((resolve, reject) => {
      this.worker.once('message', () => resolve());
      this.worker.once('error', reject);
    });
    this.connection = new WorkerConnection(this.worker);
  }
  async acquireConnection() {
    await this.lock.acquire();
    return this.connection!;
  }
  async releaseConnection() {
    this.lock.release();
  }
  async beginTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  async commitTransaction(c: DatabaseConnection) {
    await c.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(c: DatabaseConnection) {
    await (c as WorkerConnection).rollback();
  }
  async destroy() {
    await this.worker?.terminate();
  }
}

export function createSqliteWriter(file: string): Kysely<Database> {
  let driver: WorkerDriver | null = null;
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => (driver = new WorkerDriver(file)),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
  // Bulk writes run inside a transaction of this instance, whose connection is then up.
  const bulk = (sql: string, rows: unknown[][], want: 'none' | 'changed' | 'rows' | 'pragma') => {
    if (!driver?.connection) throw new Error('bulk writes need a transaction on the SQLite writer');
    return driver.connection.bulk(sql, rows, want);
  };
  registerSqliteBulk(db, {
    run: async (sql, rows) => void (await bulk(sql, rows, 'none')),
    changed: async (sql, rows) => Array.from((await bulk(sql, rows, 'changed')) as Uint8Array, (f) => f === 1),
    returning: async <R>(sql: string, rows: unknown[][]) => (await bulk(sql, rows, 'rows')) as R[],
    pragma: (setting) => bulk(setting, [], 'pragma'),
  });
  return db;
}
