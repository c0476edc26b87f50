// Shared by the sign benchmark and the SIGKILL reliability script: a fresh database (SQLite, or a
// new PostgreSQL database when DAUYS_BENCH_DATABASE_URL is set), `dauys serve` as a child process
// behind a trusted proxy (so each request can carry its own client address), and an open petition.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeServices, createServices } from '../src/boot.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { freshDatabase } from '../test/helpers/db-url.ts';
import { openPetition } from '../test/helpers/petitions.ts';

export const SECRET = 'bench-secret-bench-secret-bench-secret-0123';

export interface Target {
  dialect: 'sqlite' | 'postgres';
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function freshTarget(): Promise<Target> {
  const database = await freshDatabase(process.env.DAUYS_BENCH_DATABASE_URL);
  const dir = mkdtempSync(join(tmpdir(), 'dauys-sign-'));
  return {
    dialect: database.dialect,
    env: {
      DATABASE_URL: database.url,
      DAUYS_SECRET: SECRET,
      DAUYS_VAR_DIR: dir,
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
    },
    drop: database.drop,
  };
}

export const configFor = (target: Target, extra: Record<string, string> = {}): Config =>
  loadConfig({ ...target.env, JOBS_ENABLED: 'false', ...extra });

/** Migrates, and opens a petition as staff would; returns its id. */
export async function preparePetition(target: Target): Promise<string> {
  const services = await createServices(configFor(target), { migrate: true });
  try {
    return (await openPetition(services, { slug: 'load-test', goal: 1_000_000 })).petitionId;
  } finally {
    await closeServices(services);
  }
}

export interface Server {
  origin: string;
  child: ChildProcess;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export async function serve(
  target: Target,
  port: number,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<Server> {
  const child = spawn(process.execPath, [...nodeArgs, join(import.meta.dirname, '..', 'bin', 'dauys.js'), 'serve'], {
    env: { ...process.env, ...target.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  for (let i = 0; i < 900 && !out.includes('serving') && child.exitCode === null; i++)
    await new Promise((r) => setTimeout(r, 100));
  if (!out.includes('serving')) throw new Error('server did not start');
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    origin: `http://127.0.0.1:${port}`,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A client address per request, consecutive numbers in different /24 networks (as real signers are). */
export function fakeIp(n: number): string {
  return `10.${n & 255}.${(n >> 8) & 255}.${((n >> 16) & 255) + 1}`;
}

export function signBody(csrf: string, n: number, tag: string): string {
  const regions = ['KZ-71', 'KZ-75', 'KZ-79', 'KZ-35', 'KZ-63', 'abroad'];
  return new URLSearchParams({
    _csrf: csrf,
    name: `Signer ${tag} ${n}`,
    email: `s${n}.${tag}@example.org`,
    region: regions[n % regions.length],
    show_name: n % 3 ? '' : 'on',
  }).toString();
}

export async function csrfOf(origin: string, path: string): Promise<string> {
  const html = await (await fetch(origin + path)).text();
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error(`no form on ${path}`);
  return m[1];
}
