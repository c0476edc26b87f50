// The books' own shapes, shared by the service, the routes and the (pure) views.
import type { LedgerRecord } from './books.records.ts';

export interface PendingEntry {
  id: string;
  kind: string;
  record: LedgerRecord;
  status: 'pending' | 'approved' | 'rejected';
  source: string;
  recordedBy: string;
  recordedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
  logIndex: number | null;
}

export interface Recorded {
  id: string;
  record: LedgerRecord;
  /** Money received: the donor's receipt code (shown once; Dauys keeps no copy). */
  receipt: string | null;
}

export interface ImportResult {
  stored: Array<Recorded & { line: number }>;
  rejects: Array<{ line: number; fields: Record<string, string> }>;
}
