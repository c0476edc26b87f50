// Monitor import on PostgreSQL beside SQLite: N synthetic Zeeschuimer posts (default 1,000,000)
// imported with `dauys monitor import` in its own process into a fresh, migrated and seeded
// database of each kind, one after the other in one run. On PostgreSQL the posts, authors, tags and
// rollups go in as INSERT … SELECT FROM json_populate_recordset(…) ON CONFLICT statements of 5,000
// rows each, in transactions of about 5 s (src/monitor/writer.repository.ts, MONITOR_IMPORT_TRANSACTION_MS).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase as freshPg } from '../test/helpers/db-url.ts';
import { freshDatabase as freshSqlite, importWithCli } from './monitor-cli.ts';
import { writeSyntheticZeeschuimer } from './monitor-data.ts';

const N = Number(process.env.BENCH_POSTS ?? 1_000_000);
const PG = process.env.DAUYS_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const bin = join(import.meta.dirname, '..', 'bin', 'dauys.js');
const dir = mkdtempSync(join(tmpdir(), 'dauys-bench-monitor-pg-'));
const file = join(dir, 'posts.ndjson');
const { bytes } = await writeSyntheticZeeschuimer(file, N);
console.log(`generated ${N} posts, ${(bytes / 1e6).toFixed(0)} MB`);

const rows: Array<{ db: string; seconds: number; inserted: number; perSecond: number; peakRssMb: number }> = [];
const run = async (db: string, env: NodeJS.ProcessEnv) => {
  const r = await importWithCli(file, env);
  rows.push({
    db,
    seconds: Math.round(r.seconds * 10) / 10,
    inserted: r.inserted,
    perSecond: Math.round(r.inserted / r.seconds),
    peakRssMb: Math.round(r.peakRss / 2 ** 20),
  });
};

await run('SQLite', freshSqlite(dir, 'bench'));
const pg = await freshPg(PG);
try {
  const env = {
    ...process.env,
    DATABASE_URL: pg.url,
    DAUYS_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    DAUYS_VAR_DIR: dir,
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
  };
  for (const args of [['migrate'], ['seed', '--reference']])
    if (spawnSync(process.execPath, [bin, ...args], { env }).status !== 0) throw new Error(`dauys ${args[0]} failed`);
  await run('PostgreSQL', env);
} finally {
  await pg.drop();
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `monitor import of ${N} posts, one process each, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
);
for (const r of rows)
  console.log(
    `${r.db.padEnd(11)} ${String(r.inserted).padStart(9)} new posts in ${String(r.seconds).padStart(6)} s: ${String(r.perSecond).padStart(6)} posts/s, peak RSS ${r.peakRssMb} MB`,
  );
console.log(JSON.stringify({ bench: 'monitor-pg', posts: N, rows }));
