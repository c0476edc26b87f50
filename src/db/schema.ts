// The database as Kysely sees it: each module declares its own tables in its x.table.ts.
import type { AuditLogTable, SessionsTable, SignInThrottleTable, UsersTable } from '../core/accounts/accounts.table.ts';
import type {
  CampaignComponentsTable,
  CampaignHashtagsTable,
  CampaignsTable,
} from '../core/campaigns/campaigns.table.ts';
import type {
  TestimoniesTable,
  TestimonyExpiryLogTable,
  TestimonyFilesTable,
  TestimonyGrantsTable,
  TestimonyItemsTable,
  TestimonyOrgKeysTable,
  TestimonyPromotionsTable,
  TestimonySpentTable,
  TestimonyStaffKeysTable,
  TestimonyStatsTable,
  TestimonyStoriesTable,
} from '../components/testimony/testimony.table.ts';
import type { IpSaltsTable } from '../core/privacy/ip-salts.table.ts';
import type { RegionsTable } from '../core/regions/regions.table.ts';
import type { HelpServicesTable } from '../help/help.table.ts';
import type { JobsTable } from '../jobs/jobs.table.ts';
import type {
  ObsEntitiesTable,
  ObsLinksTable,
  ObsRevisionsTable,
  ObsTimelineTable,
} from '../observatory/observatory.table.ts';
import type { MailMessagesTable } from '../core/mail/mail.table.ts';
import type {
  PetitionInvalidationsTable,
  PetitionListsTable,
  PetitionReportsTable,
  PetitionSignaturesTable,
  PetitionsTable,
} from '../components/petition/petition.table.ts';
import type {
  AppealLetterRecipientsTable,
  AppealLettersTable,
  AppealRecipientsTable,
  AppealsTable,
} from '../components/appeal/appeal.table.ts';
import type {
  MonitorCursorsTable,
  MonitorImportsTable,
  MonitorPostsTable,
  MonitorRollupHoursTable,
  MonitorRollupTagsTable,
  MonitorRollupTopTable,
  MonitorScopeAuthorsTable,
  MonitorTagsTable,
} from '../monitor/monitor.table.ts';

export interface Database {
  regions: RegionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_throttle: SignInThrottleTable;
  audit_log: AuditLogTable;
  campaigns: CampaignsTable;
  campaign_hashtags: CampaignHashtagsTable;
  campaign_components: CampaignComponentsTable;
  jobs: JobsTable;
  ip_salts: IpSaltsTable;
  help_services: HelpServicesTable;
  testimony_org_keys: TestimonyOrgKeysTable;
  testimony_staff_keys: TestimonyStaffKeysTable;
  testimony_grants: TestimonyGrantsTable;
  testimonies: TestimoniesTable;
  testimony_items: TestimonyItemsTable;
  testimony_files: TestimonyFilesTable;
  testimony_stats: TestimonyStatsTable;
  testimony_stories: TestimonyStoriesTable;
  testimony_promotions: TestimonyPromotionsTable;
  testimony_spent: TestimonySpentTable;
  testimony_expiry_log: TestimonyExpiryLogTable;
  obs_entities: ObsEntitiesTable;
  obs_links: ObsLinksTable;
  obs_timeline: ObsTimelineTable;
  obs_revisions: ObsRevisionsTable;
  mail_messages: MailMessagesTable;
  petitions: PetitionsTable;
  petition_signatures: PetitionSignaturesTable;
  petition_lists: PetitionListsTable;
  petition_reports: PetitionReportsTable;
  petition_invalidations: PetitionInvalidationsTable;
  appeal_recipients: AppealRecipientsTable;
  appeals: AppealsTable;
  appeal_letters: AppealLettersTable;
  appeal_letter_recipients: AppealLetterRecipientsTable;
  monitor_posts: MonitorPostsTable;
  monitor_imports: MonitorImportsTable;
  monitor_rollup_hours: MonitorRollupHoursTable;
  monitor_rollup_tags: MonitorRollupTagsTable;
  monitor_rollup_top: MonitorRollupTopTable;
  monitor_scope_authors: MonitorScopeAuthorsTable;
  monitor_tags: MonitorTagsTable;
  monitor_cursors: MonitorCursorsTable;
}
