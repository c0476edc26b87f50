// Where a monitor import's time goes, stage by stage, and what that allows on this machine. The
// importer's own functions run one after the other on one thread over the same synthetic file
// (default 200,000 posts): reading lines, parsing and mapping them, preparing posts (normalisation,
// hashtags, language), storing the posts alone in one database and posts with every rollup in
// another. Each stage's CPU time (this process's, garbage collection included) per post gives the
// ceilings: all stages spread perfectly over the machine's cores, and the one SQLite writer's own
// work. `dauys monitor import` of the same file is run in the same session for comparison.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { closeServices, createServices } from '../src/boot.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/schema.ts';
import { nowIso, shareSqliteBulk } from '../src/db/portable.ts';
import { MAX_PENDING, MAX_TRANSACTION_POSTS, zeeschuimerItem } from '../src/monitor/monitor.import.ts';
import { createCampaignMatcher, postRow, withIngest } from '../src/monitor/monitor.ingest.ts';
import { insertNewPosts } from '../src/monitor/posts.repository.ts';
import { tuneWriter } from '../src/monitor/writer.repository.ts';
import { preparePost, type PreparedPost } from '../src/monitor/post.ts';
import { lineBlocks, type LineBlock } from '../src/monitor/sources/read.ts';
import { freshDatabase, importWithCli } from './monitor-cli.ts';
import { writeSyntheticZeeschuimer } from './monitor-data.ts';

const N = Number(process.env.BENCH_POSTS ?? 200_000);
const BATCH = 250; // the importer's batch size
const TARGET = 30_000;
const dir = mkdtempSync(join(tmpdir(), 'dauys-bench-floors-'));
const file = join(dir, 'posts.ndjson');
await writeSyntheticZeeschuimer(file, N);

const STAGES = {
  read: 'read lines',
  parse: 'parse JSON and map the item',
  prepare: 'prepare: normalise, hashtags, language',
  posts: 'store the posts alone (SQLite)',
  ingest: 'store posts + sum rollups in memory',
  rollups: 'write the rollups (SQLite)',
} as const;
type Stage = keyof typeof STAGES;
const cpu: Record<Stage, number> = { read: 0, parse: 0, prepare: 0, posts: 0, ingest: 0, rollups: 0 };
const wall: Record<Stage, number> = { read: 0, parse: 0, prepare: 0, posts: 0, ingest: 0, rollups: 0 };
async function timed<T>(stage: Stage, run: () => T | Promise<T>): Promise<T> {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const out = await run();
  const c = process.cpuUsage(c0);
  cpu[stage] += c.user + c.system;
  wall[stage] += (performance.now() - w0) * 1000;
  return out;
}

// Two databases: the posts alone in one, posts with their rollups in the other, each through the
// main thread's own connection (no hand-off to the writer's thread) tuned as an import tunes it.
const open = async (name: string) => createServices(loadConfig(freshDatabase(dir, name)), { migrate: false });
const full = await open('full');
const bare = await open('posts');
const restore = [await tuneWriter(full.db), await tuneWriter(bare.db)];
const matcher = createCampaignMatcher(full.campaigns);
const now = Date.now();

const blocks = lineBlocks(file, 'utf-8')[Symbol.asyncIterator]();
let block: LineBlock | null = null;
let at = 0;
let first = 1;
let done = false;
async function nextLines(): Promise<Array<[number, string]>> {
  const lines: Array<[number, string]> = [];
  while (lines.length < BATCH) {
    if (!block || at >= block.count) {
      const next = await blocks.next();
      if (next.done) {
        done = true;
        break;
      }
      if (block) first += block.count;
      block = next.value;
      at = 0;
    }
    lines.push([first + at, block.line(at++)]);
  }
  return lines;
}

let stored = 0;
while (!done) {
  await withIngest(full.db, { source: 'zeeschuimer', matcher }, (add, _trx, rollups) =>
    bare.db.transaction().execute(async (t) => {
      const postsTrx = shareSqliteBulk(t, bare.db) as Kysely<Database>;
      for (let inTrx = 0; !done && inTrx < MAX_TRANSACTION_POSTS;) {
        const lines = await timed('read', nextLines);
        const items = await timed('parse', () => lines.map(([n, l]) => zeeschuimerItem(n, l)));
        const batch = await timed('prepare', () =>
          items.flatMap((it): PreparedPost[] => (it && 'post' in it ? [preparePost(it.post, now)] : [])),
        );
        const stamp = nowIso();
        await timed('posts', () =>
          insertNewPosts(
            postsTrx,
            batch.map((p) => postRow(p, [], 'zeeschuimer', stamp)),
          ),
        );
        await timed('ingest', () => add(batch).settle());
        if (rollups.size() >= MAX_PENDING) await timed('rollups', () => rollups.write());
        inTrx += batch.length;
        stored += batch.length;
      }
      await timed('rollups', () => rollups.write());
    }),
  );
}
for (const r of restore) await r();
await closeServices(full);
await closeServices(bare);

const perPost = (us: number) => us / stored;
const fmt = (x: number) => x.toFixed(1).padStart(8);
console.log(`${stored} posts, stage by stage on one thread (µs per post):`);
console.log(`${'stage'.padEnd(42)}      CPU     wall`);
for (const s of Object.keys(STAGES) as Stage[])
  console.log(`${STAGES[s].padEnd(42)} ${fmt(perPost(cpu[s]))} ${fmt(perPost(wall[s]))}`);
// An import does every stage but the posts-alone one, which only splits the store in two.
const pipeline = perPost(cpu.read + cpu.parse + cpu.prepare + cpu.ingest + cpu.rollups);
const writerWork = perPost(cpu.posts + cpu.rollups);
const cores = cpus().length;
const allCores = Math.round((cores * 1e6) / pipeline);
const oneWriter = Math.round(1e6 / writerWork);
console.log(`the whole pipeline: ${pipeline.toFixed(1)} µs of CPU per post`);
console.log(
  `ceiling with that work spread perfectly over ${cores} cores, nothing spent handing it over: ${allCores} posts/s`,
);
console.log(
  `ceiling of the one SQLite writer (posts alone + rollup writes, ${writerWork.toFixed(1)} µs): ${oneWriter} posts/s`,
);
console.log(
  `target: ${TARGET} posts/s, which leaves ${((cores * 1e6) / TARGET).toFixed(1)} µs of CPU per post on ${cores} cores`,
);

const cli = await importWithCli(file, freshDatabase(dir, 'cli'));
const actual = Math.round(cli.inserted / cli.seconds);
console.log(
  `dauys monitor import of the same file: ${actual} posts/s, peak RSS ${Math.round(cli.peakRss / 2 ** 20)} MB; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  JSON.stringify({
    bench: 'monitor-floors',
    posts: stored,
    cpuMicrosPerPost: Object.fromEntries(
      (Object.keys(STAGES) as Stage[]).map((s) => [s, Math.round(perPost(cpu[s]) * 10) / 10]),
    ),
    pipelineCpuMicros: Math.round(pipeline * 10) / 10,
    ceilingAllCores: allCores,
    ceilingOneWriter: oneWriter,
    importPostsPerSecond: actual,
    target: TARGET,
  }),
);
if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
