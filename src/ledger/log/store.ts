// Where a mirror keeps its files, and a fetch over a directory. Paths are the static layout's,
// relative to the log prefix (`checkpoint`, `tile/0/000`, `tile/entries/001.p/5`), so a mirror
// directory can be served as-is by any static host.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { parseTilePath } from './tiles.ts';
import type { FetchLike } from './fetch-like.ts';

export interface FileStore {
  read(path: string): Promise<Uint8Array | null>;
  write(path: string, data: Uint8Array): Promise<void>;
}

export const memoryStore = (files = new Map<string, Uint8Array>()): FileStore & { files: Map<string, Uint8Array> } => ({
  files,
  read: async (path) => files.get(path) ?? null,
  write: async (path, data) => void files.set(path, data),
});

// Only the layout's own names may touch the disk: a hostile path must never escape the directory.
const checkPath = (path: string) => {
  if (path !== 'checkpoint' && path !== 'vkey') parseTilePath(path);
};

export const directoryStore = (dir: string): FileStore => {
  const root = resolve(dir);
  const full = (path: string) => {
    checkPath(path);
    const p = join(root, ...path.split('/'));
    if (!p.startsWith(root + sep)) throw new Error(`path ${path} leaves the mirror directory`);
    return p;
  };
  return {
    read: async (path) => {
      try {
        return new Uint8Array(await readFile(full(path)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    // Write then rename, so a reader (or a crash) never sees half a tile.
    write: async (path, data) => {
      const p = full(path);
      await mkdir(dirname(p), { recursive: true });
      const tmp = `${p}.tmp-${process.pid}`;
      await writeFile(tmp, data);
      await rename(tmp, p);
    },
  };
};

/** A FetchLike answering from a FileStore under `base` (for `dauys ledger verify DIR` and tests). */
export const storeFetch = (store: FileStore, base: string): FetchLike => {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return async (url) => {
    const path = url.startsWith(prefix) ? url.slice(prefix.length) : null;
    let data: Uint8Array | null = null;
    if (path !== null) {
      try {
        data = await store.read(path);
      } catch {
        data = null;
      }
    }
    const body = data ?? new TextEncoder().encode('not found\n');
    return {
      status: data ? 200 : 404,
      text: async () => new TextDecoder().decode(body),
      arrayBuffer: async () => body.slice().buffer,
    };
  };
};
