import type { Generated } from 'kysely';

// Row ids here are random UUIDv4, not UUIDv7: a time-ordered id would reveal when she wrote.
// Dates are kept to the day for the same reason.

/** The organisation's X25519 public keys; each newer key carries the older private key sealed to it. */
export interface TestimonyOrgKeysTable {
  id: string;
  public_key: string; // base64url
  previous_key_id: string | null;
  previous_sealed: string | null; // the previous key's private key, sealed to this key
  status: string; // active | retired
  created_by: string;
  created_at: string;
}

/** A staff member's own keypair; the private key only as a passphrase-wrapped box (Argon2id in the browser). */
export interface TestimonyStaffKeysTable {
  user_id: string;
  public_key: string;
  wrapped_secret: string; // JSON WrappedSecret
  created_at: string;
  updated_at: string;
}

/** The organisation private key of one version, sealed to one staff member's public key. */
export interface TestimonyGrantsTable {
  id: string;
  org_key_id: string;
  user_id: string;
  sealed: string;
  created_by: string;
  created_at: string;
}

export interface TestimoniesTable {
  id: string;
  component_id: string | null;
  org_key_id: string;
  receipt_hash: string; // Argon2id of the lookup value derived from the receipt
  survivor_pk: string;
  envelope: string; // the testimony sealed to the organisation key
  mode: string; // browser | server (no-JavaScript fallback)
  consent: string; // private | statistics | publish
  referral_ok: number;
  status: string; // new | in_progress | referred | closed
  priority: string; // low | normal | high | urgent
  assignee_id: string | null;
  tags: Generated<string>; // JSON array
  stats_done: Generated<number>;
  referral_service_id: string | null;
  created_on: string; // YYYY-MM-DD
  last_activity_on: string;
  expires_on: string;
  warned_on: string | null;
}

/** Messages, replies, internal notes and proposed public versions, each sealed. */
export interface TestimonyItemsTable {
  id: string;
  testimony_id: string;
  seq: number;
  kind: string; // message | reply | note | draft
  staff_id: string | null;
  org_key_id: string;
  for_org: string;
  for_survivor: string | null;
  draft_digest: string | null; // BLAKE2b of the proposed public text, so only that text can be approved
  draft_state: string | null; // proposed | approved | rejected | withdrawn
  created_on: string;
}

export interface TestimonyFilesTable {
  id: string;
  testimony_id: string;
  item_id: string | null;
  position: number;
  size: number;
  created_on: string;
}

/** Coarse statistics a caseworker's browser extracted from a testimony with statistics consent. */
export interface TestimonyStatsTable {
  id: string;
  testimony_id: string | null; // unlinked when the testimony expires, removed when she deletes it
  incident_year: number | null;
  region: string | null;
  relationship: string | null;
  police: number | null;
  delay_months: number | null;
  told_year: number;
}

export interface TestimonyStoriesTable {
  id: string;
  testimony_id: string | null; // unlinked when the private testimony expires; removed when she deletes everything
  component_id: string | null;
  body: string; // the approved anonymised text
  warnings: string; // JSON array of content-warning keys
  published_on: string;
}

export interface TestimonyPromotionsTable {
  id: string;
  testimony_id: string;
  summary: string; // anonymised, for the observatory
  observatory_id: string | null; // the draft case it became there
  created_by: string;
  created_on: string;
}

/** Single-use tokens (proof-of-work challenges, form nonces) already spent: refuses replays. */
export interface TestimonySpentTable {
  token: string;
  expires_at: string;
}

/** Retention leaves only counts behind. */
export interface TestimonyExpiryLogTable {
  id: string;
  day: string;
  testimonies: number;
  files: number;
}

// Adds these tables to the database type (db/schema.ts names none itself: no module is imported by db/).
declare module '../../db/schema.ts' {
  interface Database {
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
  }
}
