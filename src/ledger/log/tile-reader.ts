// A HashReader over tiles alone: any complete subtree hash of a tree of known size is at most 2^7
// adjacent hashes of one tile, folded. So a verifier or mirror needs nothing but the static files
// to compute roots and proofs, and a database that stores only tiles can serve proofs the same way.
import { rootOfLeafHashes, type HashReader, type NodeId } from './merkle.ts';
import { tileHashes } from './tile-build.ts';
import { TILE_HEIGHT, TILE_WIDTH, tileHolding, tilePath, type HashTileId } from './tiles.ts';

export type TileFetcher = (tile: HashTileId) => Promise<Uint8Array> | Uint8Array;

export class TileHashReader implements HashReader {
  // Tiles are fetched once per reader; the promise is cached so parallel reads share one fetch.
  private readonly cache = new Map<string, Promise<Uint8Array[]>>();

  constructor(
    private readonly size: number,
    private readonly fetchTile: TileFetcher,
  ) {}

  private tile(t: HashTileId): Promise<Uint8Array[]> {
    const key = tilePath(t);
    let got = this.cache.get(key);
    if (!got) {
      got = Promise.resolve(this.fetchTile(t)).then((data) => tileHashes(t, data));
      this.cache.set(key, got);
    }
    return got;
  }

  async readHashes(nodes: readonly NodeId[]): Promise<Uint8Array[]> {
    return Promise.all(
      nodes.map(async ({ level, index }) => {
        const tileLevel = Math.floor(level / TILE_HEIGHT);
        const span = 2 ** (level % TILE_HEIGHT); // hashes of that tile level the node covers
        const first = index * span;
        // Aligned and at most 128 wide, so the span never crosses a tile boundary.
        const tile = tileHolding(this.size, tileLevel, first + span - 1);
        const hashes = await this.tile(tile);
        const offset = first - tile.index * TILE_WIDTH;
        return rootOfLeafHashes(hashes.slice(offset, offset + span));
      }),
    );
  }
}
