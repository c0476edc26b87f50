// The observatory: the public record of cases, laws, rallies and organisations the campaigns changed,
// its staff editor and moderation, its open-data API, and the region map other modules add layers to.
import type { AuditService } from '../core/accounts/index.ts';
import type { CampaignsService } from '../core/campaigns/index.ts';
import { defineModule } from '../core/modules/index.ts';
import type { ReferenceService } from '../core/reference/index.ts';
import type { RegionsService } from '../core/regions/index.ts';
import type { Db } from '../db/database.ts';
import type { PageCache } from '../http/page-cache.ts';
import { observatoryAdminRoutes } from './observatory.admin.routes.tsx';
import { observatoryApi } from './observatory.api.ts';
import { observatoryReferenceLoader } from './observatory.reference.ts';
import { observatoryRoutes } from './observatory.routes.tsx';
import { createObservatoryService } from './observatory.service.ts';

interface Needs {
  db: Db;
  audit: AuditService;
  regions: RegionsService;
  campaigns: CampaignsService;
  reference: Pick<ReferenceService, 'sources'>;
  pageCache: PageCache;
}

export const observatoryModule = defineModule({
  name: 'observatory',
  migrations: new URL('./migrations/', import.meta.url),
  needs: { db: true, audit: true, regions: true, campaigns: true, reference: true, pageCache: true },
  create: ({ db, audit, regions, campaigns, pageCache }: Needs) => {
    const observatory = createObservatoryService({ db, audit, regions, campaigns });
    observatory.onChange(() => pageCache.clear());
    return { observatory };
  },
  nav: {
    public: [{ href: '/observatory', labelKey: 'observatory.nav', order: 40 }],
    admin: [
      { href: '/admin/observatory', labelKey: 'observatory.admin.title', order: 10, anyOf: ['observatory.edit'] },
    ],
  },
  contributes: (deps, web) => ({
    routes: async (app) => {
      await app.register(observatoryRoutes, { services: { ...web, ...deps } });
      await app.register(observatoryAdminRoutes, { services: { ...web, ...deps } });
    },
    api: async (app) =>
      void (await app.register(observatoryApi, { services: { ...web, ...deps }, prefix: '/api/v1/observatory' })),
    referenceLoaders: [observatoryReferenceLoader(deps)],
  }),
  collects: {
    mapLayers: ({ observatory }, layers) =>
      layers.forEach(({ name, ...provider }) => observatory.registerRegionLayer(name, provider)),
  },
});
