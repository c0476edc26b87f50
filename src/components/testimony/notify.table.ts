// Caseworkers' e-mail notices: tables (see migrations/2026-12-04T0100_testimony_notify.ts).

export interface TestimonyNotifyPrefsTable {
  user_id: string;
  arrivals: string; // immediate | digest | none
  expiry: string;
  locale: string;
  updated_at: string;
}

export interface TestimonyNotifyStateTable {
  user_id: string;
  arrivals_seen: number;
  expiry_seen: number;
  last_mail_at: string | null;
  digest_on: string | null;
  version: number;
}

export interface TestimonyNotifyCountersTable {
  kind: string; // arrivals | expiry
  seq: number;
}

// Adds these tables to the database type (db/schema.ts names none itself: no module is imported by db/).
declare module '../../db/schema.ts' {
  interface Database {
    testimony_notify_prefs: TestimonyNotifyPrefsTable;
    testimony_notify_state: TestimonyNotifyStateTable;
    testimony_notify_counters: TestimonyNotifyCountersTable;
  }
}
