// What the testimony module is made of: its cases, the intake, the keys, the proof of work, the
// receipt hasher, the attachment store and the caseworkers' e-mail notices.
import type { AccountsService, AuditService } from '../../core/accounts/index.ts';
import type { CampaignsService } from '../../core/campaigns/index.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { MailService } from '../../core/mail/index.ts';
import type { I18n } from '../../i18n/translator.ts';
import type { JobsService } from '../../jobs/index.ts';
import type { HelpService } from '../../help/index.ts';
import type { RegionsService } from '../../core/regions/index.ts';
import type { ObservatoryService } from '../../observatory/index.ts';
import type { RateLimit } from '../../http/rate-limit.ts';
import { pickText, type Translatable, type UiLocale } from '../../i18n/locales.ts';
import { join } from 'node:path';
import { createFileStore, type FileStore } from './file-store.ts';
import { createIntakeService, type IntakeService } from './intake.service.ts';
import { createKeysService, type KeysService } from './keys.service.ts';
import { createNotifier, type Notifier } from './notify.service.ts';
import { createPow, type Pow } from './pow.ts';
import { createReceiptHasher, type ReceiptHasher } from './receipt.server.ts';
import { createTestimonyService, type TestimonyService } from './testimony.service.ts';

export interface TestimonyParts {
  cases: TestimonyService;
  intake: IntakeService;
  keys: KeysService;
  pow: Pow;
  hasher: ReceiptHasher;
  files: FileStore;
  notify: Notifier;
  /** The call text of a published testimony component ('' when it has none), undefined when there is no such component. */
  callFor(componentId: string, locale: UiLocale): Promise<string | undefined>;
  /** Set by the routes (tests and the benchmark reset them). */
  limits?: Record<string, RateLimit>;
}

export function createTestimonyParts(deps: {
  config: Config;
  db: Db;
  audit: AuditService;
  accounts: AccountsService;
  campaigns: CampaignsService;
  help: HelpService;
  regions: Pick<RegionsService, 'isValid'>;
  observatory: ObservatoryService;
  mail: Pick<MailService, 'queue'>;
  jobs: Pick<JobsService, 'enqueue'>;
  i18n: I18n;
  warn?: (msg: string, extra?: object) => void;
  onPublish: () => void;
  powMinCounter?: number;
}): TestimonyParts {
  const { config, db, audit } = deps;
  const notify = createNotifier({
    db,
    mail: deps.mail,
    jobs: deps.jobs,
    i18n: deps.i18n,
    accounts: deps.accounts,
    audit,
    baseUrl: config.baseUrl,
    settings: config.testimonyNotify,
    log: deps.warn,
  });
  const files = createFileStore(join(config.uploadsDir, 'testimony'));
  const hasher = createReceiptHasher(config.secret);
  const cases = createTestimonyService({
    db,
    audit,
    files,
    hasher,
    help: deps.help,
    observatory: deps.observatory,
    retentionDays: config.testimonyRetentionDays,
    warningDays: config.testimonyNotify.warningDays,
    onPublish: deps.onPublish,
    onArrival: notify.arrived,
    onFlagged: notify.flagged,
  });
  const keys = createKeysService({
    db,
    audit,
    staffExists: async (id) => (await deps.accounts.listUsers()).find((u) => u.id === id && !u.disabled) ?? null,
  });
  const pow = createPow(config.secret, { minCounter: deps.powMinCounter });
  const callFor: TestimonyParts['callFor'] = async (componentId, locale) => {
    try {
      const c = await deps.campaigns.getComponent(componentId);
      if (c.type !== 'testimony' || c.status !== 'published') return undefined;
      return pickText(c.settings.call as Translatable, locale);
    } catch {
      return undefined;
    }
  };
  const intake = createIntakeService({
    cases,
    keys,
    pow,
    hasher,
    help: deps.help,
    isRegion: deps.regions.isValid,
    callFor,
  });
  return { cases, intake, keys, hasher, files, pow, notify, callFor };
}
