// Everything the testimony component needs, created once in boot.ts: the services, the proof of
// work, the receipt hasher, the attachment store and the retention job.
import type { AuditService } from '../../core/accounts/audit.service.ts';
import type { AccountsService } from '../../core/accounts/accounts.service.ts';
import type { CampaignsService } from '../../core/campaigns/campaigns.service.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { HelpServiceApi } from '../../help/help.service.ts';
import type { ObservatoryService } from '../../observatory/observatory.service.ts';
import type { RateLimit } from '../../http/rate-limit.ts';
import { pickText, type Locale, type Translatable } from '../../i18n/locales.ts';
import type { JobsService } from '../../jobs/jobs.service.ts';
import { join } from 'node:path';
import { createFileStore, type FileStore } from './file-store.ts';
import { createKeysService, type KeysService } from './keys.service.ts';
import { createPow, type Pow } from './pow.ts';
import { createReceiptHasher, type ReceiptHasher } from './receipt.server.ts';
import { createTestimonyService, type TestimonyService } from './testimony.service.ts';

export interface TestimonyModule {
  testimony: TestimonyService;
  keys: KeysService;
  pow: Pow;
  hasher: ReceiptHasher;
  files: FileStore;
  /** The call text of a published testimony component ('' when it has none), undefined when there is no such component. */
  callFor(componentId: string, locale: Locale): Promise<string | undefined>;
  /** Set by the routes (tests and the benchmark reset them). */
  limits?: Record<string, RateLimit>;
}

export function createTestimonyModule(deps: {
  config: Config;
  db: Db;
  audit: AuditService;
  accounts: AccountsService;
  campaigns: CampaignsService;
  help: HelpServiceApi;
  observatory: ObservatoryService;
  jobs: JobsService;
  onPublish: () => void;
  powMinCounter?: number;
}): TestimonyModule {
  const { config, db, audit } = deps;
  const files = createFileStore(join(config.uploadsDir, 'testimony'));
  const hasher = createReceiptHasher(config.secret);
  const testimony = createTestimonyService({
    db,
    audit,
    files,
    hasher,
    help: deps.help,
    observatory: deps.observatory,
    retentionDays: config.testimonyRetentionDays,
    onPublish: deps.onPublish,
  });
  const keys = createKeysService({
    db,
    audit,
    staffExists: async (id) => (await deps.accounts.listUsers()).find((u) => u.id === id && !u.disabled) ?? null,
  });
  deps.jobs.define('testimony.retention', async () => void (await testimony.runRetention()));
  deps.jobs.schedule({ name: 'testimony.retention', cron: '41 3 * * *' });
  return {
    testimony,
    keys,
    hasher,
    files,
    pow: createPow(config.secret, { minCounter: deps.powMinCounter }),
    async callFor(componentId, locale) {
      try {
        const c = await deps.campaigns.getComponent(componentId);
        if (c.type !== 'testimony' || c.status !== 'published') return undefined;
        return pickText(c.settings.call as Translatable, locale);
      } catch {
        return undefined;
      }
    },
  };
}
