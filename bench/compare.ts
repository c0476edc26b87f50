// `npm run bench -- compare`: the pages and sign benchmarks of this checkout and of an older commit
// (BENCH_BASELINE_REF, default 6d04e7f: the code before the module contract), measured in one run on
// the same machine, alternating (this, before, this, before) so that neither gets the quieter minute.
// Each run is the benchmark's own script in its own checkout (`git archive` of the ref into a temp
// directory sharing this node_modules); the figures come from its closing JSON line.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkoutRef } from './baseline.ts';

const repo = join(import.meta.dirname, '..');
const ref = process.env.BENCH_BASELINE_REF ?? '6d04e7f';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

function run(root: string, bench: string): Record<string, any> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'run.ts'), bench], {
    cwd: root,
    env: { ...process.env, BENCH_SECONDS: process.env.BENCH_SECONDS ?? '5' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

/** The figures compared, by benchmark: label → value read from its summary (requests per second). */
const FIGURES: Record<string, Record<string, (s: any) => number>> = {
  pages: {
    'campaign page (cached)': (s) => s.campaign.rps,
    'campaign page (cache off)': (s) => s.campaign_uncached.rps,
    'home page': (s) => s.home.rps,
    'static file (ceiling)': (s) => s.baseline.rps,
  },
  sign: {
    'signatures accepted': (s) => s.submissions.rps,
    'petition page while signing': (s) => s.page.while_signing.rps,
    confirmations: (s) => s.confirmations.rps,
    'trivial route (ceiling)': (s) => s.trivial.rps,
  },
};

const before = checkoutRef(ref);
const best = (xs: number[]) => Math.max(...xs);
const summary: Record<string, Record<string, { now: number; before: number; ratio: number }>> = {};
try {
  for (const bench of Object.keys(FIGURES)) {
    const now: Record<string, any>[] = [];
    const old: Record<string, any>[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      now.push(run(repo, bench));
      old.push(run(before, bench));
    }
    console.log(`\n${bench}: requests per second, best of ${ROUNDS} alternating runs (this checkout vs ${ref})`);
    summary[bench] = {};
    for (const [label, read] of Object.entries(FIGURES[bench])) {
      const a = best(now.map(read));
      const b = best(old.map(read));
      const ratio = Math.round((a / b) * 100) / 100;
      summary[bench][label] = { now: a, before: b, ratio };
      console.log(`  ${label.padEnd(30)} ${String(a).padStart(7)}  before ${String(b).padStart(7)}  ratio ${ratio}`);
    }
  }
} finally {
  rmSync(before, { recursive: true, force: true });
}
console.log(JSON.stringify({ bench: 'compare', baseline: ref, rounds: ROUNDS, summary }));
