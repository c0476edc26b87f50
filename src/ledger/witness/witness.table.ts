// The witness tables: our cosignature keys, the partner logs we witness (with the latest checkpoint we
// cosigned for each), and the peers that witness our own log.

/** Our witness's cosignature/v1 keys: one current (retired_at null), then retired ones. */
export interface LedgerWitnessKeysTable {
  key_id: string;
  name: string;
  vkey: string;
  skey_sealed: string; // PRIVATE+KEY+…, sealed with DAUYS_SECRET
  created_at: string;
  retired_at: string | null;
}

/** A log we witness. size/root are null until we first cosign; they change only by compare-and-set. */
export interface LedgerWitnessedLogsTable {
  origin: string;
  vkeys: string; // the log's verifier keys, one a line
  size: number | null;
  root: string | null; // base64
  checkpoint: string | null; // the last checkpoint we cosigned, as submitted
  cosigned_at: string | null;
  refusal: string | null; // the last refusal worth an admin's eye (a fork, a bad proof)
  refused_at: string | null;
  created_at: string;
}

/** A witness of our log: where to ask and which key its cosignatures carry. */
export interface LedgerWitnessPeersTable {
  id: string;
  name: string;
  vkey: string; // cosignature/v1 verifier key
  url: string; // submission prefix; add-checkpoint is appended
  size: number; // the size we believe it holds for our log (the next request's old size)
  cosigned_size: number; // the largest checkpoint it cosigned for us
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  created_at: string;
}

declare module '../../db/schema.ts' {
  interface Database {
    ledger_witness_keys: LedgerWitnessKeysTable;
    ledger_witnessed_logs: LedgerWitnessedLogsTable;
    ledger_witness_peers: LedgerWitnessPeersTable;
  }
}
