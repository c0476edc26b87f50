// Temporary files for uploads in flight, encrypted (AES-256-GCM) under a random key that lives only
// in this process's memory: a file left behind by a crash, or read from a seized disk, is noise.
// Owner-only (0600) in an owner-only directory; whoever writes one removes it.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface SealedTemp {
  /** Plaintext bytes written. */
  size: number;
  /** The whole plaintext, checked against its authentication tag. */
  read(): Promise<Buffer>;
  remove(): Promise<void>;
}

/** Older than any request can last: left by a process that stopped mid-upload. */
const STALE_MS = 3_600_000;
const prepared = new Set<string>();

/** Creates the directory (0700) and, once per process, removes what a crashed process left there. */
export function prepareTempDir(dir: string): void {
  if (prepared.has(dir)) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const name of readdirSync(dir)) {
    try {
      if (statSync(join(dir, name)).mtimeMs < Date.now() - STALE_MS) unlinkSync(join(dir, name));
    } catch {
      // Gone already (another process swept it).
    }
  }
  prepared.add(dir);
}

/** Streams `source` to a new encrypted file in `dir`; on any failure nothing is left on disk. */
export async function writeSealedTemp(dir: string, source: Readable): Promise<SealedTemp> {
  const path = join(dir, randomUUID());
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  const remove = () => rm(path, { force: true });
  try {
    await pipeline(source, cipher, out);
  } catch (err) {
    // The file may still be opening: remove it only once the stream has let go of it.
    if (!out.closed) await new Promise<void>((r) => out.once('close', () => r()));
    await remove();
    throw err;
  }
  const tag = cipher.getAuthTag();
  return {
    size: out.bytesWritten,
    async read() {
      const decipher = createDecipheriv('aes-256-gcm', key, iv).setAuthTag(tag);
      const plain = decipher.update(await readFile(path));
      decipher.final(); // checks the tag; GCM has nothing left to give
      return plain;
    },
    remove,
  };
}
