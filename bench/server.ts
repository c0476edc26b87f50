// Starts `dauys serve` in its own process on a fresh embedded database, as a user would run it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchServer {
  origin: string;
  dir: string;
  /** The server process itself (`dauys serve` runs in the process it is started as). */
  pid: number;
  stop(): Promise<void>;
}

/** `root`: the checkout to run, this one by default (another, to measure an older commit side by side). */
export async function startServer(
  env: Record<string, string> = {},
  root = join(import.meta.dirname, '..'),
): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'dauys-bench-'));
  const port = String(30000 + Math.floor(Math.random() * 20000));
  const child: ChildProcess = spawn(process.execPath, [join(root, 'bin', 'dauys.js'), 'serve'], {
    env: {
      ...process.env,
      PORT: port,
      DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
      DAUYS_VAR_DIR: dir,
      LOG_LEVEL: 'warn',
      ...env,
    },
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  for (let i = 0; i < 300 && !out.includes('serving'); i++) await new Promise((r) => setTimeout(r, 100));
  if (!out.includes('serving')) throw new Error('server did not start');
  return {
    origin: `http://127.0.0.1:${port}`,
    dir,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
