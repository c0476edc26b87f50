// What the command line's entry (main.ts, the one file in src/ that imports boot.ts) hands each
// command: a way to open and close the installation's services. Each command names the services it
// uses as its own narrow type, so no command imports the composition root.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

export interface OpenOptions {
  /** Run migrations first (commands always do; serving does on the embedded database). */
  migrate?: boolean;
  /** Load the reference dataset when the database has none. */
  seedIfEmpty?: boolean;
  /** False: write on this thread's connection (no event loop to keep free). */
  writerThread?: boolean;
}

export interface CliHost<S> {
  open(config: Config, opts: OpenOptions): Promise<S>;
  close(services: S): Promise<void>;
  /** The web application over these services (for `dauys serve`). */
  app(services: S): Promise<FastifyInstance>;
  /** Batched counters, mail and jobs of a serving process. */
  startBackground(services: S): Promise<void>;
  /** Every module's migrations folder (for `dauys migrate`). */
  migrationFolders(): Promise<URL[]>;
}

/** Opens the services with migrations, runs `use`, and always closes them. */
export async function withServices<S, T>(
  host: CliHost<S>,
  config: Config,
  use: (services: S) => Promise<T>,
  opts: OpenOptions = {},
): Promise<T> {
  const services = await host.open(config, { migrate: true, ...opts });
  try {
    return await use(services);
  } finally {
    await host.close(services);
  }
}
