// Row types of the appeal tables (see migration 2026-11-22T0200_petitions).
export interface AppealRecipientsTable {
  id: string;
  external_key: string | null;
  kind: string; // person | body
  body: string; // senate | majilis | ministry | akimat | maslikhat | other
  name: string; // {kk,ru,en}
  position: string;
  organisation: string;
  region: string | null;
  languages: string;
  email: string | null;
  postal_address: string | null;
  term_start: string | null;
  term_end: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface AppealsTable {
  component_id: string;
  campaign_id: string;
  named_recipients: string;
  created_at: string;
  updated_at: string;
}

export interface AppealLettersTable {
  id: string;
  appeal_id: string;
  channel: string; // mailto | smtp | eotinish
  status: string; // prepared | pending | sent | expired
  locale: string;
  sender_key: string | null;
  sealed: string | null;
  similarity: number;
  ip_hash: string | null;
  created_at: string;
  sent_at: string | null;
  followup_due_at: string | null;
  followup_sent_at: string | null;
  answered_at: string | null;
}

export interface AppealLetterRecipientsTable {
  letter_id: string;
  recipient_id: string;
  appeal_id: string;
  sent_at: string | null;
  replied: number | null;
}

// Adds these tables to the database type (db/schema.ts names none itself: no module is imported by db/).
declare module '../../db/schema.ts' {
  interface Database {
    appeal_recipients: AppealRecipientsTable;
    appeals: AppealsTable;
    appeal_letters: AppealLettersTable;
    appeal_letter_recipients: AppealLetterRecipientsTable;
  }
}
