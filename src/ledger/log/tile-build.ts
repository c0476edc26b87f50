// Building tile contents. Two ways in: from a HashReader that already knows every complete subtree
// (buildTile), or incrementally, from the previous partial tiles and the newly appended leaf hashes
// (growTiles) — the latter is what an append does, touching only the rightmost tile of each level.
import { HASH_SIZE, concat } from './bytes.ts';
import { bad } from './errors.ts';
import { rootOfLeafHashes, type HashReader } from './merkle.ts';
import { TILE_HEIGHT, TILE_WIDTH, hashesAtLevel, type HashTileId, type TileId } from './tiles.ts';

export interface BuiltTile {
  tile: HashTileId;
  data: Uint8Array;
}

/** Splits tile bytes into hashes, checking the length matches the tile's width. */
export const tileHashes = (tile: TileId, data: Uint8Array): Uint8Array[] => {
  if (data.length !== tile.width * HASH_SIZE)
    throw bad(
      'tile.bad_length',
      `tile ${tile.level}/${tile.index} should be ${tile.width * HASH_SIZE} bytes, is ${data.length}`,
    );
  const out: Uint8Array[] = [];
  // Views, not copies: tiles are read far more often than written, and nobody mutates a hash.
  for (let i = 0; i < tile.width; i++) out.push(data.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
  return out;
};

/** The bytes of a hash tile: its hashes are subtrees at Merkle level 8·L, 256 per full tile. */
export const buildTile = async (reader: HashReader, tile: HashTileId): Promise<Uint8Array> => {
  const level = tile.level * TILE_HEIGHT;
  const nodes = Array.from({ length: tile.width }, (_, i) => ({ level, index: tile.index * TILE_WIDTH + i }));
  return concat(...(await reader.readHashes(nodes)));
};

/**
 * The tiles that change when `added` leaf hashes are appended to a tree of `oldSize`: the partial
 * tile at each level is read through `readTile` and extended, each tile that fills up contributes its
 * subtree hash to the level above. Returns new and rewritten tiles, level by level, left to right.
 */
export const growTiles = async (
  oldSize: number,
  added: readonly Uint8Array[],
  readTile: (tile: HashTileId) => Promise<Uint8Array> | Uint8Array,
): Promise<BuiltTile[]> => {
  const out: BuiltTile[] = [];
  let incoming: Uint8Array[] = [...added];
  for (let level = 0; incoming.length > 0; level++) {
    const oldCount = hashesAtLevel(oldSize, level);
    const partialWidth = oldCount % TILE_WIDTH;
    const first = oldCount - partialWidth;
    let existing: Uint8Array[] = [];
    if (partialWidth > 0) {
      const tile = { level, index: first / TILE_WIDTH, width: partialWidth };
      existing = tileHashes(tile, await readTile(tile));
    }
    const run = [...existing, ...incoming];
    incoming = [];
    for (let at = 0; at < run.length; at += TILE_WIDTH) {
      const hashes = run.slice(at, at + TILE_WIDTH);
      out.push({ tile: { level, index: (first + at) / TILE_WIDTH, width: hashes.length }, data: concat(...hashes) });
      // Only full tiles feed the level above: a partial tile is never hashed upwards.
      if (hashes.length === TILE_WIDTH) incoming.push(rootOfLeafHashes(hashes));
    }
  }
  return out;
};
