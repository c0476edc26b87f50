// Appeals: letters to officials sent by e-mail, through eOtinish or on paper, with follow-ups and
// reply rates, and the staff directory of recipients they are addressed to.
import { defineModule, type KeysOf } from '../../core/modules/index.ts';
import { appealComponent } from './appeal.manifest.tsx';
import { appealPlugin } from './appeal.routes.tsx';
import { createAppealsService, type AppealDeps } from './appeal.service.ts';

const needs: KeysOf<AppealDeps> = {
  db: true,
  config: true,
  i18n: true,
  mail: true,
  audit: true,
  campaigns: true,
  regions: true,
  ipHasher: true,
  responses: true,
  shared: true,
};

export const appealModule = defineModule({
  name: 'appeal',
  needs,
  migrations: new URL('./migrations/', import.meta.url),
  create: (deps: AppealDeps) => ({ appeals: createAppealsService(deps) }),
  nav: {
    admin: [
      { href: '/admin/recipients', labelKey: 'appeal.recipients.title', order: 70, anyOf: ['recipients.manage'] },
    ],
  },
  contributes: (deps, web) => {
    const { appeals } = deps;
    return {
      components: [appealComponent(appeals)],
      setupChecks: [
        {
          id: 'appeal.officials',
          order: 40,
          titleKey: 'appeal.setup.title',
          whyKey: 'appeal.setup.why',
          href: '/admin/recipients',
          anyOf: ['recipients.manage'],
          check: async () => {
            const count = (await appeals.listRecipients({ currentOnly: true })).length;
            return { done: count > 0, noteKey: 'appeal.setup.note', values: { count } };
          },
        },
      ],
      routes: appealPlugin({ ...web, ...deps }, appeals),
      jobs: [
        { name: 'appeal.followup', cron: '7 * * * *', run: async () => void (await appeals.followups()) },
        { name: 'appeal.maintain', cron: '47 3 * * *', run: async () => void (await appeals.maintain()) },
      ],
    };
  },
});
