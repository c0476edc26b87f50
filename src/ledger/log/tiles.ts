// C2SP tlog-tiles: naming and shape of the static files a tiled log is served as. A tile at level L
// holds up to 256 consecutive hashes of complete subtrees of 256^L leaves; entry bundles hold the
// entries behind the level-0 tiles. Everything here is arithmetic on sizes and paths.
import { bad } from './errors.ts';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 2 ** TILE_HEIGHT; // 256 hashes in a full tile
export const MAX_TILE_LEVEL = 63;

/** A hash tile (level ≥ 0) or, with level 'entries', an entry bundle. Width 256 means full. */
export interface TileId {
  level: number | 'entries';
  index: number;
  width: number;
}

/** A Merkle hash tile (not an entry bundle). */
export type HashTileId = TileId & { level: number };

/** Tile index as 3-digit path elements, all but the last prefixed with x: 1234067 → x001/x234/067. */
export const encodeTileIndex = (n: number): string => {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`tile index must be a non-negative integer, not ${n}`);
  const groups: string[] = [];
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
};

/** Path relative to the log prefix: tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>]. */
export const tilePath = (t: TileId): string => {
  if (!Number.isInteger(t.width) || t.width < 1 || t.width > TILE_WIDTH)
    throw new RangeError(`bad tile width ${t.width}`);
  if (t.level !== 'entries' && (!Number.isInteger(t.level) || t.level < 0 || t.level > MAX_TILE_LEVEL))
    throw new RangeError(`bad tile level ${t.level}`);
  return `tile/${t.level}/${encodeTileIndex(t.index)}${t.width < TILE_WIDTH ? `.p/${t.width}` : ''}`;
};

const LEVEL = /^(?:0|[1-9][0-9]?)$/;
const WIDTH = /^[1-9][0-9]{0,2}$/;

/**
 * Parses a path such as `tile/0/x001/234` or `tile/entries/005.p/17` (relative to the log prefix).
 * Only the one canonical spelling of each tile is accepted, so a cache or a mirror cannot hold two
 * copies of a tile under different names; anything else throws LedgerFormatError('tile.bad_path').
 */
export const parseTilePath = (path: string): TileId => {
  const fail = (why: string) => bad('tile.bad_path', `${JSON.stringify(path)} is not a tile path: ${why}`);
  const parts = path.split('/');
  if (parts[0] !== 'tile' || parts.length < 3) throw fail('expected tile/<L>/<N>');
  const levelText = parts[1];
  let level: number | 'entries';
  if (levelText === 'entries') level = 'entries';
  else if (LEVEL.test(levelText) && Number(levelText) <= MAX_TILE_LEVEL) level = Number(levelText);
  else throw fail('level must be entries or 0–63 without leading zeroes');
  let rest = parts.slice(2);
  let width = TILE_WIDTH;
  const last = rest[rest.length - 1];
  if (last !== undefined && rest.length >= 2 && rest[rest.length - 2].endsWith('.p')) {
    if (!WIDTH.test(last) || Number(last) >= TILE_WIDTH) throw fail('partial width must be 1–255');
    width = Number(last);
    rest = [...rest.slice(0, -2), rest[rest.length - 2].slice(0, -2)];
  }
  if (rest.length === 0 || rest.length > 6) throw fail('bad index');
  let index = 0;
  rest.forEach((el, i) => {
    const isLast = i === rest.length - 1;
    const digits = isLast ? el : el.startsWith('x') ? el.slice(1) : null;
    if (digits === null || !/^[0-9]{3}$/.test(digits)) throw fail('index elements are x + 3 digits, then 3 digits');
    index = index * 1000 + Number(digits);
  });
  // x000/… would be a second spelling of a smaller index.
  if (rest.length > 1 && rest[0] === 'x000') throw fail('index has a leading zero group');
  if (!Number.isSafeInteger(index)) throw fail('index too large');
  return { level, index, width };
};

/** How many complete 256^level-leaf subtrees (hashes at that tile level) a tree of `size` has. */
export const hashesAtLevel = (size: number, level: number): number => Math.floor(size / TILE_WIDTH ** level);

/** Every hash tile a tree of `size` is served as (full ones and the partial at each level). */
export const tilesForSize = (size: number): HashTileId[] => tilesBetween(0, size);

/**
 * The hash tiles that appear when a tree grows from `oldSize` to `newSize`: new full tiles, and the
 * partial tiles of the new size (a tile of the same index and width is unchanged and not listed).
 */
export const tilesBetween = (oldSize: number, newSize: number): HashTileId[] => {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize)
    throw new RangeError(`cannot grow from ${oldSize} to ${newSize}`);
  const out: HashTileId[] = [];
  for (let level = 0; hashesAtLevel(newSize, level) > 0; level++) {
    const oldCount = hashesAtLevel(oldSize, level);
    const newCount = hashesAtLevel(newSize, level);
    if (oldCount === newCount) continue;
    for (let n = Math.floor(oldCount / TILE_WIDTH); n * TILE_WIDTH < newCount; n++) {
      const width = Math.min(TILE_WIDTH, newCount - n * TILE_WIDTH);
      out.push({ level, index: n, width });
    }
  }
  return out;
};

/** Entry bundles follow the level-0 tiles one for one. */
export const entryBundlesBetween = (oldSize: number, newSize: number): TileId[] =>
  tilesBetween(oldSize, newSize)
    .filter((t) => t.level === 0)
    .map((t) => ({ ...t, level: 'entries' as const }));

/** The tile (of the tree of `size`) that holds hash `i` at tile level `level`. */
export const tileHolding = (size: number, level: number, i: number): HashTileId => {
  const count = hashesAtLevel(size, level);
  if (i >= count) throw new RangeError(`a tree of size ${size} has no hash ${i} at tile level ${level}`);
  const index = Math.floor(i / TILE_WIDTH);
  return { level, index, width: Math.min(TILE_WIDTH, count - index * TILE_WIDTH) };
};

/** Big-endian uint16 length-prefixed entries, as the spec's entry bundles are. */
export const encodeEntryBundle = (entries: readonly Uint8Array[]): Uint8Array => {
  const size = entries.reduce((n, e) => n + 2 + e.length, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const e of entries) {
    if (e.length > 0xffff) throw bad('tile.entry_too_large', `an entry of ${e.length} bytes exceeds 65535`);
    out[at] = e.length >> 8;
    out[at + 1] = e.length & 0xff;
    out.set(e, at + 2);
    at += 2 + e.length;
  }
  return out;
};

export const decodeEntryBundle = (bytes: Uint8Array, expected?: number): Uint8Array[] => {
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) throw bad('tile.bad_bundle', `entry bundle truncated in a length at byte ${at}`);
    const len = (bytes[at] << 8) | bytes[at + 1];
    if (at + 2 + len > bytes.length) throw bad('tile.bad_bundle', `entry bundle truncated in entry ${out.length}`);
    out.push(bytes.slice(at + 2, at + 2 + len));
    at += 2 + len;
  }
  if (expected !== undefined && out.length !== expected)
    throw bad('tile.bad_bundle', `entry bundle holds ${out.length} entries, expected ${expected}`);
  return out;
};
