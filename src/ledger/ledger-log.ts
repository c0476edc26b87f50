// The ledger's append-only log on the database: entries and their tiles written in the caller's
// transaction, checkpoints signed by the log's key, proofs and tiles read back. Appends are
// serialised (ledger-log.repository.ts: lockLog), and a transaction that dies takes its entries and
// tiles with it, so a tree of a given size is only ever the one that committed.
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import { isUniqueViolation, nowIso } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import {
  HASH_SIZE,
  TILE_WIDTH,
  TileHashReader,
  canonicalJson,
  consistencyProof,
  encodeEntryBundle,
  equalBytes,
  growTiles,
  inclusionProof,
  leafHash,
  signCheckpoint,
  toBase64,
  toHex,
  treeRoot,
  verifyConsistency,
  fromBase64,
  type HashReader,
  type HashTileId,
} from './log/index.ts';
import type { LedgerKeys } from './ledger-keys.ts';
import {
  entriesBetween,
  getEntry,
  insertCheckpoint,
  insertEntries,
  latestCheckpoint,
  lockLog,
  readTile,
  storedSize,
  writeTiles,
  type EntryRow,
} from './ledger-log.repository.ts';
import { LruCache } from './lru.ts';

export interface LedgerLog {
  /** Appends records (stored as their RFC 8785 canonical JSON) inside the caller's transaction; returns their indexes. */
  append(trx: Kysely<Database>, records: object[]): Promise<number[]>;
  size(): Promise<number>;
  entry(index: number): Promise<{ index: number; json: string; leafHash: string } | null>;
  entries(from: number, limit: number): Promise<Array<{ index: number; json: string }>>;
  /** The latest signed checkpoint (with any cosignatures) and its size and base64 root; null before the first. */
  latestCheckpoint(): Promise<{ note: string; size: number; rootHash: string } | null>;
  /** Inclusion proof of entry `index` in the tree of the latest checkpoint (hashes base64). */
  inclusion(index: number): Promise<{ index: number; size: number; proof: string[]; checkpoint: string } | null>;
  /** Signs and stores a new checkpoint when the tree has grown; false when there was nothing new. */
  publish(): Promise<boolean>;
  /** Verifier keys (signed-note format), current first, then retired ones. */
  verifierKeys(): Promise<string[]>;
  /** Bytes of a hash tile or entry bundle of the stored tree, or null when it has no such tile. */
  tile(level: number | 'entries', index: number, width: number): Promise<Uint8Array | null>;
  /** Reads the stored tree of `size` entries (for proofs to witnesses). */
  hashReader(size: number): HashReader;
  /** Called after each new checkpoint is stored (e.g. to ask witnesses to cosign it); errors are the listener's. */
  onPublished(listener: (size: number) => Promise<void> | void): void;
  origin: string;
}

export interface LedgerLogDeps {
  db: Db;
  keys: LedgerKeys;
  origin: string;
  /** Tiles kept in memory for serving and proofs (full tiles never change). */
  cacheTiles?: number;
}

/** The largest entry a C2SP entry bundle can carry (a 16-bit length). */
export const MAX_ENTRY_BYTES = 0xffff;

export class LedgerLogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerLogError';
  }
}

export function createLedgerLog(deps: LedgerLogDeps): LedgerLog {
  const { db, keys, origin } = deps;
  // Only immutable bytes are cached: full tiles and bundles, and partial tiles by their width
  // (a tile's first W hashes never change as it grows).
  const served = new LruCache<string, Uint8Array>(deps.cacheTiles ?? 4096);
  const folded = new LruCache<string, Promise<Uint8Array[][]>>(deps.cacheTiles ?? 4096);

  const hashTile = async (q: Kysely<Database>, t: HashTileId): Promise<Uint8Array> => {
    const row = await readTile(q, t.level, t.index);
    if (!row || row.width < t.width)
      throw new LedgerLogError(`ledger: tile ${t.level}/${t.index} of width ${t.width} is not stored`);
    return row.data.subarray(0, t.width * HASH_SIZE);
  };
  const reader = (q: Kysely<Database>, size: number, cached = true) =>
    new TileHashReader(size, (t) => hashTile(q, t), cached ? folded : new Map());

  const append = async (trx: Kysely<Database>, records: object[]): Promise<number[]> => {
    if (records.length === 0) return [];
    const texts = records.map((r) => canonicalJson(r));
    const bytes = texts.map((t) => Buffer.from(t, 'utf8'));
    bytes.forEach((b, i) => {
      if (b.length > MAX_ENTRY_BYTES)
        throw new LedgerLogError(`ledger: record ${i} is ${b.length} bytes; an entry holds at most ${MAX_ENTRY_BYTES}`);
    });
    const hashes = bytes.map((b) => leafHash(b));
    const run = async (t: Kysely<Database>) => {
      await lockLog(t);
      const size = await storedSize(t);
      const tiles = await growTiles(size, hashes, (tile) => hashTile(t, tile));
      const rows: EntryRow[] = texts.map((json, i) => ({ idx: size + i, json, leaf_hash: toHex(hashes[i]) }));
      await insertEntries(t, rows);
      await writeTiles(t, tiles);
      return rows.map((r) => r.idx);
    };
    return trx.isTransaction ? run(trx) : trx.transaction().execute(run);
  };

  const published: Array<(size: number) => Promise<void> | void> = [];

  const latest = async () => {
    const row = await latestCheckpoint(db);
    return row ? { note: row.note + row.cosignatures, size: row.size, rootHash: row.root } : null;
  };

  const publish = async (): Promise<boolean> => {
    const { signer, keyId } = await keys.signer();
    let size = 0;
    try {
      const made = await db.transaction().execute(async (trx) => {
        await lockLog(trx);
        size = await storedSize(trx);
        const last = await latestCheckpoint(trx);
        if (last && last.size > size)
          throw new LedgerLogError(
            `ledger: the stored tree has ${size} entries, fewer than the last checkpoint's ${last.size}`,
          );
        if (size === 0 || (last && last.size === size)) return false;
        // Tiles are read afresh, never from the cache: what is signed must be what is stored now.
        const r = reader(trx, size, false);
        await checkNewEntries(trx, last?.size ?? 0, size);
        const root = await treeRoot(r, size);
        if (last) {
          const proof = await consistencyProof(r, last.size, size);
          if (!verifyConsistency(last.size, size, proof, fromBase64(last.root)!, root))
            throw new LedgerLogError(
              `ledger: the stored tree of ${size} entries does not extend the checkpoint of ${last.size}; refusing to sign`,
            );
        }
        const note = signCheckpoint({ origin, size, root, extensions: [] }, [signer]);
        await insertCheckpoint(trx, {
          size,
          root: toBase64(root),
          note,
          cosignatures: '',
          key_id: keyId,
          created_at: nowIso(),
        });
        return true;
      });
      if (made) for (const listener of published) await listener(size);
      return made;
    } catch (err) {
      if (isUniqueViolation(err)) return false; // another process published this size first
      throw err;
    }
  };

  /** Entries since the last checkpoint must hash to the leaves in the tiles before they are signed. */
  const checkNewEntries = async (q: Kysely<Database>, from: number, to: number) => {
    for (let t = Math.floor(from / TILE_WIDTH); t * TILE_WIDTH < to; t++) {
      const first = Math.max(from, t * TILE_WIDTH);
      const end = Math.min(to, (t + 1) * TILE_WIDTH);
      const tile = await hashTile(q, { level: 0, index: t, width: end - t * TILE_WIDTH });
      const rows = await entriesBetween(q, first, end);
      for (let i = first; i < end; i++) {
        const row = rows[i - first];
        if (!row || row.idx !== i) throw new LedgerLogError(`ledger: entry ${i} is missing`);
        const at = (i - t * TILE_WIDTH) * HASH_SIZE;
        if (!equalBytes(leafHash(Buffer.from(row.json, 'utf8')), tile.subarray(at, at + HASH_SIZE)))
          throw new LedgerLogError(`ledger: entry ${i} does not match its leaf hash in the tiles`);
      }
    }
  };

  const tile = async (level: number | 'entries', index: number, width: number): Promise<Uint8Array | null> => {
    const key = `${level}/${index}/${width}`;
    const hit = served.get(key);
    if (hit) return hit;
    // Entry bundles exist where their level-0 tiles do.
    const row = await readTile(db, level === 'entries' ? 0 : level, index);
    if (!row || row.width < width) return null;
    let data: Uint8Array;
    if (level === 'entries') {
      const first = index * TILE_WIDTH;
      const rows = await entriesBetween(db, first, first + width);
      data = encodeEntryBundle(rows.map((r) => Buffer.from(r.json, 'utf8')));
    } else data = row.data.subarray(0, width * HASH_SIZE);
    served.set(key, data);
    return data;
  };

  return {
    origin,
    append,
    size: () => storedSize(db),
    async entry(index) {
      const row = await getEntry(db, index);
      return row ? { index: row.idx, json: row.json, leafHash: row.leaf_hash } : null;
    },
    async entries(from, limit) {
      const rows = await entriesBetween(db, from, from + Math.max(0, limit));
      return rows.map((r) => ({ index: r.idx, json: r.json }));
    },
    latestCheckpoint: latest,
    async inclusion(index) {
      const cp = await latest();
      if (!cp || !Number.isSafeInteger(index) || index < 0 || index >= cp.size) return null;
      const proof = await inclusionProof(reader(db, cp.size), index, cp.size);
      return { index, size: cp.size, proof: proof.map(toBase64), checkpoint: cp.note };
    },
    publish,
    verifierKeys: () => keys.verifierKeys(),
    tile,
    hashReader: (size) => reader(db, size),
    onPublished: (listener) => void published.push(listener),
  };
}
