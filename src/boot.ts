// Composition root: config → database → services → HTTP app. Every service is created here and
// nowhere else; init() prepares them, close() releases them in reverse order.
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { createAccountsService, type AccountsService } from './core/accounts/accounts.service.ts';
import { createAuditService, type AuditService } from './core/accounts/audit.service.ts';
import { createCampaignsService, type CampaignsService } from './core/campaigns/campaigns.service.ts';
import { ComponentRegistry, type ComponentManifest } from './core/campaigns/registry.ts';
import { createIpHasher, type IpHasher } from './core/privacy/ip-hash.service.ts';
import { createReferenceService, type ReferenceService } from './core/reference/reference.service.ts';
import { createRegionsService, type RegionsService } from './core/regions/regions.service.ts';
import { testimonyComponent } from './components/testimony/testimony.component.tsx';
import { createTestimonyModule, type TestimonyModule } from './components/testimony/testimony.module.ts';
import { createDb, type Db } from './db/database.ts';
import { createSqliteWriter } from './db/sqlite-writer.ts';
import { migrateToLatest } from './db/migrate.ts';
import { ALL_MIGRATION_FOLDERS } from './db/migration-folders.ts';
import { helpReferenceLoader } from './help/help.reference.ts';
import { createHelpService, type HelpServiceApi } from './help/help.service.ts';
import { ping } from './db/portable.ts';
import { buildApp } from './http/app.ts';
import { loadAssets, type AssetStore } from './http/assets.ts';
import { createCsrf, type Csrf } from './http/csrf.ts';
import { createPageCache, type PageCache } from './http/page-cache.ts';
import { createRateLimit, type RateLimit } from './http/rate-limit.ts';
import { createI18n, type I18n } from './i18n/translator.ts';
import { createJobsService, type JobsService } from './jobs/jobs.service.ts';
import { createMailService, type MailService } from './core/mail/mail.service.ts';
import { petitionComponent } from './components/petition/petition.manifest.tsx';
import { createPetitionsService, type PetitionsService } from './components/petition/petition.service.ts';
import { appealComponent } from './components/appeal/appeal.manifest.tsx';
import { createAppealsService, type AppealsService } from './components/appeal/appeal.service.ts';
import { observatoryReferenceLoader } from './observatory/observatory.reference.ts';
import { createObservatoryService, type ObservatoryService } from './observatory/observatory.service.ts';
import { createMonitorService, type MonitorService } from './monitor/monitor.service.ts';
import { flashmobComponent } from './components/flashmob/flashmob.component.tsx';

export interface Services {
  config: Config;
  db: Db;
  /** The connection for hot, group-committed writes: a worker thread on SQLite, the same pool on PostgreSQL. */
  writer: Db;
  i18n: I18n;
  assets: AssetStore;
  csrf: Csrf;
  pageCache: PageCache;
  regions: RegionsService;
  audit: AuditService;
  accounts: AccountsService;
  registry: ComponentRegistry;
  campaigns: CampaignsService;
  jobs: JobsService;
  ipHasher: IpHasher;
  reference: ReferenceService;
  observatory: ObservatoryService;
  limits: { login: RateLimit };
  mail: MailService;
  petitions: PetitionsService;
  appeals: AppealsService;
  help: HelpServiceApi;
  testimony: TestimonyModule;
  /** Throws when the database does not answer (for /healthz). */
  health(): Promise<void>;
  monitor: MonitorService;
}

export type ComponentFactory = (services: Services) => ComponentManifest<any>;

/** The component types this installation ships; each later module adds its factory here. */
export const BUILT_IN_COMPONENTS: ComponentFactory[] = [
  petitionComponent,
  appealComponent,
  testimonyComponent,
  flashmobComponent,
];

export interface BootOptions {
  /** Extra component types (tests register their own). */
  components?: ComponentFactory[];
  /** Run migrations at start (the embedded database always does). */
  migrate?: boolean;
  /** Load the reference dataset when the database has no campaigns yet. */
  seedIfEmpty?: boolean;
  /**
   * Embedded database: hot writes go through a connection on a worker thread (default), so that
   * commits never block the web server's event loop. A command with no event loop to keep free
   * passes false: everything then runs on this thread's connection, without the cost of copying
   * each write to the other thread.
   */
  writerThread?: boolean;
}

export async function createServices(config: Config, opts: BootOptions = {}): Promise<Services> {
  const db = createDb(config);
  const writer =
    opts.writerThread !== false && config.sqlitePath && config.sqlitePath !== ':memory:'
      ? createSqliteWriter(config.sqlitePath)
      : db;
  const audit = createAuditService(db);
  const registry = new ComponentRegistry();
  const regions = createRegionsService();
  const i18n = createI18n();
  const mail = createMailService({
    db,
    secret: config.secret,
    smtpUrl: config.smtp.url,
    from: config.smtp.from,
    log: (msg, extra) => console.error(JSON.stringify({ level: 'warn', msg, ...extra })),
  });
  const services = {
    config,
    db,
    writer,
    i18n,
    assets: await loadAssets(config.siteDir),
    csrf: createCsrf(config.secret),
    pageCache: createPageCache(config.pageCacheSeconds),
    regions,
    audit,
    accounts: createAccountsService({
      db,
      audit,
      mail,
      i18n,
      secret: config.secret,
      sessionTtlHours: config.sessionTtlHours,
    }),
    registry,
    campaigns: createCampaignsService({ db, audit, registry }),
    jobs: createJobsService({
      db,
      pollMs: config.jobsPollMs,
      log: (msg, extra) => console.error(JSON.stringify({ level: 'warn', msg, ...extra })),
    }),
    ipHasher: createIpHasher(db, config.secret, config.ipHashRetentionDays),
    limits: { login: createRateLimit({ limit: 10, windowMs: 15 * 60_000 }) },
    help: createHelpService({ db, audit, regions }),
    health: () => ping(db),
    mail,
  } as Omit<Services, 'reference' | 'petitions' | 'appeals' | 'testimony' | 'monitor'> as Services;
  services.reference = createReferenceService(services);
  services.observatory = createObservatoryService({
    db,
    audit,
    regions: services.regions,
    campaigns: services.campaigns,
  });
  services.observatory.onChange(() => services.pageCache.clear());
  services.reference.register('observatory', observatoryReferenceLoader);
  services.petitions = createPetitionsService(services);
  services.appeals = createAppealsService(services);
  services.reference.register('help', helpReferenceLoader);
  services.help.onChange(() => services.pageCache.clear());
  services.observatory.registerRegionLayer('help', {
    labelKey: 'help.layer',
    counts: async () =>
      Object.fromEntries(Object.entries(await services.help.countByRegion()).filter(([code]) => code !== 'national')),
  });
  services.testimony = createTestimonyModule({ ...services, onPublish: () => services.pageCache.clear() });
  // Spikes are annotated with observatory moments through its service; the monitor works without it.
  services.monitor = createMonitorService({
    db,
    writer,
    campaigns: services.campaigns,
    audit,
    secret: config.secret,
    config: config.monitor,
    events: services.observatory,
  });
  for (const factory of [...BUILT_IN_COMPONENTS, ...(opts.components ?? [])]) registry.register(factory(services));
  services.campaigns.onChange(() => services.pageCache.clear());

  try {
    if (opts.migrate ?? config.dialect === 'sqlite') await migrateToLatest(db, ALL_MIGRATION_FOLDERS);
    await services.regions.syncTable(db);
    // Every loader is idempotent and keeps staff edits, so a database missing any part gets the whole set.
    if (
      opts.seedIfEmpty &&
      ((await services.campaigns.count()) === 0 || !Object.keys(await services.observatory.counts()).length)
    )
      await services.reference.load();
  } catch (err) {
    if (writer !== db) await writer.destroy();
    await db.destroy();
    throw err;
  }
  defineCoreJobs(services);
  return services;
}

function defineCoreJobs(s: Services): void {
  s.jobs.define('core.purge', async () => {
    await s.accounts.purge();
    await s.ipHasher.purge();
    await s.mail.purge();
  });
  s.jobs.schedule({ name: 'core.purge', cron: '17 * * * *' });
  // Social monitor connectors: scheduled only when at least one is configured.
  s.jobs.define(
    'monitor.fetch',
    async () => {
      await s.monitor.fetchNow();
    },
    { maxAttempts: 1 },
  );
  if (s.monitor.connectorNames().length) s.jobs.schedule({ name: 'monitor.fetch', cron: s.config.monitor.fetchCron });
}

/** Background work of a serving process: batched public counters always; the job worker and the mail sender unless JOBS_ENABLED=false. */
export function startBackground(s: Services): void {
  s.petitions.start();
  if (!s.config.jobsEnabled) return;
  s.jobs.start();
  s.mail.start();
}

export async function closeServices(s: Services): Promise<void> {
  await s.jobs.stop();
  await s.petitions.stop();
  await s.mail.stop();
  if (s.writer !== s.db) await s.writer.destroy();
  await s.db.destroy();
}

export async function createApp(
  services: Services,
  opts: Parameters<typeof buildApp>[1] = {},
): Promise<FastifyInstance> {
  return buildApp(services, opts);
}
