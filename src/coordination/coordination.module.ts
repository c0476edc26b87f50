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
  db: Db;
  audit: AuditService;
  jobs: { enqueue(name: string): Promise<unknown> };
  campaigns: ScopeDirectory['campaigns'];
  monitor: PostSource & ScopeDirectory['monitor'];
}

export const coordinationModule = defineModule({
  name: 'coordination',
  needs: { config: true, db: true, audit: true, jobs: true, campaigns: true, monitor: true },
  migrations: new URL('./migrations/', import.meta.url),
  create: ({ config, db, audit, jobs, monitor }: Needs) => ({
    coordination: createCoordinationService({
      db,
      audit,
      monitor,
      enqueue: (name) => jobs.enqueue(name),
      maxPosts: config.coordinationMaxPosts,
    }),
  }),
  nav: {
    admin: [{ href: '/admin/coordination', labelKey: 'coordination.title', order: 105, anyOf: ['analytics.view'] }],
  },
  contributes: (deps, web) => ({
    routes: async (app) =>
      void (await app.register(coordinationRoutes, { services: { ...web, ...deps, platforms: PLATFORMS } })),
    // Woken by each start; picks up every queued run, so one wake-up per start is enough.
    jobs: [{ name: 'coordination.run', maxAttempts: 1, run: async () => void (await deps.coordination.runQueued()) }],
  }),
});
