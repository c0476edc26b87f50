// The ledger's log as stored: entries (canonical JSON), the tiles that hold every Merkle hash, the
// signed checkpoints and the log's signing keys. Entries and tiles change together in one transaction.

/** One log entry: the RFC 8785 canonical JSON of a public record. Never edited nor deleted. */
export interface LedgerEntriesTable {
  idx: number; // 0, 1, 2 … the leaf index
  json: string;
  leaf_hash: string; // hex SHA-256(0x00 ‖ json)
}

/**
 * The rightmost version of each C2SP hash tile: `width` hashes of 32 bytes. A partial tile grows in
 * place as entries arrive (its first hashes never change), so one row serves every `.p/W` prefix.
 */
export interface LedgerTilesTable {
  level: number;
  idx: number;
  width: number;
  data: Uint8Array; // BLOB on SQLite, bytea on PostgreSQL
}

/** A signed checkpoint (C2SP tlog-checkpoint as a signed note), one per published tree size. */
export interface LedgerCheckpointsTable {
  size: number;
  root: string; // base64, as in the note
  note: string; // the signed note the log serves
  cosignatures: string; // cosignature lines gathered from witnesses, '' when none
  key_id: string; // hex id of the key that signed it
  created_at: string;
}

/** The log's Ed25519 signing keys: one current (retired_at null), then the retired ones. */
export interface LedgerKeysTable {
  key_id: string; // hex, as in the verifier key
  name: string; // the origin at the time it was made
  vkey: string; // signed-note verifier key, public
  skey_sealed: string; // the PRIVATE+KEY+… string, sealed with DAUYS_SECRET
  created_at: string;
  retired_at: string | null;
}

// Adds these tables to the database type (db/schema.ts names none itself: no module is imported by db/).
declare module '../db/schema.ts' {
  interface Database {
    ledger_entries: LedgerEntriesTable;
    ledger_tiles: LedgerTilesTable;
    ledger_checkpoints: LedgerCheckpointsTable;
    ledger_keys: LedgerKeysTable;
  }
}
