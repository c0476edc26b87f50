import type { Command } from 'commander';
import { closeServices, createServices } from '../boot.ts';
import { configOrExit } from './config-or-exit.ts';

export function seedCommand(program: Command): void {
  program
    .command('seed')
    .description('load data into the database')
    .requiredOption('--reference', 'the reference dataset from data/reference/ (idempotent)')
    .action(async () => {
      const services = await createServices(configOrExit(), { migrate: true });
      try {
        const summary = await services.reference.load();
        for (const [part, c] of Object.entries(summary))
          process.stdout.write(`${part}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged\n`);
      } finally {
        await closeServices(services);
      }
    });
}
