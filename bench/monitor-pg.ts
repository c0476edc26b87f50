// Monitor import on PostgreSQL beside SQLite: N synthetic Zeeschuimer posts (default 1,000,000)
// imported with `dauys monitor import` in its own process into a fresh, migrated and seeded
// database of each kind, one after the other in one run. On PostgreSQL the posts, authors, tags and
// rollups go in as INSERT … SELECT FROM json_populate_recordset(…) ON CONFLICT statements of 5,000
// rows each, in transactions of about 5 s (src/monitor/writer.repository.ts, MONITOR_IMPORT_TRANSACTION_MS).
// BENCH_BASELINE_REF=<git ref> imports the same file into PostgreSQL with that commit's code as
// well, in the same run, after this checkout's.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase as freshPg } from '../test/helpers/db-url.ts';
import { checkoutRef } from './baseline.ts';
import { bin, freshDatabase as freshSqlite, importWithCli, seededDatabase } from './monitor-cli.ts';
import { writeSyntheticZeeschuimer } from './monitor-data.ts';

const N = Number(process.env.BENCH_POSTS ?? 1_000_000);
const PG = process.env.DAUYS_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dir = mkdtempSync(join(tmpdir(), 'dauys-bench-monitor-pg-'));
const file = join(dir, 'posts.ndjson');
const { bytes } = await writeSyntheticZeeschuimer(file, N);
console.log(`generated ${N} posts, ${(bytes / 1e6).toFixed(0)} MB`);

const rows: Array<{ db: string; seconds: number; inserted: number; perSecond: number; peakRssMb: number }> = [];
const run = async (db: string, env: NodeJS.ProcessEnv, cli = bin) => {
  const r = await importWithCli(file, env, undefined, cli);
  rows.push({
    db,
    seconds: Math.round(r.seconds * 10) / 10,
    inserted: r.inserted,
    perSecond: Math.round(r.inserted / r.seconds),
    peakRssMb: Math.round(r.peakRss / 2 ** 20),
  });
};

/** A fresh PostgreSQL database, migrated and seeded by `cli`, then the import by the same code. */
const onPostgres = async (label: string, cli: string) => {
  const pg = await freshPg(PG);
  try {
    await run(label, seededDatabase(pg.url, dir, cli), cli);
  } finally {
    await pg.drop();
  }
};

try {
  await run('SQLite', freshSqlite(dir, 'bench'));
  await onPostgres('PostgreSQL', bin);
  const ref = process.env.BENCH_BASELINE_REF;
  if (ref) {
    const old = checkoutRef(ref, { build: true });
    try {
      await onPostgres(`PostgreSQL at ${ref}`, join(old, 'bin', 'dauys.js'));
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `monitor import of ${N} posts, one process each, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
);
for (const r of rows)
  console.log(
    `${r.db.padEnd(24)} ${String(r.inserted).padStart(9)} new posts in ${String(r.seconds).padStart(6)} s: ${String(r.perSecond).padStart(6)} posts/s, peak RSS ${r.peakRssMb} MB`,
  );
console.log(JSON.stringify({ bench: 'monitor-pg', posts: N, rows }));
