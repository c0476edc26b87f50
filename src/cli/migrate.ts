import type { Command } from 'commander';
import { createDb } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { ALL_MIGRATION_FOLDERS } from '../boot.ts';
import { configOrExit } from './config-or-exit.ts';

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const config = configOrExit();
      const db = createDb(config);
      try {
        const applied = await migrateToLatest(db, ALL_MIGRATION_FOLDERS);
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
      } finally {
        await db.destroy();
      }
    });
}
