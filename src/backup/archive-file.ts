// Backups as files: written under a temporary name and renamed once complete and on disk, so a file
// with a backup's name is always a whole backup; the scheduled ones are pruned to the newest N.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { dump, type DumpOptions, type DumpStats } from './dump.ts';

/** Scheduled backups are named by when they began, so name order is age order. */
export const SCHEDULED_NAME = /^dauys-backup-\d{8}T\d{6}Z\.dauysbak$/;
export const scheduledName = (at: Date) =>
  `dauys-backup-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.dauysbak`;

export async function writeArchive(path: string, opts: Omit<DumpOptions, 'write'>): Promise<DumpStats> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.${basename(path)}.partial-${randomBytes(4).toString('hex')}`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    const stats = await dump({ ...opts, write: async (bytes) => void (await handle.write(bytes)) });
    await handle.sync();
    await handle.close();
    await rename(temp, path);
    return stats;
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
}

/** The archive's bytes as a stream of buffers (restore reads it once, front to back). */
export const readArchive = (path: string): AsyncIterable<Buffer> =>
  createReadStream(path, { highWaterMark: 256 * 1024 });

/** Removes all but the `keep` newest scheduled backups in `dir`; other files are left alone. */
export async function prune(dir: string, keep: number): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => SCHEDULED_NAME.test(n)).sort();
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const name of old) await rm(join(dir, name), { force: true });
  return old;
}
