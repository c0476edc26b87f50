import type { Generated } from 'kysely';

/** An entry waiting for a second person: not in the public log until approved. */
export interface LedgerPendingTable {
  id: string;
  kind: string; // received | spent | bank_event | correction
  record: string; // the public record's canonical JSON, exactly what approval appends
  status: string; // pending | approved | rejected
  source: string; // form | import | cli
  recorded_by: string;
  recorded_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  log_index: number | null; // set with the approval, in the same transaction as the append
  version: Generated<number>;
}

/** The books' reading of each log entry they appended (totals, pages, receipts look-up); the log is the truth. */
export interface LedgerBookEntriesTable {
  log_index: number;
  kind: string;
  amount: number; // signed effect on the balance in minor units: received +, spent −, others 0
  currency: string | null;
  date: string; // YYYY-MM-DD
  month: string; // YYYY-MM
  category: string | null; // spent: its category; received: its channel
  campaign: string | null;
  commitment: string | null; // received: the donor commitment
  corrects: number | null;
  reversed_by: number | null; // the correction that reversed it
  pending_id: string | null; // null for campaign figures, which need no second person
}

declare module '../db/schema.ts' {
  interface Database {
    ledger_pending: LedgerPendingTable;
    ledger_book_entries: LedgerBookEntriesTable;
  }
}
