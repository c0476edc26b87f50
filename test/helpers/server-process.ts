// Runs `dauys serve` in its own process on a fresh embedded database, capturing everything it
// logs, so tests can look at the database files, the uploads folder and the logs afterwards.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'dauys.js');

export interface ServerProcess {
  origin: string;
  dir: string;
  env: Record<string, string>;
  logs(): string;
  /** Runs a `dauys` command against the same database. */
  cli(args: string[], input?: string): string;
  stop(): Promise<void>;
}

export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'dauys-e2e-'));
  const port = String(20000 + Math.floor(Math.random() * 30000));
  const origin = `http://127.0.0.1:${port}`;
  const fullEnv = {
    PORT: port,
    DATABASE_URL: `sqlite:${join(dir, 'dauys.db')}`,
    DAUYS_VAR_DIR: dir,
    LOG_LEVEL: 'trace',
    JOBS_ENABLED: 'false',
    PAGE_CACHE_SECONDS: '0',
    ...env,
  };
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, ...fullEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  for (let i = 0; i < 600 && !out.includes('serving'); i++) await new Promise((r) => setTimeout(r, 100));
  if (!out.includes('serving')) {
    child.kill('SIGKILL');
    throw new Error('server did not start: ' + out.slice(-2000));
  }
  return {
    origin,
    dir,
    env: fullEnv,
    logs: () => out,
    cli(args, input) {
      const r = spawnSync(process.execPath, [BIN, ...args], {
        env: { ...process.env, ...fullEnv },
        input,
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`dauys ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Every file under a folder (database, its -wal and -shm files, uploads …) with its bytes. */
export function filesUnder(dir: string): Array<{ path: string; bytes: Buffer }> {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [{ path: full, bytes: readFileSync(full) }];
  });
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: string;
  body: Buffer;
}

/**
 * A recording proxy on loopback: the browser talks to it, it forwards to the server and keeps every
 * request's method, address, headers and raw body bytes exactly as they went over the wire.
 */
export async function recordingProxy(
  target: string,
): Promise<{ origin: string; requests: RecordedRequest[]; close(): Promise<void> }> {
  const { createServer, request } = await import('node:http');
  const requests: RecordedRequest[] = [];
  const t = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: JSON.stringify(req.headers), body });
      const up = request(
        { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  return {
    origin: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
