// The monitor's domain operations: imports, analytics over the rollups, exports, connectors.
// Staff actions are checked with `can` and audited; the CLI acts as a system actor.
import type { Actor, AuditService } from '../core/accounts/audit.service.ts';
import { can } from '../core/accounts/accounts.permissions.ts';
import type { Staff } from '../core/accounts/roles.ts';
import type { CampaignsService } from '../core/campaigns/campaigns.service.ts';
import type { Db } from '../db/database.ts';
import { forbidden } from '../http/errors.ts';
import { createAnalytics, type Analytics } from './monitor.analytics.ts';
import { importFile, type ImportOptions, type ImportSummary } from './monitor.import.ts';
import { createCampaignMatcher, ingestBatch, type CampaignMatcher, type IngestResult } from './monitor.ingest.ts';
import { createExports, type Exports } from './monitor.export.ts';
import type { PreparedPost } from './post.ts';

export interface MonitorService extends Analytics, Exports {
  importFile(opts: Omit<ImportOptions, 'startedBy'>, actor: Actor): Promise<ImportSummary>;
  /** Stores posts fetched by a connector (already prepared). */
  ingest(posts: PreparedPost[], source: string): Promise<IngestResult>;
  matcher: CampaignMatcher;
}

export function createMonitorService(deps: { db: Db; campaigns: CampaignsService; audit: AuditService; secret: string }): MonitorService {
  const { db, campaigns, audit } = deps;
  const matcher = createCampaignMatcher(campaigns);
  const analytics = createAnalytics(db);
  const exports = createExports(db, analytics, deps.secret);
  return {
    ...analytics,
    ...exports,
    matcher,
    async importFile(opts, actor) {
      if (!('system' in actor) && !can(actor as Staff, 'analytics.view')) throw forbidden();
      const label = 'system' in actor ? `system:${actor.system}` : actor.email;
      const summary = await importFile(db, matcher, { ...opts, startedBy: label });
      await audit.record(actor, 'monitor.import', { type: 'monitor_import', id: summary.id }, { file: opts.fileName ?? opts.file.split(/[\\/]/).pop(), format: opts.format, read: summary.read, inserted: summary.inserted, updated: summary.updated, rejected: summary.rejected });
      return summary;
    },
    ingest: (posts, source) => ingestBatch(db, posts, { source, matcher }),
  };
}
