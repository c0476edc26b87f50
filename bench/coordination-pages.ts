// The analysts' coordination pages at the benchmark's size: 1,000,000 synthetic messages (the same
// generator as bench/coordination.ts) analysed for co-repost and co-link, their clusters stored as
// a run would store them, then the run page and every cluster page requested through the app in
// kk/ru/en as a signed-in analyst. Prints p50/p95 per page kind. Run by bench/coordination.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeServices, createApp, createServices } from '../src/boot.ts';
import { loadConfig } from '../src/config.ts';
import { clusterRecords } from '../src/coordination/cluster-records.ts';
import * as repo from '../src/coordination/coordination.repository.ts';
import { detectCoordination, messageSetFrom } from '../src/coordination/index.ts';
import { synthetic } from '../src/coordination/synthetic.ts';
import { newId, nowIso } from '../src/db/portable.ts';
import { LOCALES } from '../src/i18n/locales.ts';
import { createStaff, signIn } from '../test/helpers/staff.ts';

const TARGET = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 150);

const s = synthetic({ seed: 11, users: Math.round(TARGET / 6.2), burstSize: 3000, days: 14 });
const items = [];
for (const m of s.messages()) {
  if (items.length >= TARGET) break;
  items.push(m);
}
const set = messageSetFrom(items);
items.length = 0;

const dir = mkdtempSync(join(tmpdir(), 'dauys-bench-coordination-pages-'));
const config = loadConfig({
  DATABASE_URL: `sqlite://${join(dir, 'bench.db')}`,
  DAUYS_VAR_DIR: dir,
  DAUYS_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  LOG_LEVEL: 'silent',
  JOBS_ENABLED: 'false',
});
const services = await createServices(config, { migrate: true });
const runs: Array<{ id: string; clusters: number; type: string }> = [];
for (const type of ['co-repost', 'co-link'] as const) {
  const d = await detectCoordination(set, type, { window: 60 });
  const records = clusterRecords(set, d, new Map());
  const id = newId();
  await repo.insertRun(services.db, {
    id,
    scope: 'a',
    filter: {},
    type,
    window: 60,
    startedBy: 'bench',
    createdAt: nowIso(),
  });
  await repo.finishRun(services.db, id, {
    status: 'done',
    counts: { messages: set.n, users: set.users.size, edges: d.edges.count, significant: 0 },
    clusters: records,
    now: nowIso(),
  });
  runs.push({ id, clusters: records.length, type });
}

const app = await createApp(services);
const times: number[] = [];
app.addHook('onResponse', async (_req, reply) => void times.push(reply.elapsedTime));
await app.ready();
const t = { app, services, config } as unknown as Parameters<typeof signIn>[0];
const { cookie } = await signIn(t, (await createStaff(services, 'analyst')).email);

async function measure(urls: string[]) {
  for (let i = 0; i < 20; i++) await app.inject({ url: urls[i % urls.length], headers: { cookie } });
  times.length = 0;
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const res = await app.inject({ url: urls[i % urls.length], headers: { cookie } });
    if (res.statusCode !== 200) throw new Error(`${urls[i % urls.length]}: ${res.statusCode}`);
    bytes = Math.max(bytes, res.body.length);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const q = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 10) / 10;
  return { p50: q(0.5), p95: q(0.95), kb: Math.round(bytes / 102.4) / 10 };
}

const runUrls = LOCALES.flatMap((l) => runs.map((r) => `/${l}/admin/coordination/runs/${r.id}`));
const clusterUrls = LOCALES.flatMap((l) =>
  runs.flatMap((r) =>
    Array.from(
      { length: Math.min(r.clusters, 30) },
      (_, i) => `/${l}/admin/coordination/runs/${r.id}/clusters/${i + 1}`,
    ),
  ),
);
const run = await measure(runUrls);
const cluster = await measure(clusterUrls);
const list = await measure(LOCALES.map((l) => `/${l}/admin/coordination`));
console.log(
  `\nPages over ${set.n} messages (${runs.map((r) => `${r.type}: ${r.clusters} clusters`).join(', ')}), ${RUNS} requests each:`,
);
console.log(`  analyses list   p50 ${list.p50} ms  p95 ${list.p95} ms  ≤ ${list.kb} KB`);
console.log(`  run page        p50 ${run.p50} ms  p95 ${run.p95} ms  ≤ ${run.kb} KB`);
console.log(`  cluster pages   p50 ${cluster.p50} ms  p95 ${cluster.p95} ms  ≤ ${cluster.kb} KB`);
process.stdout.write('PAGES ' + JSON.stringify({ list, run, cluster }) + '\n');
await app.close();
await closeServices(services);
rmSync(dir, { recursive: true, force: true });
