// Petitions: a campaign component people sign (confirmed by e-mail, counted in public, checked for
// integrity, delivered to the addressee), with its pages, API, jobs and part of the reference dataset.
import { defineModule, type KeysOf } from '../../core/modules/index.ts';
import { upsertEach } from '../../core/reference/index.ts';
import { petitionComponent } from './petition.manifest.tsx';
import { petitionApi, petitionPlugin } from './petition.routes.tsx';
import { createPetitionsService, type PetitionDeps } from './petition.service.ts';
import type { PetitionSettings, PetitionState } from './petition.ts';

interface ReferencePetition {
  key: string;
  campaign: string;
  state: PetitionState;
  settings: PetitionSettings;
}

const needs: KeysOf<PetitionDeps> = {
  db: true,
  writer: true,
  config: true,
  i18n: true,
  mail: true,
  audit: true,
  campaigns: true,
  regions: true,
  ipHasher: true,
  accounts: true,
  pageCache: true,
  responses: true,
  shared: true,
};

export const petitionModule = defineModule({
  name: 'petition',
  needs,
  migrations: new URL('./migrations/', import.meta.url),
  create: (deps: PetitionDeps) => ({ petitions: createPetitionsService(deps) }),
  nav: {
    admin: [
      { href: '/admin/petitions', labelKey: 'petition.admin.integrity_title', order: 60, anyOf: ['moderation.review'] },
    ],
  },
  contributes: (deps, web) => {
    const { petitions } = deps;
    return {
      components: [petitionComponent(petitions)],
      routes: petitionPlugin({ ...web, ...deps }, petitions),
      api: petitionApi(petitions, deps.responses, deps.config.baseUrl),
      jobs: [
        { name: 'petition.trending', cron: '2 * * * *', run: async () => void (await petitions.trendingReport()) },
        { name: 'petition.maintain', cron: '41 * * * *', run: async () => void (await petitions.maintain()) },
        { name: 'petition.reconcile', cron: '23 2 * * *', run: async () => void (await petitions.reconcile()) },
      ],
      referenceLoaders: [
        {
          name: 'petitions',
          load: () =>
            upsertEach<ReferencePetition>('petitions.json', (p) =>
              petitions.upsertReference(p.campaign, p.key, { settings: p.settings, state: p.state }),
            ),
        },
      ],
      // Batched public counters: every serving process flushes its own.
      start: () => petitions.start(),
      stop: () => petitions.stop(),
    };
  },
});
