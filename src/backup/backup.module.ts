// Backups: the scheduled backup job, its record of runs and the dashboard's backup item. The archive
// format, `dauys backup` and `dauys restore` are described in the README ("Operating Dauys").
import type { Config } from '../config.ts';
import type { AuditService } from '../core/accounts/index.ts';
import { defineModule } from '../core/modules/index.ts';
import type { Db } from '../db/database.ts';
import type { I18n } from '../i18n/translator.ts';
import { createBackupService } from './backup.service.ts';
import { statusNote } from './status-note.ts';

interface Needs {
  db: Db;
  config: Config;
  audit: AuditService;
  i18n: I18n;
}

export const backupModule = defineModule({
  name: 'backup',
  migrations: new URL('./migrations/', import.meta.url),
  needs: { db: true, config: true, audit: true, i18n: true },
  create: (deps: Needs) => ({ backups: createBackupService(deps) }),
  contributes: ({ backups, i18n }) => ({
    jobs: [
      {
        // Looks every ten minutes; runs a backup only when the last good one is an interval old.
        name: 'backup.scheduled',
        cron: '*/10 * * * *',
        maxAttempts: 1,
        run: async () => void (await backups.runIfDue()),
      },
    ],
    setupChecks: [
      {
        id: 'backup',
        order: 90,
        titleKey: 'backup.setup.title',
        whyKey: 'backup.setup.why',
        anyOf: ['user.manage'],
        check: async () => {
          const s = await backups.status();
          if (s.schedule !== 'on') return { done: false, noteKey: `backup.status.${s.schedule}` };
          if (!s.lastGood) return { done: false, noteKey: 'backup.status.never' };
          return s.stale ? { done: false, noteKey: 'backup.setup.stale' } : { done: true, noteKey: 'backup.setup.ok' };
        },
      },
    ],
    dashboardStatus: [
      {
        id: 'backup',
        order: 10,
        titleKey: 'backup.status.title',
        anyOf: ['jobs.view'],
        read: async (locale) => {
          const now = new Date();
          return statusNote(await backups.status(now), i18n.translator(locale), locale, now);
        },
      },
    ],
  }),
});
