// Row types of the petition tables (see migration 2026-11-22T0200_petitions).
export interface PetitionsTable {
  component_id: string;
  campaign_id: string;
  state: string;
  state_reason: string | null;
  answer: string | null;
  answer_url: string | null;
  opened_at: string | null;
  closed_at: string | null;
  delivered_at: string | null;
  answered_at: string | null;
  count_total: number;
  count_by_region: string;
  recent_signers: string;
  milestones_reached: string;
  counted_at: string | null;
  anonymised_at: string | null;
  reference_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface PetitionSignaturesTable {
  id: string;
  petition_id: string;
  status: string; // pending | confirmed | withdrawn | invalidated
  email_key: string;
  email_sealed: string | null;
  name_sealed: string | null;
  display_name: string | null;
  email_domain: string | null;
  region: string;
  locale: string;
  updates: number;
  ip_hash: string | null;
  ip_prefix_hash: string | null;
  pow: number;
  quarantined: number;
  quarantine_reasons: string | null;
  created_at: string;
  confirmed_at: string | null;
  withdrawn_at: string | null;
  invalidated_at: string | null;
  invalidation_id: string | null;
  anonymised_at: string | null;
}

export interface PetitionListsTable {
  id: string;
  kind: string; // domain | email | ip_prefix
  value: string;
  action: string; // allow | block
  note: string;
  created_by: string | null;
  created_at: string;
  expires_at: string | null;
}

export interface PetitionReportsTable {
  id: string;
  petition_id: string;
  hour: string;
  data: string;
  alerts: string;
  created_at: string;
}

export interface PetitionInvalidationsTable {
  id: string;
  petition_id: string;
  criteria: string;
  reason: string;
  count: number;
  actor_id: string | null;
  created_at: string;
}

// Adds these tables to the database type (db/schema.ts names none itself: no module is imported by db/).
declare module '../../db/schema.ts' {
  interface Database {
    petitions: PetitionsTable;
    petition_signatures: PetitionSignaturesTable;
    petition_lists: PetitionListsTable;
    petition_reports: PetitionReportsTable;
    petition_invalidations: PetitionInvalidationsTable;
  }
}
