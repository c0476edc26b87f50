import type { FastifyPluginAsync } from 'fastify';
import type { WebKit } from '../http/web.ts';
import type { JobsService } from './jobs.service.ts';
import { ctxFor, sendPage } from '../http/pages.tsx';
import { requireStaff, staffArea } from '../http/staff.ts';
import { JobsPage } from './views/jobs-page.tsx';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  jobs: JobsService;
};

export const jobsRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  staffArea(app, services);
  app.get('/admin/jobs', async (req, reply) => {
    if (!requireStaff(req, reply, 'jobs.view')) return reply;
    return sendPage(reply, <JobsPage ctx={ctxFor(services, req)} status={await services.jobs.status()} />);
  });
};
