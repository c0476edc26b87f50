// Shared by the monitor benchmarks: a fresh SQLite database made as an operator makes one
// (`dauys migrate`, `dauys seed --reference`), and `dauys monitor import` run in its own process,
// with its peak RSS sampled from /proc.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const bin = join(import.meta.dirname, '..', 'bin', 'dauys.js');

/** The environment of the empty database at `databaseUrl`, once `cli` has migrated and seeded it. */
export function seededDatabase(databaseUrl: string, dir: string, cli = bin): NodeJS.ProcessEnv {
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DAUYS_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    DAUYS_VAR_DIR: dir,
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
  };
  for (const args of [['migrate'], ['seed', '--reference']])
    if (spawnSync(process.execPath, [cli, ...args], { env }).status !== 0) throw new Error(`dauys ${args[0]} failed`);
  return env;
}

/** The environment of a fresh, migrated and seeded database `name`.db in `dir`. */
export const freshDatabase = (dir: string, name: string): NodeJS.ProcessEnv =>
  seededDatabase(`sqlite:${join(dir, `${name}.db`)}`, dir);

export interface CliImport {
  seconds: number;
  inserted: number;
  peakRss: number;
  /** The command's summary. */
  out: string;
}

/** `dauys monitor import FILE --format zeeschuimer` with the heap bound the command sets itself. */
export async function importWithCli(
  file: string,
  env: NodeJS.ProcessEnv,
  onStderr?: (s: string) => void,
  cli = bin,
): Promise<CliImport> {
  const t = Date.now();
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=128', cli, 'monitor', 'import', file, '--format', 'zeeschuimer'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => onStderr?.(String(d).replace(/\r/g, '\n')));
  let peakRss = 0;
  const sampler = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakRss = Math.max(peakRss, Number(m[1]) * 1024);
    } catch {
      /* the process has just exited */
    }
  }, 100);
  const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? 1)));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`import failed:\n${out}`);
  return {
    seconds: (Date.now() - t) / 1000,
    inserted: Number(/new\s+([\d,]+)/.exec(out)?.[1].replace(/,/g, '') ?? 0),
    peakRss,
    out,
  };
}
