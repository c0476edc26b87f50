// The job queue's staff page (the queue itself belongs to the platform).
import { defineModule } from '../core/modules/index.ts';
import type { JobsService } from './jobs.service.ts';
import { jobsRoutes } from './jobs.routes.tsx';

export const jobsModule = defineModule({
  name: 'jobs',
  migrations: new URL('./migrations/', import.meta.url),
  needs: { jobs: true },
  create: (_: { jobs: JobsService }) => ({}),
  nav: { admin: [{ href: '/admin/jobs', labelKey: 'jobs.title', order: 40, anyOf: ['jobs.view'] }] },
  contributes: (deps, web) => ({
    routes: async (app) => void (await app.register(jobsRoutes, { services: { ...web, ...deps } })),
  }),
});
