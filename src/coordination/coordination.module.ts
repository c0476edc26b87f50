// Coordination detection (troll factories): accounts that share the same object within seconds of
// each other, again and again, more often than chance explains. Analysts run it on monitor data from
// their pages or `dauys monitor coordination`; researchers run it on a CSV with `dauys coordination`.
import type { Config } from '../config.ts';
import type { AuditService } from '../core/accounts/index.ts';
import { defineModule } from '../core/modules/index.ts';
import type { Db } from '../db/database.ts';
import { PLATFORMS } from '../monitor/index.ts';
import { coordinationRoutes, type ScopeDirectory } from './coordination.routes.tsx';
import { createCoordinationService, type PostSource } from './coordination.service.ts';

interface Needs {
  config: Config;
  warn: (msg: string, extra?: object) => void;
  db: Db;
  audit: AuditService;
  campaigns: ScopeDirectory['campaigns'];
  monitor: PostSource & ScopeDirectory['monitor'];
}

export const coordinationModule = defineModule({
  name: 'coordination',
  needs: { config: true, warn: true, db: true, audit: true, campaigns: true, monitor: true },
  migrations: new URL('./migrations/', import.meta.url),
  create: ({ config, warn, db, audit, monitor }: Needs) => ({
    coordination: createCoordinationService({
      db,
      audit,
      monitor,
      maxPosts: config.coordinationMaxPosts,
      warn,
    }),
  }),
  nav: {
    admin: [{ href: '/admin/coordination', labelKey: 'coordination.title', order: 105, anyOf: ['analytics.view'] }],
  },
  contributes: (deps, web) => ({
    routes: async (app) =>
      void (await app.register(coordinationRoutes, { services: { ...web, ...deps, platforms: PLATFORMS } })),
    // Serving processes run the analyses (with the job queue, and only where it runs).
    start: () => (deps.config.jobsEnabled ? deps.coordination.startRunner() : undefined),
    stop: () => deps.coordination.stopRunner(),
  }),
});
