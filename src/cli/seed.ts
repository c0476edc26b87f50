import type { Command } from 'commander';
import type { ReferenceService } from '../core/reference/index.ts';
import { configOrExit } from './config-or-exit.ts';
import { withServices, type CliHost } from './host.ts';

export function seedCommand(program: Command, host: CliHost<{ reference: ReferenceService }>): void {
  program
    .command('seed')
    .requiredOption('--reference', 'the reference dataset from data/reference/ (idempotent)')
    .action(async () => {
      const summary = await withServices(host, configOrExit(), (s) => s.reference.load());
      for (const [part, c] of Object.entries(summary))
        process.stdout.write(`${part}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged\n`);
    });
}
