// The platform: what exists before any module — configuration, the database connections, translations,
// assets, CSRF tokens, the store several processes share, the page cache, the job queue and the audit
// log. Only boot.ts creates it.
import type { Config } from './config.ts';
import { type AuditService, createAuditService } from './core/accounts/index.ts';
import { createDb, type Db } from './db/database.ts';
import { ping } from './db/portable.ts';
import { createSharedStore } from './db/shared-store.open.ts';
import type { SharedStore } from './db/shared-store.ts';
import { createSqliteWriter } from './db/sqlite-writer.ts';
import { loadAssets, type AssetStore } from './http/assets.ts';
import { createCsrf, type Csrf } from './http/csrf.ts';
import { createPageCache, type PageCache } from './http/page-cache.ts';
import { configureKkLatin } from './i18n/kk-latin.ts';
import { createI18n, type I18n } from './i18n/translator.ts';
import { createJobsService, type JobsService } from './jobs/index.ts';

export interface Platform {
  config: Config;
  db: Db;
  /** The connection for hot, group-committed writes: a worker thread on SQLite, the same pool on PostgreSQL. */
  writer: Db;
  i18n: I18n;
  assets: AssetStore;
  csrf: Csrf;
  /** Counters, messages and locks every web process shares (memory with one embedded process). */
  shared: SharedStore;
  pageCache: PageCache;
  jobs: JobsService;
  audit: AuditService;
  /** Throws when the database does not answer (for /healthz). */
  health(): Promise<void>;
  /** Writes a warning line to the log (standard error, as JSON). */
  warn(msg: string, extra?: object): void;
}

/**
 * Embedded database: hot writes go through a connection on a worker thread unless `writerThread` is
 * false (a command with no event loop to keep free, which then avoids copying each write across).
 */
export async function createPlatform(config: Config, opts: { writerThread?: boolean } = {}): Promise<Platform> {
  const db = createDb(config);
  const onDisk = config.sqlitePath && config.sqlitePath !== ':memory:';
  const writer = opts.writerThread !== false && onDisk ? createSqliteWriter(config.sqlitePath!) : db;
  const warn = (msg: string, extra?: object) => console.error(JSON.stringify({ level: 'warn', msg, ...extra }));
  let shared: SharedStore;
  try {
    shared = await createSharedStore(config);
  } catch (err) {
    if (writer !== db) await writer.destroy();
    await db.destroy();
    throw err;
  }
  // One transliterator per process: pick() and the kk-latn catalog use it without a handle.
  configureKkLatin(config.kkLatinRussian);
  return {
    config,
    db,
    writer,
    i18n: createI18n(),
    assets: await loadAssets(config.siteDir),
    csrf: createCsrf(config.secret),
    shared,
    pageCache: createPageCache(config.pageCacheSeconds, { store: shared }),
    jobs: createJobsService({ db, pollMs: config.jobsPollMs, log: warn }),
    audit: createAuditService(db),
    health: () => ping(db),
    warn,
  };
}

export async function closePlatform(p: Platform): Promise<void> {
  await p.shared.close();
  if (p.writer !== p.db) await p.writer.destroy();
  await p.db.destroy();
}
