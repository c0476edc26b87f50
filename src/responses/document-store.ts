// Response documents on disk, under the uploads folder like every upload: one file per document,
// named by its SHA-256 (so the same letter uploaded twice is one file, and the name proves the
// content), owner-only, written whole and flushed before the record that points to it.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DocumentStore {
  /** Stores the bytes and returns their SHA-256 (hex). */
  put(data: Uint8Array): Promise<string>;
  read(sha256: string): Promise<Buffer>;
}

const SHA = /^[0-9a-f]{64}$/;

export const sha256Hex = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

export function createDocumentStore(dir: string): DocumentStore {
  let ready = false;
  const path = (sha: string) => {
    if (!SHA.test(sha)) throw new Error('Bad document hash');
    if (!ready) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      ready = true;
    }
    return join(dir, sha);
  };
  return {
    async put(data) {
      const sha = sha256Hex(data);
      try {
        await writeFile(path(sha), data, { flag: 'wx', mode: 0o600, flush: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        // Already there: keep it only if it is whole (a crash could have cut a write short).
        const had = await readFile(path(sha)).catch(() => null);
        if (!had || sha256Hex(had) !== sha) await writeFile(path(sha), data, { mode: 0o600, flush: true });
      }
      return sha;
    },
    read: (sha) => readFile(path(sha)),
  };
}
