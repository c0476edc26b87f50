// A HashReader over tiles alone: any complete subtree hash of a tree of known size lies within one
// tile (at most 2^7 adjacent hashes of it, folded). So a verifier or mirror needs nothing but the
// static files to compute roots and proofs, and a database that stores only tiles can serve proofs.
import { nodeHash, type HashReader, type NodeId } from './merkle.ts';
import { tileHashes } from './tile-build.ts';
import { TILE_HEIGHT, TILE_WIDTH, tileHolding, tilePath, type HashTileId } from './tiles.ts';

export type TileFetcher = (tile: HashTileId) => Promise<Uint8Array> | Uint8Array;

/**
 * A tile's subtrees: levels[0] are its hashes, levels[k][j] folds hashes [j·2^k, (j+1)·2^k). Only
 * complete pairs are folded, so a partial tile's ragged end is never hashed upwards.
 */
export type TileTree = Uint8Array[][];

const treeOf = (hashes: Uint8Array[]): TileTree => {
  const levels: TileTree = [hashes];
  for (let row = hashes; row.length >= 2;) {
    const up: Uint8Array[] = [];
    for (let j = 0; j + 1 < row.length; j += 2) up.push(nodeHash(row[j], row[j + 1]));
    levels.push(up);
    row = up;
  }
  return levels;
};

/** Where folded tiles are kept. Tiles never change under one path, so a cache may outlive a reader. */
export interface TileCache {
  get(path: string): Promise<TileTree> | undefined;
  set(path: string, tree: Promise<TileTree>): unknown;
  delete(path: string): unknown;
}

export class TileHashReader implements HashReader {
  constructor(
    private readonly size: number,
    private readonly fetchTile: TileFetcher,
    // Pass a shared (bounded) cache to keep hot tiles folded across requests; the default lives as
    // long as this reader. Hashes returned are views into cached tiles: callers must not mutate them.
    private readonly cache: TileCache = new Map(),
  ) {}

  private tile(t: HashTileId): Promise<TileTree> {
    const key = tilePath(t);
    let got = this.cache.get(key);
    if (!got) {
      got = Promise.resolve()
        .then(() => this.fetchTile(t))
        .then((data) => treeOf(tileHashes(t, data)));
      this.cache.set(key, got);
      // A failed fetch is evicted so that the next reader retries it.
      got.catch(() => this.cache.delete(key));
    }
    return got;
  }

  async readHashes(nodes: readonly NodeId[]): Promise<Uint8Array[]> {
    return Promise.all(
      nodes.map(async ({ level, index }) => {
        const tileLevel = Math.floor(level / TILE_HEIGHT);
        const sub = level % TILE_HEIGHT;
        const first = index * 2 ** sub; // first hash of that tile level the node covers
        // Aligned and at most 128 wide, so the node never crosses a tile boundary.
        const tile = tileHolding(this.size, tileLevel, first + 2 ** sub - 1);
        const tree = await this.tile(tile);
        return tree[sub][(first - tile.index * TILE_WIDTH) / 2 ** sub];
      }),
    );
  }
}
