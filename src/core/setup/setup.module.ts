// The first-run checklist on the staff dashboard. Every module contributes its own `setupChecks`;
// this module collects them and reads their state for the dashboard.
import { defineModule } from '../modules/index.ts';
import { createSetupChecklist } from './setup.ts';

interface Needs {
  warn(msg: string, extra?: object): void;
}

export const setupModule = defineModule({
  name: 'setup',
  needs: { warn: true },
  create: ({ warn }: Needs) => ({ setup: createSetupChecklist({ warn }) }),
  collects: { setupChecks: ({ setup }, checks) => setup.register(checks) },
});
