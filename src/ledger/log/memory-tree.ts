// An in-memory Merkle tree that keeps every complete subtree hash, level by level. It is the
// HashReader for tests and small tools, and the model the database-backed store mirrors: appending
// a leaf writes its hash at level 0 and every subtree hash it completes above.
import { leafHash, nodeHash, treeRoot, type HashReader, type NodeId } from './merkle.ts';

export class MemoryTree implements HashReader {
  /** levels[l][i]: hash of the complete subtree of 2^l leaves starting at leaf i·2^l. */
  private readonly levels: Uint8Array[][] = [[]];

  get size(): number {
    return this.levels[0].length;
  }

  append(entry: Uint8Array): number {
    return this.appendLeafHash(leafHash(entry));
  }

  /** Adds a leaf hash and the subtree hashes it completes; returns the leaf's index. */
  appendLeafHash(hash: Uint8Array): number {
    const index = this.size;
    this.levels[0].push(hash);
    let i = index;
    for (let level = 0; i % 2 === 1; level++) {
      const row = this.levels[level];
      const up = (this.levels[level + 1] ??= []);
      up.push(nodeHash(row[i - 1], row[i]));
      i = (i - 1) / 2;
    }
    return index;
  }

  readHashes(nodes: readonly NodeId[]): Uint8Array[] {
    return nodes.map(({ level, index }) => {
      const h = this.levels[level]?.[index];
      if (!h)
        throw new RangeError(`no complete subtree at level ${level}, index ${index} in a tree of size ${this.size}`);
      return h;
    });
  }

  /** All leaf hashes from `from` (for building tiles). */
  leafHashes(from = 0, to = this.size): Uint8Array[] {
    return this.levels[0].slice(from, to);
  }

  root(size = this.size): Promise<Uint8Array> {
    return treeRoot(this, size);
  }
}
