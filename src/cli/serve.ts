import type { Command } from 'commander';
import { closeServices, createApp, createServices, startBackground } from '../boot.ts';
import { configOrExit } from './config-or-exit.ts';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the site (migrates and seeds an empty embedded database first)')
    .action(async () => {
      const config = configOrExit();
      const services = await createServices(config, { seedIfEmpty: config.dialect === 'sqlite' });
      const app = await createApp(services);
      startBackground(services);
      let closing = false;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        app.log.info(`${signal}: closing`);
        await app.close();
        await closeServices(services);
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      await app.listen({ port: config.port, host: config.host });
      process.stdout.write(`Dauys is serving ${config.baseUrl} (${config.dialect})\n`);
    });
}
