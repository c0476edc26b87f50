// Row types of the responses tables (see migration 2026-12-10T0100_official_responses).
export interface OfficialResponsesTable {
  id: string;
  subject_type: string;
  subject_id: string;
  responder_name: string;
  responder_position: string;
  responder_body: string;
  official_id: string | null;
  responded_on: string;
  text: string;
  document_sha256: string | null;
  document_type: string | null;
  document_bytes: number | null;
  document_name: string | null;
  revision: number;
  mailed_revision: number | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  edited_at: string | null;
}

export interface OfficialResponseRevisionsTable {
  id: string;
  response_id: string;
  revision: number;
  snapshot: string;
  replaced_by: string | null;
  replaced_at: string;
}

export interface OfficialResponseMailingsTable {
  id: string;
  response_id: string;
  revision: number;
  status: string;
  cursor: string | null;
  queued: number;
  created_by: string | null;
  created_at: string;
  finished_at: string | null;
}

// Adds these tables to the database type (db/schema.ts names none itself: no module is imported by db/).
declare module '../db/schema.ts' {
  interface Database {
    official_responses: OfficialResponsesTable;
    official_response_revisions: OfficialResponseRevisionsTable;
    official_response_mailings: OfficialResponseMailingsTable;
  }
}
