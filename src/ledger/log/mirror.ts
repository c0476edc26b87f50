// The verifier and mirror client: fetch a tiled log's checkpoint, tiles and entry bundles over HTTP
// (any fetch-like function), check everything against the signed checkpoint, and keep a copy in the
// static layout. Nothing fetched is trusted: every entry is hashed, every tile is rebuilt from the
// entries and compared byte for byte, and the root must match the signed one. A mirror that already
// holds a verified copy downloads only what is new and proves the new tree extends the old one.
import { HASH_SIZE, equalBytes, utf8 } from './bytes.ts';
import { openCheckpoint, type Checkpoint } from './checkpoint.ts';
import { checkCosignatures, type CosignatureCheck } from './cosignature.ts';
import { LedgerFormatError } from './errors.ts';
import type { Verifier } from './keys.ts';
import { consistencyProof, leafHash, treeRoot, verifyConsistency } from './merkle.ts';
import type { FileStore } from './store.ts';
import { growTiles, tileHashes, type BuiltTile } from './tile-build.ts';
import { TileHashReader } from './tile-reader.ts';
import {
  TILE_WIDTH,
  decodeEntryBundle,
  encodeEntryBundle,
  entryBundlesBetween,
  tilePath,
  tilesBetween,
  type TileId,
} from './tiles.ts';
import type { FetchLike } from './fetch-like.ts';

/** A verification failure: `entry` names the first entry that does not match, when one can be named. */
export class LedgerVerifyError extends LedgerFormatError {
  constructor(
    reason: string,
    message: string,
    readonly entry?: number,
    readonly path?: string,
  ) {
    super(reason, message);
    this.name = 'LedgerVerifyError';
  }
}

export interface MirrorOptions {
  fetch: FetchLike;
  /** The log prefix, e.g. https://dauys.example/ledger/ (checkpoint and tile/… are below it). */
  baseUrl: string;
  /** The log's keys (more than one while a key is being rotated). */
  logKeys: readonly Verifier[];
  /** Refuse a checkpoint for any other origin. */
  origin?: string;
  /** Witness keys whose cosignatures to check, and how many must be valid (default: none needed). */
  witnesses?: readonly Verifier[];
  quorum?: number;
  /**
   * Where the verified copy lives. If it already holds a checkpoint (verified by an earlier run),
   * only the tiles and bundles since then are fetched. Nothing is written unless all checks pass,
   * and the checkpoint is written last.
   */
  store: FileStore;
  /** A checkpoint note seen earlier (e.g. remembered by `dauys ledger verify`): must be consistent. */
  previous?: string;
  /** How many requests run at once. */
  concurrency?: number;
}

export interface MirrorResult {
  checkpoint: Checkpoint;
  note: string;
  /** Size of the verified copy the run started from (0 for a fresh mirror). */
  fromSize: number;
  cosignatures: CosignatureCheck;
  fetched: number;
}

const pool = async <T, R>(items: readonly T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> => {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
};

export const mirrorLog = async (opts: MirrorOptions): Promise<MirrorResult> => {
  const base = opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`;
  let fetched = 0;
  const get = async (path: string): Promise<Uint8Array | null> => {
    fetched++;
    const res = await opts.fetch(base + path);
    if (res.status === 404) return null;
    if (res.status !== 200) throw new LedgerVerifyError('mirror.fetch', `GET ${base}${path}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
  // A partial tile may be gone once its full tile exists (the spec allows it): fall back to the full one.
  const getTile = async (t: TileId): Promise<Uint8Array> => {
    const data = await get(tilePath(t));
    if (data) return data;
    const full = t.width < TILE_WIDTH ? await get(tilePath({ ...t, width: TILE_WIDTH })) : null;
    if (!full) throw new LedgerVerifyError('mirror.missing', `${tilePath(t)} is missing`, undefined, tilePath(t));
    // Hash tiles are cut to the partial width here; bundles are cut after decoding.
    return t.level === 'entries' ? full : full.slice(0, t.width * HASH_SIZE);
  };

  // 1. The checkpoint, its signature and its cosignatures.
  const noteBytes = await get('checkpoint');
  if (!noteBytes) throw new LedgerVerifyError('mirror.missing', 'checkpoint is missing', undefined, 'checkpoint');
  const note = new TextDecoder().decode(noteBytes);
  const { checkpoint } = openCheckpoint(noteBytes, opts.logKeys, opts.origin);
  const cosignatures = checkCosignatures(noteBytes, opts.witnesses ?? []);
  if (cosignatures.valid.length < (opts.quorum ?? 0))
    throw new LedgerVerifyError(
      'mirror.quorum',
      `${cosignatures.valid.length} valid cosignatures, ${opts.quorum} required` +
        (cosignatures.invalid.length ? ` (invalid: ${cosignatures.invalid.join(', ')})` : ''),
    );

  // 2. Where we start from: the copy we verified before, if any.
  const savedBytes = await opts.store.read('checkpoint');
  const saved = savedBytes ? openCheckpoint(savedBytes, opts.logKeys, checkpoint.origin).checkpoint : null;
  const earlier = opts.previous ? openCheckpoint(opts.previous, opts.logKeys, checkpoint.origin).checkpoint : null;
  for (const old of [saved, earlier])
    if (old && old.size > checkpoint.size)
      throw new LedgerVerifyError('mirror.rollback', `the log shrank from ${old.size} to ${checkpoint.size} entries`);
  const fromSize = saved?.size ?? 0;
  const size = checkpoint.size;

  // 3. New entries: hash each one; the bundles' leaf hashes are what the tiles must be built from.
  const bundles = entryBundlesBetween(fromSize, size);
  const bundleData = await pool(bundles, opts.concurrency ?? 8, getTile);
  const leafHashes: Uint8Array[] = [];
  const bundleEntries: Uint8Array[][] = [];
  const short: { k: number; entries: Uint8Array[] }[] = [];
  bundles.forEach((b, k) => {
    const firstInBundle = b.index * TILE_WIDTH;
    let entries: Uint8Array[];
    try {
      entries = decodeEntryBundle(bundleData[k]).slice(0, b.width);
    } catch (e) {
      throw new LedgerVerifyError(
        'mirror.bad_bundle',
        `${tilePath(b)}: ${(e as Error).message}`,
        firstInBundle,
        tilePath(b),
      );
    }
    if (entries.length < b.width) short.push({ k, entries });
    bundleEntries.push(entries);
    // Skip the entries of a partial bundle that the earlier copy already holds.
    const skip = Math.max(0, fromSize - firstInBundle);
    for (const e of entries.slice(skip)) leafHashes.push(leafHash(e));
  });

  // A bundle short of entries (one deleted, say): the first entry whose hash differs from the served
  // level-0 tile is the one to name, not merely the end of the bundle.
  if (short.length) {
    const { k, entries } = short[0];
    const b = bundles[k];
    const first = b.index * TILE_WIDTH;
    let at = entries.length;
    try {
      const served = tileHashes({ ...b, level: 0 }, await getTile({ ...b, level: 0 }));
      const j = entries.findIndex((e, i) => !equalBytes(leafHash(e), served[i]));
      if (j >= 0) at = j;
    } catch {
      // No usable level-0 tile: the end of the bundle is the best we can name.
    }
    throw new LedgerVerifyError(
      'mirror.bad_bundle',
      `${tilePath(b)} holds ${entries.length} of ${b.width} entries; entry ${first + at} is missing or altered`,
      first + at,
      tilePath(b),
    );
  }

  // 4. Rebuild the changed tiles from the verified copy's partial tiles plus the new leaf hashes.
  const built = await growTiles(fromSize, leafHashes, async (t) => {
    const data = await opts.store.read(tilePath(t));
    if (!data)
      throw new LedgerVerifyError('mirror.local', `the saved copy lacks ${tilePath(t)}`, undefined, tilePath(t));
    return data;
  });
  const expected = new Map(built.map((b) => [tilePath(b.tile), b]));
  const wanted = tilesBetween(fromSize, size);
  if (wanted.length !== built.length || wanted.some((t) => !expected.has(tilePath(t))))
    throw new Error('internal: rebuilt tiles do not match the tiles the size calls for');

  // 5. Fetch the log's tiles and compare: a level-0 difference names the entry.
  const served = await pool(wanted, opts.concurrency ?? 8, getTile);
  wanted.forEach((t, k) => {
    const want = expected.get(tilePath(t))!;
    if (equalBytes(served[k], want.data)) return;
    if (t.level === 0) {
      const got = served[k].length === want.data.length ? tileHashes(t, served[k]) : [];
      const mine = tileHashes(t, want.data);
      const i = mine.findIndex((h, j) => !got[j] || !equalBytes(h, got[j]));
      const entry = t.index * TILE_WIDTH + Math.max(0, i);
      throw new LedgerVerifyError(
        'mirror.entry_mismatch',
        `entry ${entry} does not match its hash in ${tilePath(t)}`,
        entry,
        tilePath(t),
      );
    }
    throw new LedgerVerifyError(
      'mirror.tile_mismatch',
      `${tilePath(t)} does not match the tiles below it`,
      undefined,
      tilePath(t),
    );
  });

  // 6. The root over the saved copy plus the new tiles must be the signed root, and earlier
  // checkpoints must be prefixes of this tree.
  const reader = new TileHashReader(size, async (t) => {
    const fresh = expected.get(tilePath(t));
    const data = fresh?.data ?? (await opts.store.read(tilePath(t)));
    if (!data)
      throw new LedgerVerifyError('mirror.local', `the saved copy lacks ${tilePath(t)}`, undefined, tilePath(t));
    return data;
  });
  const root = await treeRoot(reader, size);
  if (!equalBytes(root, checkpoint.root))
    throw new LedgerVerifyError(
      saved ? 'mirror.inconsistent' : 'mirror.root_mismatch',
      saved
        ? `the signed root of ${size} entries is not the root of the verified copy of ${saved.size} plus the new ` +
            'entries: either history was rewritten or the new tiles differ from what was signed'
        : 'the tiles and entries hash to a different root than the signed checkpoint',
    );
  for (const old of [saved, earlier]) {
    if (!old || old.size === 0) continue;
    const proof = await consistencyProof(reader, old.size, size);
    if (!verifyConsistency(old.size, size, proof, old.root, checkpoint.root))
      throw new LedgerVerifyError(
        'mirror.inconsistent',
        `the tree of ${size} is not consistent with the earlier checkpoint of ${old.size}`,
      );
  }

  // 7. All good: write tiles and bundles, then the checkpoint, so the copy is never ahead of its files.
  await pool(built, opts.concurrency ?? 8, (b: BuiltTile) => opts.store.write(tilePath(b.tile), b.data));
  // Re-encoded from the checked entries: a full bundle fetched as a fallback is cut to its width.
  await pool(
    bundles.map((b, k) => [b, bundleEntries[k]] as const),
    opts.concurrency ?? 8,
    ([b, entries]) => opts.store.write(tilePath(b), encodeEntryBundle(entries)),
  );
  await opts.store.write('checkpoint', utf8(note));
  return { checkpoint, note, fromSize, cosignatures, fetched };
};
