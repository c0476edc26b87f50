// The first-run checklist on the staff dashboard. Every module contributes its own `setupChecks`;
// this module collects them and reads their state for the dashboard. It also stands in for the
// backups item until a module that makes backups contributes the real one with the same id.
import { defineModule } from '../modules/index.ts';
import { createSetupChecklist } from './setup.ts';

interface Needs {
  warn(msg: string, extra?: object): void;
}

export const setupModule = defineModule({
  name: 'setup',
  needs: { warn: true },
  create: ({ warn }: Needs) => ({ setup: createSetupChecklist({ warn }) }),
  contributes: () => ({
    setupChecks: [
      {
        id: 'backup',
        order: 90,
        fallback: true,
        titleKey: 'setup.backup.title',
        whyKey: 'setup.backup.why',
        anyOf: ['user.manage'],
        check: async () => ({ done: false, noteKey: 'setup.backup.none' }),
      },
    ],
  }),
  collects: { setupChecks: ({ setup }, checks) => setup.register(checks) },
});
