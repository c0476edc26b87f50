// Encrypted attachments on disk: one file per attachment, named by a random id, written only
// after the whole ciphertext is in memory and checked, removed with its testimony.
import { mkdirSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FileStore {
  readonly dir: string;
  write(id: string, data: Uint8Array): Promise<void>;
  read(id: string): Promise<Buffer>;
  remove(ids: string[]): Promise<void>;
}

const SAFE_ID = /^[0-9a-f-]{36}$/;

export function createFileStore(dir: string): FileStore {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = (id: string) => {
    if (!SAFE_ID.test(id)) throw new Error('Bad attachment id');
    return join(dir, id);
  };
  return {
    dir,
    write: (id, data) => writeFile(path(id), data, { flag: 'wx', mode: 0o600, flush: true }),
    read: (id) => readFile(path(id)),
    async remove(ids) {
      await Promise.all(ids.map((id) => rm(path(id), { force: true })));
    },
  };
}
