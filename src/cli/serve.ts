import type { Command } from 'commander';
import { configOrExit } from './config-or-exit.ts';
import type { CliHost } from './host.ts';

export function serveCommand<S>(program: Command, host: CliHost<S>): void {
  program.command('serve').action(async () => {
    const config = configOrExit();
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
    process.stdout.write(`Dauys is serving ${config.baseUrl} (${config.dialect})\n`);
  });
}
