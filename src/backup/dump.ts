// Writes one archive: the manifest, every table's rows from one consistent snapshot, then the
// uploads folder's files, all through the sealing stream. Memory holds one batch of rows or one
// chunk of a file at a time, whatever the database's size.
import { open, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Config } from '../config.ts';
import type { Manifest } from './records.ts';
import { DEFAULT_KDF, SealingStream, type KdfCost } from './sealed-stream.ts';
import { openSnapshot } from './snapshot.ts';
import { encodeValue } from './values.ts';

export interface DumpStats {
  tables: number;
  rows: number;
  files: number;
  /** Bytes of the archive. */
  bytes: number;
}

export interface DumpOptions {
  config: Pick<Config, 'dialect' | 'databaseUrl' | 'sqlitePath' | 'uploadsDir' | 'secret'>;
  passphrase: string;
  /** Receives the archive's bytes in order; the returned promise is the back-pressure. */
  write(bytes: Buffer): Promise<void>;
  kdf?: KdfCost;
}

// Files mid-upload (multipart temp files) are not part of anything yet.
const SKIPPED_FOLDERS = new Set(['incoming']);
const FILE_PIECE = 256 * 1024;

/** Every file under the uploads folder, as paths relative to it with forward slashes. */
export async function listUploads(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (!(dir === root && SKIPPED_FOLDERS.has(e.name))) await walk(full);
      } else if (e.isFile()) out.push(relative(root, full).split(sep).join('/'));
    }
  };
  await walk(root);
  return out;
}

export async function dump(opts: DumpOptions): Promise<DumpStats> {
  const { config } = opts;
  let bytes = 0;
  const sealed = await SealingStream.open(
    opts.passphrase,
    async (b) => {
      bytes += b.length;
      await opts.write(b);
    },
    opts.kdf ?? DEFAULT_KDF,
  );
  const line = (value: unknown) => sealed.push(Buffer.from(JSON.stringify(value) + '\n'));
  const snapshot = await openSnapshot(config);
  let rows = 0;
  let files = 0;
  try {
    // Listed as the snapshot begins: a file added later has no row in the archive anyway.
    const uploads = await listUploads(config.uploadsDir);
    const manifest: Manifest = {
      dauys: 'backup',
      format: 1,
      createdAt: new Date().toISOString(),
      dialect: snapshot.dialect,
      migrations: snapshot.migrations,
      secret: config.secret,
      tables: snapshot.tables.map((t) => t.name),
    };
    await line(manifest);
    for (const table of snapshot.tables) {
      await line({ table: table.name, columns: table.columns });
      let n = 0;
      for await (const batch of snapshot.rows(table)) {
        let text = '';
        for (const row of batch) text += JSON.stringify(row.map(encodeValue)) + '\n';
        await sealed.push(Buffer.from(text));
        n += batch.length;
      }
      await line({ end: table.name, rows: n });
      rows += n;
    }
    await snapshot.close();
    for (const path of uploads) if (await copyFile(config.uploadsDir, path, line, (b) => sealed.push(b))) files++;
    await line({ end: 'backup', tables: snapshot.tables.length, rows, files });
    await sealed.finish();
  } finally {
    await snapshot.close().catch(() => undefined);
  }
  return { tables: snapshot.tables.length, rows, files, bytes };
}

/** One file entry; false when the file went away since it was listed (its testimony was deleted). */
async function copyFile(
  root: string,
  path: string,
  line: (v: unknown) => Promise<void>,
  push: (b: Buffer) => Promise<void>,
): Promise<boolean> {
  let handle;
  try {
    handle = await open(join(root, path), 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    // The size is fixed when the file is opened; uploads are written once and never grow.
    const { size } = await handle.stat();
    await line({ file: path, size });
    let left = size;
    while (left > 0) {
      const piece = Buffer.allocUnsafe(Math.min(FILE_PIECE, left));
      const { bytesRead } = await handle.read(piece, 0, piece.length, size - left);
      if (bytesRead === 0) throw new Error(`${path} shrank while it was being backed up`);
      await push(piece.subarray(0, bytesRead));
      left -= bytesRead;
    }
    return true;
  } finally {
    await handle.close();
  }
}
