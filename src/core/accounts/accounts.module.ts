// Staff accounts: sign-in with a second factor where the role reaches survivors, sessions, users,
// the audit log's pages and each person's account page.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { SharedStore } from '../../db/shared-store.ts';
import { createRateLimit } from '../../http/rate-limit.ts';
import type { I18n } from '../../i18n/translator.ts';
import type { MailService } from '../mail/index.ts';
import { defineModule } from '../modules/index.ts';
import type { IpHasher } from '../privacy/index.ts';
import { createAccountsService } from './accounts.service.ts';
import { accountsRoutes } from './accounts.routes.tsx';
import type { AuditService } from './audit.service.ts';
import { staffRoutes } from './staff.routes.tsx';

interface Needs {
  config: Config;
  db: Db;
  audit: AuditService;
  mail: MailService;
  i18n: I18n;
  ipHasher: IpHasher;
  shared: SharedStore;
}

export const accountsModule = defineModule({
  name: 'accounts',
  migrations: new URL('./migrations/', import.meta.url),
  needs: { config: true, db: true, audit: true, mail: true, i18n: true, ipHasher: true, shared: true },
  create: ({ config, db, audit, mail, i18n, shared }: Needs) => ({
    accounts: createAccountsService({
      db,
      audit,
      mail,
      i18n,
      secret: config.secret,
      sessionTtlHours: config.sessionTtlHours,
    }),
    limits: { login: createRateLimit({ limit: 10, windowMs: 15 * 60_000, name: 'login', store: shared }) },
  }),
  nav: {
    admin: [
      { href: '/admin/users', labelKey: 'users.title', order: 20, anyOf: ['user.manage'] },
      { href: '/admin/audit', labelKey: 'audit.title', order: 30, anyOf: ['audit.view'] },
      { href: '/admin/account', labelKey: 'account.title', order: 1000 },
    ],
  },
  contributes: (deps, web) => ({
    routes: async (app) => {
      await app.register(accountsRoutes, { services: { ...web, ...deps } });
      await app.register(staffRoutes, { services: { ...web, ...deps } });
    },
  }),
});
