// The database as Kysely sees it: each module declares its own tables in its x.table.ts.
import type { AuditLogTable, SessionsTable, UsersTable } from '../core/accounts/accounts.table.ts';
import type { CampaignComponentsTable, CampaignHashtagsTable, CampaignsTable } from '../core/campaigns/campaigns.table.ts';
import type { IpSaltsTable } from '../core/privacy/ip-salts.table.ts';
import type { RegionsTable } from '../core/regions/regions.table.ts';
import type { JobsTable } from '../jobs/jobs.table.ts';
import type { ObsEntitiesTable, ObsLinksTable, ObsRevisionsTable, ObsTimelineTable } from '../observatory/observatory.table.ts';
import type { MailMessagesTable } from '../core/mail/mail.table.ts';
import type { PetitionInvalidationsTable, PetitionListsTable, PetitionReportsTable, PetitionSignaturesTable, PetitionsTable } from '../components/petition/petition.table.ts';
import type { AppealLetterRecipientsTable, AppealLettersTable, AppealRecipientsTable, AppealsTable } from '../components/appeal/appeal.table.ts';

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
}
