// `npm run bench -- start`: how fast the command line answers and a restarted server serves again.
// Side by side in one run: the built JavaScript (dist/, what `npm start` and `dauys` run), the same
// sources through tsx, and the entry of an older commit (BENCH_BASELINE_REF, default 30edced: before
// the build) unpacked beside this checkout. Targets: `dauys --help` ≤ 300 ms; /healthz ≤ 1 s after
// start on an existing database. Each figure is the best and the median of several starts.
import { execSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(import.meta.dirname, '..');
const ref = process.env.BENCH_BASELINE_REF ?? '30edced';
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SECRET = 'bench-secret-bench-secret-bench-secret-01';

const before = mkdtempSync(join(tmpdir(), 'dauys-start-before-'));
execSync(`git archive ${JSON.stringify(ref)} | tar -x -C ${JSON.stringify(before)}`, { cwd: repo });
symlinkSync(realpathSync(join(repo, 'node_modules')), join(before, 'node_modules'));
execSync('node scripts/build.mjs', { cwd: repo, stdio: 'ignore' });

const variants: Array<{ name: string; bin: string; env: NodeJS.ProcessEnv }> = [
  { name: 'built (dist/)', bin: join(repo, 'bin', 'dauys.js'), env: {} },
  { name: 'sources (tsx)', bin: join(repo, 'bin', 'dauys.js'), env: { DAUYS_FROM_SOURCES: '1' } },
  { name: `before (${ref})`, bin: join(before, 'bin', 'dauys.js'), env: {} },
];

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { best: Math.round(s[0]), median: Math.round(s[s.length >> 1]) };
};
/** CPU time (user + system) a process has used so far, in ms. */
const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};

function help(v: (typeof variants)[number]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, [v.bin, '--help'], { env: { ...process.env, ...v.env }, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${v.name}: --help exited ${r.status}`);
  return performance.now() - t;
}

// A database per variant (the older code refuses migrations it does not know), migrated and seeded
// once by that variant: every start below opens an existing installation.
const envOf = variants.map((v) => {
  const env = { ...process.env, ...v.env, DAUYS_VAR_DIR: mkdtempSync(join(tmpdir(), 'dauys-start-var-')) };
  Object.assign(env, { DAUYS_SECRET: SECRET, LOG_LEVEL: 'silent' });
  execSync(`node ${JSON.stringify(v.bin)} seed --reference`, { env, stdio: 'ignore' });
  return env;
});

async function serve(
  v: (typeof variants)[number],
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<{ ms: number; cpu: number }> {
  const t = performance.now();
  const child = spawn(process.execPath, [v.bin, 'serve'], {
    env: { ...env, ...v.env, PORT: String(port) },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${v.name}: serve exited ${child.exitCode}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    return { ms: performance.now() - t, cpu: cpuMs(child.pid!) };
  } finally {
    const exited = child.exitCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

const summary: Record<string, unknown> = { ref, runs: RUNS };
console.log(`dauys --help, ${RUNS} runs each, alternating (ms)`);
const helpTimes = variants.map(() => [] as number[]);
for (let i = 0; i < RUNS; i++) variants.forEach((v, j) => helpTimes[j].push(help(v)));
variants.forEach((v, j) => {
  const s = stats(helpTimes[j]);
  summary[`help ${v.name}`] = s;
  console.log(`  ${v.name.padEnd(22)} best ${String(s.best).padStart(5)}  median ${String(s.median).padStart(5)}`);
});

console.log(`\nserve until /healthz answers, existing SQLite database, ${RUNS} runs each, alternating (ms)`);
const serveTimes = variants.map(() => [] as Array<{ ms: number; cpu: number }>);
for (let i = 0; i < RUNS; i++)
  for (const [j, v] of variants.entries()) serveTimes[j].push(await serve(v, envOf[j], 3950 + j));
variants.forEach((v, j) => {
  const s = stats(serveTimes[j].map((x) => x.ms));
  const c = stats(serveTimes[j].map((x) => x.cpu));
  summary[`serve ${v.name}`] = { ...s, cpu_median: c.median };
  console.log(
    `  ${v.name.padEnd(22)} best ${String(s.best).padStart(5)}  median ${String(s.median).padStart(5)}  CPU median ${c.median}`,
  );
});
console.log(JSON.stringify(summary));
