// `npm run bench -- coordination`: 1,000,000 messages in the QUT toolkit's CSV layout (about 30 %
// reposts, 40 % with links, kk/ru texts of 100–200 characters, viral bursts and planted rings) are
// written to a temporary file; a fresh process then loads the file and computes co-repost, co-link
// and co-similar with a 60 s window, and reports the time of each stage and its peak RSS. Targets:
// load + co-repost + co-link ≤ 25 s, co-similar ≤ 30 s, peak RSS ≤ 1 GB. Last, the planted-ring
// precision and recall of the defaults and of fixed minimum weights (the README's table), and the
// analysts' pages over the clusters found at that size (bench/coordination-pages.ts).
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { detectCoordination, readQutCsv } from '../src/coordination/index.ts';
import { evaluateRings, flaggedUsers, ringTable } from '../src/coordination/evaluate.ts';
import { messageSetFrom } from '../src/coordination/message-set.ts';
import { synthetic } from '../src/coordination/synthetic.ts';
import { csvCell } from '../src/coordination/writers.ts';

const TARGET = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const WINDOW = 60;

const large = () => synthetic({ seed: 11, users: Math.round(TARGET / 6.2), burstSize: 3000, days: 14 });

async function generate(file: string): Promise<number> {
  // About 6.2 messages per organic account on average (Pareto), plus bursts, junkies and rings.
  const s = large();
  const out = createWriteStream(file);
  let buf = 'message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n';
  let n = 0;
  for (const m of s.messages()) {
    if (n >= TARGET) break;
    n++;
    buf += `${m.id},${m.userId},${m.userId},${m.repostOf ?? ''},${m.replyTo ?? ''},${csvCell(m.text ?? '')},${Math.round(m.time as number)},${(m.urls ?? []).join(' ')}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return n;
}

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function measure(file: string) {
  const fig: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    fig[name] = Math.round((performance.now() - t) / 100) / 10;
    t = performance.now();
  };
  const { set, rejected } = await readQutCsv(file);
  lap('loadSeconds');
  const reposts = set.repost.reduce((n, r) => n + (r >= 0 ? 1 : 0), 0);
  let withLinks = 0;
  for (let i = 0; i < set.n; i++) if (set.links.start[i + 1] > set.links.start[i]) withLinks++;
  // The rings planted in the file, to check the clusters found at this size too.
  const rings = large().rings;
  const summary = (type: string, d: Awaited<ReturnType<typeof detectCoordination>>) => {
    let sig = 0;
    for (let i = 0; i < d.edges.count; i++) if (d.edges.significant[i] && d.edges.src[i] < d.edges.dst[i]) sig++;
    const ringType = ({ 'co-repost': 'repost', 'co-link': 'link', 'co-similar': 'paste' } as Record<string, string>)[
      type
    ];
    const truth = new Set(rings.filter((r) => r.type === ringType).flatMap((r) => r.users));
    const found = [...flaggedUsers(d)].map((u) => set.users.values[u]);
    const hit = found.filter((u) => truth.has(u)).length;
    console.log(
      `  ${type}: ${d.edges.count} edges of weight ≥ 2, ${d.edges.tests} pairs tested, ${sig} significant, ${d.clusters.length} clusters; planted ${ringType} rings: precision ${(hit / Math.max(1, found.length)).toFixed(2)}, recall ${(hit / truth.size).toFixed(2)}`,
    );
  };
  const rep = await detectCoordination(set, 'co-repost', { window: WINDOW, minWeight: 2 });
  lap('coRepostSeconds');
  summary('co-repost', rep);
  const link = await detectCoordination(set, 'co-link', { window: WINDOW, minWeight: 2 });
  lap('coLinkSeconds');
  summary('co-link', link);
  const rssBeforeSimilar = rssMb();
  const sim = await detectCoordination(set, 'co-similar', { window: WINDOW, minWeight: 2 });
  lap('coSimilarSeconds');
  summary('co-similar', sim);
  console.log(
    `  ${set.n} messages (${rejected} rejected), ${set.users.size} users, ${((100 * reposts) / set.n).toFixed(0)} % reposts, ${((100 * withLinks) / set.n).toFixed(0)} % with links`,
  );
  return { ...fig, messages: set.n, peakRssMbBeforeSimilar: rssBeforeSimilar, peakRssMb: rssMb() };
}

if (process.argv[2] === '--measure') {
  const fig = await measure(process.argv[3]);
  process.stdout.write('FIGURES ' + JSON.stringify(fig) + '\n');
} else {
  const file = join(tmpdir(), `dauys-coordination-${TARGET}.csv`);
  let t = performance.now();
  if (!existsSync(file)) {
    const n = await generate(file);
    console.log(
      `Generated ${n} messages, ${(statSync(file).size / 1e6).toFixed(0)} MB, in ${((performance.now() - t) / 1000).toFixed(1)} s: ${file}`,
    );
  } else console.log(`Reusing ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB)`);
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, ['--import', 'tsx', self, '--measure', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = child.stdout.split('\n');
  console.log(lines.filter((l) => !l.startsWith('FIGURES ')).join('\n'));
  const fig = JSON.parse(lines.find((l) => l.startsWith('FIGURES '))!.slice(8));
  const first = fig.loadSeconds + fig.coRepostSeconds + fig.coLinkSeconds;
  console.log(
    `load ${fig.loadSeconds} s, co-repost ${fig.coRepostSeconds} s, co-link ${fig.coLinkSeconds} s: ${first.toFixed(1)} s (target ≤ 25 s)`,
  );
  console.log(`co-similar ${fig.coSimilarSeconds} s (target ≤ 30 s)`);
  console.log(`peak RSS ${fig.peakRssMb} MB (${fig.peakRssMbBeforeSimilar} MB before co-similar; target ≤ 1024 MB)`);
  if (!process.env.BENCH_KEEP) rmSync(file, { force: true });

  t = performance.now();
  const s = synthetic({ seed: 7 });
  const set = messageSetFrom(s.messages());
  const rows = await evaluateRings(set, s.rings);
  console.log(
    `\nPlanted rings (${set.n} messages, ${set.users.size} users, window ${WINDOW} s), user-level precision / recall:`,
  );
  console.log(ringTable(rows));
  // The pages, in a process of their own (the messages above are no longer needed there).
  const pages = spawnSync(process.execPath, ['--import', 'tsx', join(dirname(self), 'coordination-pages.ts')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pageLines = pages.stdout.split('\n');
  console.log(pageLines.filter((l) => !l.startsWith('PAGES ')).join('\n'));
  const pageFigures = JSON.parse(pageLines.find((l) => l.startsWith('PAGES '))?.slice(6) ?? 'null');
  console.log(
    JSON.stringify({
      bench: 'coordination',
      ...fig,
      loadRepostLinkSeconds: Math.round(first * 10) / 10,
      pages: pageFigures,
      rings: Object.fromEntries(
        rows.map((r) => [r.type, { precision: r.defaults.precision, recall: r.defaults.recall }]),
      ),
    }),
  );
}
