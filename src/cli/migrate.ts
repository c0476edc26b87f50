import type { Command } from 'commander';
import type { CliHost } from './host.ts';

export function migrateCommand(program: Command, host: Pick<CliHost<unknown>, 'migrationFolders'>): void {
  program
    .command('migrate')
    .option('--dry-run', 'list the migrations that would run, and change nothing')
    .action(async (opts: { dryRun?: boolean }) => {
      const [{ configOrExit }, { createDb }, { migrateToLatest, pendingMigrations }] = await Promise.all([
        import('./config-or-exit.ts'),
        import('../db/database.ts'),
        import('../db/migrate.ts'),
      ]);
      const config = configOrExit();
      const db = createDb(config);
      try {
        const folders = await host.migrationFolders();
        if (opts.dryRun) {
          const pending = await pendingMigrations(db, folders);
          process.stdout.write(
            pending.length
              ? `Would apply ${pending.length}: ${pending.join(', ')}\n`
              : 'Database is up to date: nothing would change.\n',
          );
          return;
        }
        const applied = await migrateToLatest(db, folders);
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date.\n');
      } finally {
        await db.destroy();
      }
    });
}
