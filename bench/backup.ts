// `npm run bench -- backup [rows]`: backup and restore speed, and peak memory at two sizes. A fresh
// database (SQLite, or PostgreSQL with DAUYS_BENCH_DATABASE_URL) gets `rows` monitor posts and as
// many petition signatures (default 1,000,000 each, generated in SQL), plus a 20 MB uploads folder.
// Backup and restore each run in a child process, so its peak RSS is the operation's own; then the
// same at a tenth of the rows: flat memory means about the same peak at both sizes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { ALL_MIGRATION_FOLDERS, closeServices, createServices } from '../src/boot.ts';
import { loadConfig } from '../src/config.ts';
import { createDb } from '../src/db/database.ts';
import { readArchive, restore, writeArchive } from '../src/backup/index.ts';
import { freshDatabase, type TestDatabase } from '../test/helpers/db-url.ts';
import { openPetition } from '../test/helpers/petitions.ts';

const SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const PASS = 'a benchmark passphrase of some length';
const child = process.env.BACKUP_BENCH_CHILD;

interface ChildJob {
  op: 'backup' | 'restore';
  dialect: 'sqlite' | 'postgres';
  url: string;
  sqliteFile: string | null;
  uploads: string;
  archive: string;
}

if (child) {
  // One operation, then its own figures on standard output.
  const job = JSON.parse(child) as ChildJob;
  const started = performance.now();
  if (job.op === 'backup')
    await writeArchive(job.archive, {
      config: {
        dialect: job.dialect,
        databaseUrl: job.url,
        sqlitePath: job.sqliteFile,
        uploadsDir: job.uploads,
        secret: SECRET,
      },
      passphrase: PASS,
    });
  else {
    const db = createDb({ dialect: job.dialect, databaseUrl: job.url, sqlitePath: job.sqliteFile });
    await restore({
      input: readArchive(job.archive),
      passphrase: PASS,
      db,
      migrationFolders: ALL_MIGRATION_FOLDERS,
      uploadsDir: job.uploads,
    });
    await db.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const base = process.env.DAUYS_BENCH_DATABASE_URL;
const rows = Number(process.argv[3] ?? 1_000_000);

async function seed(n: number): Promise<{ db: TestDatabase; uploads: string }> {
  const database = await freshDatabase(base);
  const dir = mkdtempSync(join(tmpdir(), 'dauys-bench-backup-'));
  const config = loadConfig({
    DATABASE_URL: database.url,
    DAUYS_SECRET: SECRET,
    DAUYS_VAR_DIR: dir,
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'false',
  });
  const services = await createServices(config, { migrate: true, writerThread: false });
  try {
    const { petitionId } = await openPetition(services, { slug: 'bench' });
    const db = services.db;
    const series =
      database.dialect === 'postgres'
        ? sql`SELECT i FROM generate_series(1, ${n}) AS s(i)`
        : sql`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n}) SELECT i FROM s`;
    const text = `'Біз заңды өзгертуді талап етеміз #ЗаңдыӨзгерт #МеняйЗакон — Мы требуем изменить закон, пост № ' || i`;
    await sql`INSERT INTO monitor_posts (id, platform, external_id, source, author_key, author_handle, author_followers,
        text, lang, hashtags, tag_keys, mentions, links, media_count, likes, comments, shares, views, campaign_ids, raw,
        created_at, first_seen_at, updated_at)
      SELECT 'post-' || i, 'instagram.com', 'ext-' || i, 'zeeschuimer', 'author-' || (i % 5000), 'user' || (i % 5000), i % 100000,
        ${sql.raw(text)}, 'kk', '["ЗаңдыӨзгерт","МеняйЗакон"]', '|заңдыөзгерт|меняйзакон|', '[]', '[]', 1, i % 300, i % 40, i % 20, i * 3,
        '[]', '{}', '2024-04-01T10:00:00.000Z', '2024-04-01T10:05:00.000Z', '2024-04-01T10:05:00.000Z'
      FROM (${series}) AS n`.execute(db);
    await sql`INSERT INTO petition_signatures (id, petition_id, status, email_key, email_sealed, name_sealed, display_name,
        email_domain, region, locale, updates, pow, quarantined, created_at, confirmed_at)
      SELECT 'sig-' || i, ${petitionId}, 'confirmed', 'key-' || i, 'sealed-email-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-' || i,
        'sealed-name-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-' || i, 'Айгерім С.', 'example.kz', 'KZ-75', 'kk', 0, 1, 0,
        '2026-11-20T10:00:00.000Z', '2026-11-20T10:05:00.000Z'
      FROM (${series}) AS n`.execute(db);
  } finally {
    await closeServices(services);
  }
  const uploads = join(dir, 'uploads');
  mkdirSync(join(uploads, 'testimony'), { recursive: true });
  for (let i = 0; i < 20; i++)
    writeFileSync(
      join(uploads, 'testimony', `0190a3b2-0000-7000-8000-${String(i).padStart(12, '0')}`),
      Buffer.alloc(1 << 20, i),
    );
  return { db: database, uploads };
}

function runChild(job: ChildJob): { seconds: number; peakRssMb: number } {
  // The heap bound `dauys backup` and `dauys restore` run with (bin/dauys.js).
  const res = spawnSync(
    process.execPath,
    ['--max-old-space-size=128', '--import', 'tsx', fileURLToPath(import.meta.url)],
    {
      env: { ...process.env, BACKUP_BENCH_CHILD: JSON.stringify(job) },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (res.status !== 0) throw new Error(`${job.op} failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop()!);
}

const summary: Record<string, unknown> = { bench: 'backup' };
for (const n of [Math.round(rows / 10), rows]) {
  const t0 = performance.now();
  const source = await seed(n);
  console.log(
    `${source.db.dialect}: ${n} monitor posts + ${n} signatures + 20 MB of uploads, seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const work = mkdtempSync(join(tmpdir(), 'dauys-bench-archive-'));
  const archive = join(work, 'bench.dauysbak');
  const common = { dialect: source.db.dialect, url: source.db.url, sqliteFile: source.db.sqliteFile };
  const b = runChild({ op: 'backup', ...common, uploads: source.uploads, archive });
  const size = statSync(archive).size / 1e6;
  const target = await freshDatabase(base);
  const r = runChild({
    op: 'restore',
    dialect: target.dialect,
    url: target.url,
    sqliteFile: target.sqliteFile,
    uploads: join(work, 'restored'),
    archive,
  });
  console.log(
    `  archive ${size.toFixed(0)} MB. backup: ${b.seconds.toFixed(1)} s, ${(size / b.seconds).toFixed(1)} MB/s, ` +
      `${Math.round((2 * n) / b.seconds)} rows/s, peak RSS ${b.peakRssMb.toFixed(0)} MB`,
  );
  console.log(
    `  restore: ${r.seconds.toFixed(1)} s, ${(size / r.seconds).toFixed(1)} MB/s, ${Math.round((2 * n) / r.seconds)} rows/s, ` +
      `peak RSS ${r.peakRssMb.toFixed(0)} MB`,
  );
  summary[`rows_${n}`] = {
    archiveMb: Math.round(size),
    backupMbPerS: +(size / b.seconds).toFixed(1),
    backupPeakRssMb: Math.round(b.peakRssMb),
    restoreMbPerS: +(size / r.seconds).toFixed(1),
    restorePeakRssMb: Math.round(r.peakRssMb),
  };
  await source.db.drop();
  await target.drop();
  rmSync(work, { recursive: true, force: true });
}
console.log(JSON.stringify(summary));
