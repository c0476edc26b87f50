import type { Generated } from 'kysely';

export interface CampaignsTable {
  id: string;
  slug: string;
  status: string;
  starts_on: string | null;
  ends_on: string | null;
  date_precision: Generated<string>;
  organiser: string;
  title: string;
  summary: string;
  body: string;
  goals: Generated<string>;
  figures: Generated<string>;
  uncertainties: Generated<string>;
  sources: Generated<string>;
  search_text: Generated<string>;
  reference_key: string | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface CampaignHashtagsTable {
  id: string;
  campaign_id: string;
  group_no: number;
  tag: string;
  tag_folded: string;
  lang: string;
}

export interface CampaignComponentsTable {
  id: string;
  campaign_id: string;
  type: string;
  position: number;
  status: string;
  settings: Generated<string>;
  created_at: string;
  updated_at: string;
}

// Adds these tables to the database type (db/schema.ts names none itself: no module is imported by db/).
declare module '../../db/schema.ts' {
  interface Database {
    campaigns: CampaignsTable;
    campaign_hashtags: CampaignHashtagsTable;
    campaign_components: CampaignComponentsTable;
  }
}
