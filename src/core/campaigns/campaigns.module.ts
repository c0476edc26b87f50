// Campaigns: the public campaign pages and the staff editor. Campaign action types (petition,
// appeal, testimony, flashmob …) are other modules' `components`, collected into the registry here.
import type { Db } from '../../db/database.ts';
import type { PageCache } from '../../http/page-cache.ts';
import type { AuditService } from '../accounts/index.ts';
import { defineModule, type DashboardStatus } from '../modules/index.ts';
import type { SetupChecklist } from '../setup/index.ts';
import { campaignsAdminRoutes } from './campaigns.admin.routes.tsx';
import { campaignsRoutes } from './campaigns.routes.tsx';
import { createCampaignsService } from './campaigns.service.ts';
import { ComponentRegistry } from './registry.ts';

interface Needs {
  db: Db;
  audit: AuditService;
  pageCache: PageCache;
  setup: SetupChecklist;
}

export const campaignsModule = defineModule({
  name: 'campaigns',
  migrations: new URL('./migrations/', import.meta.url),
  needs: { db: true, audit: true, pageCache: true, setup: true },
  create: ({ db, audit, pageCache }: Needs) => {
    const registry = new ComponentRegistry();
    const campaigns = createCampaignsService({ db, audit, registry });
    campaigns.onChange(() => pageCache.clear());
    // The dashboard's health items, as other modules contribute them (filled once every module exists).
    const dashboardStatus: DashboardStatus[] = [];
    return { campaigns, registry, dashboardStatus };
  },
  nav: {
    public: [
      { href: '/campaigns', labelKey: 'nav.campaigns', order: 10 },
      { href: '/about', labelKey: 'nav.about', order: 90 },
    ],
  },
  contributes: (deps, web) => ({
    routes: async (app) => {
      await app.register(campaignsRoutes, { services: { ...web, ...deps } });
      await app.register(campaignsAdminRoutes, { services: { ...web, ...deps } });
    },
  }),
  collects: {
    components: ({ registry }, manifests) => manifests.forEach((m) => registry.register(m)),
    dashboardStatus: ({ dashboardStatus }, items) => dashboardStatus.push(...items.sort((a, b) => a.order - b.order)),
  },
});
