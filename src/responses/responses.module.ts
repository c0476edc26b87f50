// Officials' responses to petitions and appeals: recorded by the action's managers with an optional
// document, shown on the action's public page, mailed in batches to signers who asked for updates.
// Listed before the petition and appeal modules, which register themselves as its subjects.
import { defineModule, type KeysOf } from '../core/modules/index.ts';
import { responsesPlugin } from './responses.routes.tsx';
import { createResponsesService, MAILING_JOB, type ResponsesDeps } from './responses.service.ts';

const needs: KeysOf<ResponsesDeps> = {
  db: true,
  config: true,
  i18n: true,
  mail: true,
  audit: true,
  jobs: true,
  pageCache: true,
};

export const responsesModule = defineModule({
  name: 'responses',
  needs,
  migrations: new URL('./migrations/', import.meta.url),
  create: (deps: ResponsesDeps) => ({ responses: createResponsesService(deps) }),
  contributes: (deps, web) => ({
    routes: responsesPlugin(web, deps.responses),
    jobs: [
      {
        name: MAILING_JOB,
        maxAttempts: 8,
        run: async (payload) => void (await deps.responses.runMailing(String(payload.mailing ?? ''))),
      },
    ],
  }),
});
