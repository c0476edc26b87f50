// Outgoing mail: a sealed queue sent over SMTP, or kept as the development outbox.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { AuditService } from '../accounts/index.ts';
import { defineModule } from '../modules/index.ts';
import { createMailService } from './mail.service.ts';
import { mailRoutes } from './mail.routes.tsx';
import { mailSetupCheck } from './mail.setup.ts';

interface Needs {
  config: Config;
  db: Db;
  audit: AuditService;
  warn(msg: string, extra?: object): void;
}

export const mailModule = defineModule({
  name: 'mail',
  migrations: new URL('./migrations/', import.meta.url),
  needs: { config: true, db: true, audit: true, warn: true },
  create: ({ config, db, warn }: Needs) => ({
    mail: createMailService({ db, secret: config.secret, smtpUrl: config.smtp.url, from: config.smtp.from, log: warn }),
  }),
  nav: { admin: [{ href: '/admin/outbox', labelKey: 'mail.outbox.title', order: 50, anyOf: ['mail.outbox'] }] },
  contributes: (deps, web) => ({
    routes: async (app) => void (await app.register(mailRoutes, { services: { ...web, ...deps } })),
    setupChecks: [mailSetupCheck(deps.mail)],
    // The sender runs where the job worker runs (JOBS_ENABLED).
    start: () => (deps.config.jobsEnabled ? deps.mail.start() : undefined),
    stop: () => deps.mail.stop(),
  }),
});
