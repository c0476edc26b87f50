import cluster from 'node:cluster';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { configOrExit } from './config-or-exit.ts';
import type { CliHost } from './host.ts';

/** Why one embedded database means one process (printed when --workers asks for more). */
export const SQLITE_ONE_PROCESS =
  '--workers above 1 needs PostgreSQL (DATABASE_URL=postgres://…). The embedded SQLite database takes ' +
  'one writer at a time, and this process already writes through a thread of its own: more processes ' +
  'would only queue for the same file lock. Run one process, or move to PostgreSQL.';

export function serveCommand<S>(program: Command, host: CliHost<S>): void {
  program
    .command('serve')
    .option('-w, --workers <n>', 'web processes sharing the port (PostgreSQL only)', '1')
    .action(async (opts: { workers: string }) => {
      const config = configOrExit();
      const workers = Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
        process.stderr.write('--workers must be a whole number from 1 to 64\n');
        process.exit(64); // EX_USAGE
      }
      if (workers > 1 && config.dialect === 'sqlite') {
        process.stderr.write(SQLITE_ONE_PROCESS + '\n');
        process.exit(64);
      }
      if (workers > 1 && cluster.isPrimary) return primary(config, workers);
      await serveHere(config, host, cluster.isWorker);
    });
}

/** One web process: the services, the app on the port (shared with its siblings under cluster) and background work. */
async function serveHere<S>(config: Config, host: CliHost<S>, isWorker: boolean): Promise<void> {
  const services = await host.open(config, { seedIfEmpty: config.dialect === 'sqlite' });
  const app = await host.app(services);
  await host.startBackground(services);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: closing`);
    await app.close();
    await host.close(services);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  if (!isWorker) process.stdout.write(`Dauys is serving ${config.baseUrl} (${config.dialect})\n`);
}

/**
 * The primary of `--workers N`: forks N copies of this command that share the port (node:cluster
 * hands connections round-robin), replaces one that dies, and stops them all on SIGINT/SIGTERM.
 */
function primary(config: Config, n: number): void {
  let listening = 0;
  let stopping = false;
  const started: number[] = [];
  const fork = () => {
    const w = cluster.fork();
    w.once('listening', () => {
      if (++listening === n)
        process.stdout.write(`Dauys is serving ${config.baseUrl} (${config.dialect}, ${n} workers)\n`);
    });
  };
  cluster.on('exit', (w, code, signal) => {
    if (stopping) {
      if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
      return;
    }
    process.stderr.write(`worker ${w.process.pid} stopped (${signal ?? code}); starting another\n`);
    // A worker that cannot start at all (bad database, port taken) must not be restarted forever.
    const now = Date.now();
    started.push(now);
    while (started.length && started[0] < now - 60_000) started.shift();
    if (started.length > n * 3) {
      process.stderr.write('workers keep stopping; giving up\n');
      process.exit(1);
    }
    fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    if (!Object.keys(cluster.workers ?? {}).length) process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  for (let i = 0; i < n; i++) fork();
}
