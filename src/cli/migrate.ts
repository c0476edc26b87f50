import type { Command } from 'commander';
import { createDb } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { configOrExit } from './config-or-exit.ts';
import type { CliHost } from './host.ts';

export function migrateCommand(program: Command, host: Pick<CliHost<unknown>, 'migrationFolders'>): void {
  program.command('migrate').action(async () => {
    const config = configOrExit();
    const db = createDb(config);
    try {
      const applied = await migrateToLatest(db, await host.migrationFolders());
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
    } finally {
      await db.destroy();
    }
  });
}
