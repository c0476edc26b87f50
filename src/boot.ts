// Composition root: config → platform → modules → web kit → HTTP app. The only file that imports
// every module; nothing in src/ imports it but the command line's entry (src/cli/main.ts).
// A new module is one folder with its `<name>.module.ts`, plus one line in MODULES below.
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { accountsModule } from './core/accounts/accounts.module.ts';
import { backupModule } from './backup/backup.module.ts';
import { campaignsModule } from './core/campaigns/campaigns.module.ts';
import { coordinationModule } from './coordination/coordination.module.ts';
import { housekeepingModule } from './core/housekeeping.module.ts';
import { mailModule } from './core/mail/mail.module.ts';
import { assemble } from './core/modules/assemble.ts';
import type { AnyModule, Contributions, NavItem, Provided, Wiring } from './core/modules/module.ts';
import { privacyModule } from './core/privacy/privacy.module.ts';
import { referenceModule } from './core/reference/reference.module.ts';
import { responsesModule } from './responses/responses.module.ts';
import { regionsModule } from './core/regions/regions.module.ts';
import { setupModule } from './core/setup/setup.module.ts';
import { appealModule } from './components/appeal/appeal.module.ts';
import { flashmobModule } from './components/flashmob/flashmob.module.ts';
import { petitionModule } from './components/petition/petition.module.ts';
import { testimonyModule } from './components/testimony/testimony.module.ts';
import { migrateToLatest } from './db/migrate.ts';
import { helpModule } from './help/help.module.ts';
import { buildApp } from './http/app.ts';
import type { LogStream } from './http/log.ts';
import type { WebKit } from './http/web.ts';
import { jobsModule } from './jobs/jobs.module.ts';
import { ledgerBooksModule } from './ledger/books.module.ts';
import { ledgerModule } from './ledger/ledger.module.ts';
import { monitorModule } from './monitor/monitor.module.ts';
import { observatoryModule } from './observatory/observatory.module.ts';
import { closePlatform, createPlatform, type Platform } from './platform.ts';

/** Every module, in wiring order: each may need what the platform and the modules before it provide. */
export const MODULES = [
  regionsModule,
  privacyModule,
  mailModule,
  accountsModule,
  housekeepingModule,
  jobsModule,
  backupModule,
  setupModule,
  campaignsModule,
  referenceModule,
  helpModule,
  observatoryModule,
  responsesModule,
  petitionModule,
  appealModule,
  testimonyModule,
  monitorModule,
  coordinationModule,
  flashmobModule,
  ledgerModule,
  ledgerBooksModule,
] as const;

// A module listed before what it needs, or a provider of the wrong shape, is a compile error here.
const wiring: Wiring<typeof MODULES, Platform> = true;
void wiring;

export type Services = Provided<typeof MODULES, Platform> & {
  web: WebKit;
  contributions: Array<Contributions & { module: string }>;
};

export interface BootOptions {
  /** Extra modules after the built-in ones (tests add their own component types this way). */
  modules?: AnyModule[];
  /** Run migrations at start (the embedded database always does). */
  migrate?: boolean;
  /** Load the reference dataset when the database has no campaigns yet. */
  seedIfEmpty?: boolean;
  /** Hot writes on a worker thread (default on SQLite); false for commands with no event loop to keep free. */
  writerThread?: boolean;
}

/** Every built-in module's migrations folder (the migrator and the migration tests read them). */
const migrationFolders = (modules: readonly AnyModule[]): URL[] =>
  modules.flatMap((m) => (m.migrations ? [m.migrations] : []));
export const ALL_MIGRATION_FOLDERS = migrationFolders(MODULES);

const byOrder = (a: NavItem, b: NavItem) => a.order - b.order;

export async function createServices(config: Config, opts: BootOptions = {}): Promise<Services> {
  const platform = await createPlatform(config, opts);
  const modules: AnyModule[] = [...MODULES, ...(opts.modules ?? [])];
  try {
    const assembly = await assemble(platform, modules);
    const s = assembly.services as Omit<Services, 'web' | 'contributions'>;
    const web: WebKit = {
      config,
      i18n: platform.i18n,
      assets: platform.assets,
      csrf: platform.csrf,
      pageCache: platform.pageCache,
      shared: platform.shared,
      sessions: s.accounts,
      nav: {
        public: modules.flatMap((m) => m.nav?.public ?? []).sort(byOrder),
        admin: modules.flatMap((m) => m.nav?.admin ?? []).sort(byOrder),
        account: modules.flatMap((m) => m.nav?.account ?? []).sort(byOrder),
      },
    };
    const contributions = assembly.contribute(web);
    for (const c of contributions)
      for (const job of c.jobs ?? []) {
        platform.jobs.define(job.name, job.run, { maxAttempts: job.maxAttempts });
        if (job.cron) platform.jobs.schedule({ name: job.name, cron: job.cron });
      }
    if (opts.migrate ?? config.dialect === 'sqlite') await migrateToLatest(platform.db, migrationFolders(modules));
    for (const c of contributions) await c.prepare?.();
    // Every loader is idempotent and keeps staff edits, so a database missing any part gets the whole set.
    if (opts.seedIfEmpty && (await s.reference.isIncomplete())) await s.reference.load();
    return { ...s, web, contributions };
  } catch (err) {
    await closePlatform(platform);
    throw err;
  }
}

/** Background work of a serving process: each module's (batched counters, mail) and the job worker unless JOBS_ENABLED=false. */
export function startBackground(s: Services): void {
  for (const c of s.contributions) c.start?.();
  if (s.config.jobsEnabled) s.jobs.start();
}

export async function closeServices(s: Services): Promise<void> {
  await s.jobs.stop();
  for (const c of [...s.contributions].reverse()) await c.stop?.();
  await closePlatform(s);
}

export function createApp(s: Services, opts: { logStream?: LogStream } = {}): Promise<FastifyInstance> {
  return buildApp({ web: s.web, contributions: s.contributions, health: s.health }, opts);
}
