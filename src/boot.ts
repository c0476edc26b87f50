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
import { createDb, type Db } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { buildApp } from './http/app.ts';
import { loadAssets, type AssetStore } from './http/assets.ts';
import { createCsrf, type Csrf } from './http/csrf.ts';
import { createPageCache, type PageCache } from './http/page-cache.ts';
import { createRateLimit, type RateLimit } from './http/rate-limit.ts';
import { createI18n, type I18n } from './i18n/translator.ts';
import { createJobsService, type JobsService } from './jobs/jobs.service.ts';
import { createMonitorService, type MonitorService } from './monitor/monitor.service.ts';
import { flashmobComponent } from './components/flashmob/flashmob.component.tsx';

export interface Services {
  config: Config;
  db: Db;
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
  limits: { login: RateLimit };
  monitor: MonitorService;
}

export type ComponentFactory = (services: Services) => ComponentManifest<any>;

/** The component types this installation ships; each later module adds its factory here. */
export const BUILT_IN_COMPONENTS: ComponentFactory[] = [flashmobComponent];

export interface BootOptions {
  /** Extra component types (tests register their own). */
  components?: ComponentFactory[];
  /** Run migrations at start (the embedded database always does). */
  migrate?: boolean;
  /** Load the reference dataset when the database has no campaigns yet. */
  seedIfEmpty?: boolean;
}

export async function createServices(config: Config, opts: BootOptions = {}): Promise<Services> {
  const db = createDb(config);
  const audit = createAuditService(db);
  const registry = new ComponentRegistry();
  const services = {
    config,
    db,
    i18n: createI18n(),
    assets: await loadAssets(config.siteDir),
    csrf: createCsrf(config.secret),
    pageCache: createPageCache(config.pageCacheSeconds),
    regions: createRegionsService(),
    audit,
    accounts: createAccountsService({ db, audit, secret: config.secret, sessionTtlHours: config.sessionTtlHours }),
    registry,
    campaigns: createCampaignsService({ db, audit, registry }),
    jobs: createJobsService({ db, pollMs: config.jobsPollMs, log: (msg, extra) => console.error(JSON.stringify({ level: 'warn', msg, ...extra })) }),
    ipHasher: createIpHasher(db, config.ipHashRetentionDays),
    limits: { login: createRateLimit({ limit: 10, windowMs: 15 * 60_000 }) },
  } as Omit<Services, 'reference' | 'monitor'> as Services;
  services.reference = createReferenceService(services);
  services.monitor = createMonitorService({ db, campaigns: services.campaigns, audit, secret: config.secret, config: config.monitor });
  for (const factory of [...BUILT_IN_COMPONENTS, ...(opts.components ?? [])]) registry.register(factory(services));
  services.campaigns.onChange(() => services.pageCache.clear());

  try {
    if (opts.migrate ?? config.dialect === 'sqlite') await migrateToLatest(db);
    await services.regions.syncTable(db);
    if (opts.seedIfEmpty && (await services.campaigns.count()) === 0) await services.reference.load();
  } catch (err) {
    await db.destroy();
    throw err;
  }
  defineCoreJobs(services);
  return services;
}

function defineCoreJobs(s: Services): void {
  s.jobs.define('core.purge', async () => {
    await s.accounts.purgeExpiredSessions();
    await s.ipHasher.purge();
  });
  s.jobs.schedule({ name: 'core.purge', cron: '17 * * * *' });
  // Social monitor connectors: scheduled only when at least one is configured.
  s.jobs.define('monitor.fetch', async () => {
    await s.monitor.fetchNow();
  }, { maxAttempts: 1 });
  if (s.monitor.connectorNames().length) s.jobs.schedule({ name: 'monitor.fetch', cron: s.config.monitor.fetchCron });
}

export async function closeServices(s: Services): Promise<void> {
  await s.jobs.stop();
  await s.db.destroy();
}

export async function createApp(services: Services): Promise<FastifyInstance> {
  return buildApp(services);
}
