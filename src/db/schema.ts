// The database as Kysely sees it: each module declares its own tables in its x.table.ts.
import type { AuditLogTable, SessionsTable, UsersTable } from '../core/accounts/accounts.table.ts';
import type { CampaignComponentsTable, CampaignHashtagsTable, CampaignsTable } from '../core/campaigns/campaigns.table.ts';
import type { IpSaltsTable } from '../core/privacy/ip-salts.table.ts';
import type { RegionsTable } from '../core/regions/regions.table.ts';
import type { JobsTable } from '../jobs/jobs.table.ts';
import type { MonitorCursorsTable, MonitorImportsTable, MonitorPostsTable, MonitorRollupHoursTable, MonitorRollupTagsTable, MonitorRollupTopTable, MonitorScopeAuthorsTable, MonitorTagsTable } from '../monitor/monitor.table.ts';

export interface Database {
  regions: RegionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  campaigns: CampaignsTable;
  campaign_hashtags: CampaignHashtagsTable;
  campaign_components: CampaignComponentsTable;
  jobs: JobsTable;
  ip_salts: IpSaltsTable;
  monitor_posts: MonitorPostsTable;
  monitor_imports: MonitorImportsTable;
  monitor_rollup_hours: MonitorRollupHoursTable;
  monitor_rollup_tags: MonitorRollupTagsTable;
  monitor_rollup_top: MonitorRollupTopTable;
  monitor_scope_authors: MonitorScopeAuthorsTable;
  monitor_tags: MonitorTagsTable;
  monitor_cursors: MonitorCursorsTable;
}
