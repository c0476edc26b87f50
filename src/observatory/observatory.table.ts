import type { Generated } from 'kysely';

export interface ObsEntitiesTable {
  id: string;
  kind: string;
  slug: string;
  status: string;
  subtype: string | null;
  title: string;
  summary: Generated<string>;
  body: Generated<string>;
  region: string | null;
  place: Generated<string>;
  date_start: string | null;
  date_end: string | null;
  sort_date: string | null;
  details: Generated<string>;
  steps: Generated<string>;
  uncertainties: Generated<string>;
  search_text: Generated<string>;
  pending: string | null;
  pending_by: string | null;
  pending_at: string | null;
  reference_key: string | null;
  reference_hash: string | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface ObsLinksTable {
  id: string;
  from_type: string;
  from_id: string;
  relation: string;
  to_type: string;
  to_id: string;
  note: Generated<string>;
  approved: Generated<number>;
  reference_key: string | null;
  created_by: string | null;
  created_at: string;
}

export interface ObsTimelineTable {
  id: string;
  entity_id: string;
  kind: string;
  published: number;
  region: string | null;
  year: number;
  sort_date: string;
  date: string;
  step: string | null;
  step_no: Generated<number>;
}

export interface ObsRevisionsTable {
  id: string;
  entity_id: string;
  at: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  version: number;
  changes: Generated<string>;
}

// Adds these tables to the database type (db/schema.ts names none itself: no module is imported by db/).
declare module '../db/schema.ts' {
  interface Database {
    obs_entities: ObsEntitiesTable;
    obs_links: ObsLinksTable;
    obs_timeline: ObsTimelineTable;
    obs_revisions: ObsRevisionsTable;
  }
}
