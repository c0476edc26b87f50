// The social monitor: imports and connectors for posts about the campaigns, rollups, analytics,
// spikes annotated with observatory moments, exports, and its staff pages.
import type { Config } from '../config.ts';
import type { AuditService, Staff } from '../core/accounts/index.ts';
import type { CampaignsService } from '../core/campaigns/index.ts';
import { defineModule } from '../core/modules/index.ts';
import type { Db } from '../db/database.ts';
import { monitorRoutes } from './monitor.routes.tsx';
import { createMonitorService } from './monitor.service.ts';
import { uploadRoutes } from './uploads.routes.tsx';
import { createUploadService, UPLOAD_JOB, type UploadJobs } from './uploads.service.ts';
import type { EventSource } from './spike-events.ts';

interface Needs {
  config: Config;
  db: Db;
  writer: Db;
  audit: AuditService;
  campaigns: CampaignsService;
  /** Observatory moments that annotate spikes (the observatory's service; the monitor works without them). */
  observatory: EventSource;
  /** The queue that runs uploaded files' imports. */
  jobs: UploadJobs;
}

export const monitorModule = defineModule({
  name: 'monitor',
  needs: { config: true, db: true, writer: true, audit: true, campaigns: true, observatory: true, jobs: true },
  migrations: new URL('./migrations/', import.meta.url),
  create: ({ config, db, writer, audit, campaigns, observatory, jobs }: Needs) => {
    const monitor = createMonitorService({
      db,
      writer,
      campaigns,
      audit,
      secret: config.secret,
      config: config.monitor,
      events: observatory,
    });
    return { monitor, monitorUploads: createUploadService({ db, config, matcher: monitor.matcher, audit, jobs }) };
  },
  nav: { admin: [{ href: '/admin/monitor', labelKey: 'monitor.title', order: 100, anyOf: ['analytics.view'] }] },
  contributes: (deps, web) => {
    const { monitor, config } = deps;
    return {
      routes: async (app) => {
        await app.register(monitorRoutes, { services: { ...web, ...deps } });
        await app.register(uploadRoutes, { services: { ...web, ...deps } });
      },
      start: () => void deps.monitorUploads.sweep().catch(() => undefined),
      jobs: [
        {
          name: 'monitor.fetch',
          // Scheduled only when at least one connector is configured.
          cron: monitor.connectorNames().length ? config.monitor.fetchCron : undefined,
          maxAttempts: 1,
          run: async () => void (await monitor.fetchNow()),
        },
        // One uploaded file's import; a failure is recorded on the upload, not retried.
        {
          name: UPLOAD_JOB,
          maxAttempts: 1,
          run: (payload) => deps.monitorUploads.run(payload as { id: string; actor: Staff }),
        },
      ],
    };
  },
});
