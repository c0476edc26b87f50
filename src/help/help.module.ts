// The help directory: services survivors can reach (hotlines, shelters, lawyers), their public pages,
// the staff editor, a layer on the observatory's region map and their part of the reference dataset.
import type { AuditService } from '../core/accounts/index.ts';
import { defineModule } from '../core/modules/index.ts';
import type { RegionsService } from '../core/regions/index.ts';
import type { Db } from '../db/database.ts';
import type { PageCache } from '../http/page-cache.ts';
import { helpReferenceLoader } from './help.reference.ts';
import { helpRoutes } from './help.routes.tsx';
import { createHelpService } from './help.service.ts';

interface Needs {
  db: Db;
  audit: AuditService;
  regions: RegionsService;
  pageCache: PageCache;
}

export const helpModule = defineModule({
  name: 'help',
  migrations: new URL('./migrations/', import.meta.url),
  needs: { db: true, audit: true, regions: true, pageCache: true },
  create: ({ db, audit, regions, pageCache }: Needs) => {
    const help = createHelpService({ db, audit, regions });
    help.onChange(() => pageCache.clear());
    return { help };
  },
  nav: {
    public: [{ href: '/help', labelKey: 'help.nav', order: 30 }],
    admin: [
      { href: '/admin/help', labelKey: 'help.admin.nav', order: 90, anyOf: ['casework.handle', 'campaign.create'] },
    ],
  },
  contributes: (deps, web) => ({
    routes: async (app) => void (await app.register(helpRoutes, { services: { ...web, ...deps } })),
    referenceLoaders: [helpReferenceLoader(deps.help)],
    setupChecks: [
      {
        id: 'help',
        order: 30,
        titleKey: 'help.setup.title',
        whyKey: 'help.setup.why',
        href: '/admin/help',
        anyOf: ['casework.handle', 'campaign.create'],
        check: async () => {
          const count = await deps.help.ownCount();
          return { done: count > 0, noteKey: 'help.setup.note', values: { count } };
        },
      },
    ],
    mapLayers: [
      {
        name: 'help',
        migrations: new URL('./migrations/', import.meta.url),
        labelKey: 'help.layer',
        counts: async () =>
          Object.fromEntries(Object.entries(await deps.help.countByRegion()).filter(([code]) => code !== 'national')),
      },
    ],
  }),
});
