// Restores an archive into an empty database of either dialect and an empty uploads folder.
// Order: open the archive (a wrong passphrase stops here), check the manifest against this version
// and the target, run the archive's migrations, then load every row inside one transaction while the
// uploads go to a folder beside the real one. Only when the sealed stream has ended with its final
// tag is the transaction committed and the folder renamed into place; any failure before that rolls
// the rows back and removes the folder, so nothing is ever restored half-way.
import { CompiledQuery, Migrator, sql, type Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { AppError } from '../core/errors.ts';
import { collectMigrations, migrateToLatest } from '../db/migrate.ts';
import { dialectOf, shareSqliteBulk, sqliteBulk, type DialectName } from '../db/portable.ts';
import { listUploads } from './dump.ts';
import { RecordReader, type Control, type Manifest } from './records.ts';
import { openSealed } from './sealed-stream.ts';
import { decodeValue, type Encoded } from './values.ts';

export interface RestoreOptions {
  input: AsyncIterable<Buffer>;
  passphrase: string;
  db: Kysely<any>;
  migrationFolders: readonly URL[];
  uploadsDir: string;
  /** Called with the archive's DAUYS_SECRET before anything is written; throw to refuse. */
  checkSecret?(secret: string): void | Promise<void>;
}

export interface RestoreStats {
  tables: number;
  rows: number;
  files: number;
  createdAt: string;
  /** Migrations this version ran after loading the rows (the archive came from an older version). */
  upgraded: string[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const damaged = () => new AppError('BACKUP_DAMAGED');

export async function restore(opts: RestoreOptions): Promise<RestoreStats> {
  const plain = openSealed(opts.input, opts.passphrase);
  try {
    return await restoreFrom(new RecordReader(plain), opts);
  } finally {
    await plain.return(undefined);
  }
}

async function restoreFrom(reader: RecordReader, opts: RestoreOptions): Promise<RestoreStats> {
  const { db } = opts;
  const dialect = dialectOf(db);
  const manifest = parseJson(await reader.line()) as Manifest;
  if (manifest?.dauys !== 'backup' || !Array.isArray(manifest.migrations)) throw damaged();
  if (manifest.format !== 1) throw new AppError('BACKUP_NEWER_FORMAT');

  const known = await collectMigrations(opts.migrationFolders);
  const unknown = manifest.migrations.filter((m) => !(m in known));
  if (unknown.length) throw new AppError('BACKUP_NEWER_VERSION', { migration: unknown[unknown.length - 1] });
  await opts.checkSecret?.(manifest.secret);
  await assertEmptyTarget(db, manifest.migrations);
  if ((await listUploads(opts.uploadsDir)).length)
    throw new AppError('BACKUP_UPLOADS_NOT_EMPTY', { path: opts.uploadsDir });

  // The schema exactly as the archive's database had it; later migrations run on the loaded rows.
  const archived = Object.fromEntries(manifest.migrations.map((m) => [m, known[m]]));
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: async () => archived },
    allowUnorderedMigrations: true,
  }).migrateToLatest();
  if (error) throw error;

  const staging = join(dirname(opts.uploadsDir), `.restore-${randomBytes(6).toString('hex')}`);
  let stats: Omit<RestoreStats, 'upgraded'>;
  try {
    stats = await db.transaction().execute(async (trx) => {
      shareSqliteBulk(trx, db);
      // Rows come parents first, but a table may point to itself; checks wait for the commit.
      if (dialect === 'sqlite') await sql`PRAGMA defer_foreign_keys = ON`.execute(trx);
      const loaded = await load(trx, dialect, reader, manifest, staging);
      // The archive is complete only when the sealed stream ends with its final tag.
      if (!(await reader.atEnd())) throw damaged();
      return loaded;
    });
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    if (err instanceof AppError) throw err;
    // A row the database refuses, a line that is not JSON: the archive is not what it claims to be.
    throw Object.assign(new AppError('BACKUP_LOAD_FAILED', { detail: (err as Error).message ?? String(err) }), {
      cause: err,
    });
  }
  if (dialect === 'postgres') await resetSequences(db);
  await placeUploads(staging, opts.uploadsDir);
  const upgraded = await migrateToLatest(db as never, opts.migrationFolders);
  return { ...stats, upgraded };
}

/** The archive's manifest only (for --secret-to): opening it checks the passphrase, not the whole file. */
export async function readManifest(input: AsyncIterable<Buffer>, passphrase: string): Promise<Manifest> {
  const plain = openSealed(input, passphrase);
  try {
    const manifest = parseJson(await new RecordReader(plain).line()) as Manifest;
    if (manifest?.dauys !== 'backup' || typeof manifest.secret !== 'string') throw damaged();
    return manifest;
  } finally {
    await plain.return(undefined);
  }
}

function parseJson(text: string | null): unknown {
  if (text === null) throw damaged();
  try {
    return JSON.parse(text);
  } catch {
    throw damaged();
  }
}

/** The target may have the archive's migrations (or none) but no rows in any table. */
async function assertEmptyTarget(db: Kysely<any>, archived: string[]): Promise<void> {
  const tables = (await db.introspection.getTables()).map((t) => t.name);
  if (tables.includes('kysely_migration')) {
    const applied = (await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db)).rows.map(
      (r) => r.name,
    );
    const extra = applied.filter((m) => !archived.includes(m));
    if (extra.length) throw new AppError('BACKUP_TARGET_AHEAD', { migration: extra.sort().at(-1)! });
  }
  for (const name of tables.filter((t) => !t.startsWith('kysely_'))) {
    const any = await sql`SELECT 1 FROM ${sql.table(name)} LIMIT 1`.execute(db);
    if (any.rows.length) throw new AppError('BACKUP_TARGET_NOT_EMPTY', { table: name });
  }
}

async function load(
  trx: Kysely<any>,
  dialect: DialectName,
  reader: RecordReader,
  manifest: Manifest,
  staging: string,
): Promise<Omit<RestoreStats, 'upgraded'>> {
  let tables = 0;
  let rows = 0;
  let files = 0;
  const bulk = sqliteBulk(trx);
  for (;;) {
    const control = parseJson(await reader.line()) as Control;
    if ('table' in control) {
      const n = await loadTable(trx, dialect, bulk, reader, control.table, control.columns);
      tables++;
      rows += n;
    } else if ('file' in control) {
      await writeFile(reader, staging, control.file, control.size);
      files++;
    } else if (control.end === 'backup') {
      if (control.tables !== tables || control.rows !== rows || control.files !== files) throw damaged();
      if (tables !== manifest.tables.length) throw damaged();
      return { tables, rows, files, createdAt: manifest.createdAt };
    } else throw damaged();
  }
}

async function loadTable(
  trx: Kysely<any>,
  dialect: DialectName,
  bulk: ReturnType<typeof sqliteBulk>,
  reader: RecordReader,
  table: string,
  columns: string[],
): Promise<number> {
  const columnList = columns.map(quote).join(', ');
  // PostgreSQL takes at most 65,535 parameters per statement; SQLite runs one prepared row at a time.
  const perStatement = dialect === 'postgres' ? Math.max(1, Math.min(1000, Math.floor(30_000 / columns.length))) : 1;
  const batchSize = dialect === 'postgres' ? perStatement : 1000;
  const single = `INSERT INTO ${quote(table)} (${columnList}) VALUES (${columns.map(() => '?').join(', ')})`;
  let batch: unknown[][] = [];
  let n = 0;
  const flush = async () => {
    if (!batch.length) return;
    if (bulk) await bulk.run(single, batch);
    else {
      let p = 0;
      const values = batch.map((r) => `(${r.map(() => `$${++p}`).join(', ')})`).join(', ');
      await trx.executeQuery(
        CompiledQuery.raw(`INSERT INTO ${quote(table)} (${columnList}) VALUES ${values}`, batch.flat()),
      );
    }
    n += batch.length;
    batch = [];
  };
  for (;;) {
    const text = await reader.line();
    if (text === null) throw damaged();
    if (text.startsWith('[')) {
      const row = parseJson(text) as Encoded[];
      if (!Array.isArray(row) || row.length !== columns.length) throw damaged();
      batch.push(row.map((v) => decodeValue(v, dialect)));
      if (batch.length >= batchSize) await flush();
      continue;
    }
    await flush();
    const end = parseJson(text) as Control;
    if (!('end' in end) || end.end !== table || end.rows !== n) throw damaged();
    return n;
  }
}

async function writeFile(reader: RecordReader, staging: string, path: string, size: number): Promise<void> {
  // Paths come from the archive: keep every one inside the folder.
  const safe = normalize(path);
  if (
    typeof path !== 'string' ||
    !Number.isSafeInteger(size) ||
    size < 0 ||
    safe.startsWith('..') ||
    safe.startsWith('/')
  )
    throw damaged();
  const full = join(staging, safe);
  await mkdir(dirname(full), { recursive: true, mode: 0o700 });
  const handle = await open(full, 'wx', 0o600);
  try {
    await reader.bytes(size, async (piece) => void (await handle.write(piece)));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Moves the restored files into place; the uploads folder may exist but holds no files (checked before). */
async function placeUploads(staging: string, uploadsDir: string): Promise<void> {
  const staged = await readdir(staging).catch(() => null);
  if (!staged) return;
  await mkdir(uploadsDir, { recursive: true, mode: 0o700 });
  for (const name of staged) {
    await rm(join(uploadsDir, name), { recursive: true, force: true });
    await rename(join(staging, name), join(uploadsDir, name));
  }
  await rm(staging, { recursive: true, force: true });
}

/** Serial and identity columns continue after the restored rows (Dauys's own tables use app-made ids). */
async function resetSequences(db: Kysely<any>): Promise<void> {
  const owned = (
    await sql<{ tbl: string; col: string; seq: string }>`
      SELECT c.relname AS tbl, a.attname AS col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`.execute(db)
  ).rows;
  for (const { tbl, col, seq } of owned)
    await sql`SELECT setval(${seq}::regclass, COALESCE((SELECT max(${sql.ref(col)}) FROM ${sql.table(tbl)}), 0) + 1, false)`.execute(
      db,
    );
}
