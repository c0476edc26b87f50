// Testimonies: survivors' accounts sealed in their browser (or, without JavaScript, on arrival) to the
// organisation's key; her receipt for follow-up, casework, referral, publication with her consent,
// statistics, key management, retention; and the `testimony` campaign component.
import type { Config } from '../../config.ts';
import type { AccountsService, AuditService } from '../../core/accounts/index.ts';
import type { CampaignsService } from '../../core/campaigns/index.ts';
import { defineModule } from '../../core/modules/index.ts';
import type { RegionsService } from '../../core/regions/index.ts';
import type { IpHasher } from '../../core/privacy/index.ts';
import type { Db } from '../../db/database.ts';
import type { MailService } from '../../core/mail/index.ts';
import type { I18n } from '../../i18n/translator.ts';
import type { JobsService } from '../../jobs/index.ts';
import type { HelpService } from '../../help/index.ts';
import type { PageCache } from '../../http/page-cache.ts';
import { CSP } from '../../http/security-headers.ts';
import type { ObservatoryService } from '../../observatory/index.ts';
import { caseworkRoutes } from './casework.routes.tsx';
import { NOTIFY_JOB } from './notify.service.ts';
import { notifyRoutes } from './notify.routes.tsx';
import { publicRoutes } from './public.routes.tsx';
import { tellRoutes } from './tell.routes.tsx';
import { testimonyComponent } from './testimony.component.tsx';
import { testimonySetupChecks } from './testimony.setup.ts';
import { createTestimonyParts } from './testimony.parts.ts';

interface Needs {
  config: Config;
  db: Db;
  audit: AuditService;
  accounts: AccountsService;
  campaigns: CampaignsService;
  regions: RegionsService;
  ipHasher: IpHasher;
  help: HelpService;
  observatory: ObservatoryService;
  pageCache: PageCache;
  mail: Pick<MailService, 'queue'>;
  jobs: Pick<JobsService, 'enqueue'>;
  i18n: I18n;
  warn(msg: string, extra?: object): void;
}

// libsodium runs as WebAssembly: the pages of this module allow compiling it (and nothing else more).
const WASM_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");

export const testimonyModule = defineModule({
  name: 'testimony',
  needs: {
    config: true,
    db: true,
    audit: true,
    accounts: true,
    campaigns: true,
    regions: true,
    ipHasher: true,
    help: true,
    observatory: true,
    pageCache: true,
    mail: true,
    jobs: true,
    i18n: true,
    warn: true,
  },
  migrations: new URL('./migrations/', import.meta.url),
  create: (deps: Needs) => ({ testimony: createTestimonyParts({ ...deps, onPublish: () => deps.pageCache.clear() }) }),
  nav: {
    public: [{ href: '/tell', labelKey: 'testimony.nav', order: 20 }],
    admin: [
      {
        href: '/admin/testimonies',
        labelKey: 'testimony.admin.nav',
        order: 80,
        anyOf: ['casework.handle', 'moderation.review'],
      },
    ],
    account: [
      {
        href: '/admin/account/notifications',
        labelKey: 'testimony.notify.title',
        order: 10,
        anyOf: ['casework.handle', 'moderation.review'],
      },
    ],
  },
  contributes: (deps, web) => {
    const { testimony } = deps;
    const services = { ...web, ...deps };
    return {
      components: [testimonyComponent(testimony.cases, testimony.keys)],
      setupChecks: testimonySetupChecks(testimony.keys, () => deps.accounts.listUsers()),
      routes: async (app) => {
        app.addHook('onSend', async (_req, reply, payload) => {
          if (String(reply.getHeader('content-type') ?? '').startsWith('text/html'))
            reply.header('content-security-policy', WASM_CSP);
          return payload;
        });
        await tellRoutes(app, services, testimony);
        await publicRoutes(app, services, testimony);
        await caseworkRoutes(app, services, testimony);
        await notifyRoutes(app, services, testimony);
      },
      jobs: [
        {
          name: 'testimony.retention',
          cron: '41 3 * * *',
          run: async () => void (await testimony.cases.runRetention()),
        },
        // Immediate notices: enqueued by arrivals and by itself (for the end of an interval).
        { name: NOTIFY_JOB, run: async () => void (await testimony.notify.deliver()) },
        // Hourly: the daily digests once their local hour has come, and whatever a lost signal left.
        {
          name: 'testimony.digest',
          cron: '0 * * * *',
          run: async () => {
            await testimony.notify.deliver();
            await testimony.notify.digest();
          },
        },
      ],
    };
  },
});
