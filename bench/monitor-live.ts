// Importing into a live SQLite site: `dauys serve` takes signatures at a steady rate while
// `dauys monitor import` (its own process, on the same database file) stores N synthetic Zeeschuimer
// posts (default 200,000). Run twice on fresh databases, side by side: transactions bounded by posts
// (MONITOR_IMPORT_TRANSACTION_MS=0, the behaviour before 2026-12-04) and by time (the default, 200
// ms). Prints, for each, signing failures, signing latency during the import (p50/p95/max) and the
// import's throughput; a one-line JSON summary last.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticZeeschuimer } from './monitor-data.ts';
import { csrfOf, fakeIp, freshTarget, preparePetition, serve, signBody } from './sign-fixture.ts';

const N = Number(process.env.BENCH_POSTS ?? 200_000);
/** Signatures per second offered during the import (open loop: one every 1000/RATE ms, whatever the answers). */
const RATE = Number(process.env.BENCH_SIGN_RATE ?? 20);
const MODES = (process.env.BENCH_MODES ?? '0,200').split(',').map(Number);
const ALONE_SECONDS = 10;
const bin = join(import.meta.dirname, '..', 'bin', 'dauys.js');

const dir = mkdtempSync(join(tmpdir(), 'dauys-bench-live-'));
const file = join(dir, 'posts.ndjson');
const t0 = Date.now();
const { bytes } = await writeSyntheticZeeschuimer(file, N);
console.log(`generated ${N} posts, ${(bytes / 1e6).toFixed(0)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

interface Run {
  transactionMs: number;
  /** Signing latency with no import running, on the same server just before (the machine's own noise). */
  alone: { p50: number; p95: number; max: number };
  importSeconds: number;
  postsPerSecond: number;
  signatures: number;
  failures: number;
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  max: number;
}

const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

async function run(transactionMs: number, port: number): Promise<Run> {
  const target = await freshTarget();
  if (target.dialect !== 'sqlite') throw new Error('this benchmark is about SQLite: unset DAUYS_BENCH_DATABASE_URL');
  const petitionId = await preparePetition(target);
  const server = await serve(target, port, { JOBS_ENABLED: 'false' });
  try {
    const path = `/en/petitions/${petitionId}`;
    const csrf = await csrfOf(server.origin, path);
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    let n = 0;
    const sign = async () => {
      const i = n++;
      const began = performance.now();
      let status = 'error';
      try {
        const res = await fetch(`${server.origin}${path}/sign`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': fakeIp(i) },
          body: signBody(csrf, i, `live${transactionMs}`),
        });
        await res.arrayBuffer();
        status = String(res.status);
      } catch {
        /* counted as "error" */
      }
      latencies.push(performance.now() - began);
      statuses[status] = (statuses[status] ?? 0) + 1;
    };
    for (let i = 0; i < 20; i++) await sign(); // warm up, not counted
    // Signing alone for ALONE_SECONDS at the same rate: what the machine gives without an import.
    latencies.length = 0;
    const warm: Promise<void>[] = [];
    const warmTimer = setInterval(() => warm.push(sign()), 1000 / RATE);
    await new Promise((r) => setTimeout(r, ALONE_SECONDS * 1000));
    clearInterval(warmTimer);
    await Promise.all(warm);
    const aloneSorted = [...latencies].sort((a, b) => a - b);
    const alone = {
      p50: Math.round(pct(aloneSorted, 0.5)),
      p95: Math.round(pct(aloneSorted, 0.95)),
      max: Math.round(aloneSorted.at(-1) ?? 0),
    };
    latencies.length = 0;
    for (const k of Object.keys(statuses)) delete statuses[k];

    const began = Date.now();
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=128', bin, 'monitor', 'import', file, '--format', 'zeeschuimer'],
      {
        env: {
          ...process.env,
          ...target.env,
          LOG_LEVEL: 'silent',
          MONITOR_IMPORT_TRANSACTION_MS: String(transactionMs),
        },
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number>((r) => child.on('exit', (c) => r(c ?? 1)));
    const inFlight: Promise<void>[] = [];
    const timer = setInterval(() => inFlight.push(sign()), 1000 / RATE);
    const code = await exited;
    clearInterval(timer);
    const importSeconds = (Date.now() - began) / 1000;
    await Promise.all(inFlight);
    if (code !== 0) throw new Error(`import failed:\n${out}`);
    const inserted = Number(/new\s+([\d,]+)/.exec(out)?.[1].replace(/,/g, '') ?? 0);
    latencies.sort((a, b) => a - b);
    return {
      transactionMs,
      alone,
      importSeconds,
      postsPerSecond: Math.round(inserted / importSeconds),
      signatures: latencies.length,
      failures: latencies.length - (statuses['303'] ?? 0),
      statuses,
      p50: Math.round(pct(latencies, 0.5)),
      p95: Math.round(pct(latencies, 0.95)),
      max: Math.round(latencies.at(-1) ?? 0),
    };
  } finally {
    await server.stop();
    await target.drop();
  }
}

const runs: Run[] = [];
for (const [i, ms] of MODES.entries()) {
  const r = await run(ms, 31000 + Math.floor(Math.random() * 10000) + i);
  runs.push(r);
  console.log(`MONITOR_IMPORT_TRANSACTION_MS=${ms}: done (${r.importSeconds.toFixed(1)} s)`);
}

console.log(
  `\n${N} posts imported by \`dauys monitor import\` into a live SQLite site taking ${RATE} signatures/s (\`dauys serve\`, busy timeout 5 s)`,
);
const label = (ms: number) => (ms ? `by time, ${ms} ms` : 'by posts (before)');
console.log(
  `${'transactions'.padEnd(20)} ${'posts/s'.padStart(8)} ${'import s'.padStart(9)} ${'signed'.padStart(7)} ${'failed'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'max ms'.padStart(7)}`,
);
const row = (name: string, r: Run | null, l: { p50: number; p95: number; max: number }) =>
  console.log(
    `${name.padEnd(20)} ${String(r?.postsPerSecond ?? '').padStart(8)} ${(r?.importSeconds.toFixed(1) ?? '').padStart(9)} ${String(r?.signatures ?? '').padStart(7)} ${String(r?.failures ?? '').padStart(7)} ${String(l.p50).padStart(7)} ${String(l.p95).padStart(7)} ${String(l.max).padStart(7)}`,
  );
for (const r of runs) {
  row('  (no import yet)', null, r.alone);
  row(label(r.transactionMs), r, r);
}
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores (other work shares them)`,
);
console.log(JSON.stringify({ bench: 'monitor-live', posts: N, signRate: RATE, runs }));
rmSync(dir, { recursive: true, force: true });
