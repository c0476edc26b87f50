// `dauys <command>`: the same services as the web, driven from the terminal. The command line's
// entry, and so the one file in src/ that imports the composition root: commands get a host.
import { Command } from 'commander';
import {
  ALL_MIGRATION_FOLDERS,
  closeServices,
  createApp,
  createServices,
  startBackground,
  type Services,
} from '../boot.ts';
import { createI18n } from '../i18n/translator.ts';
import { backupCommands } from './backup.ts';
import { coordinationCommand } from './coordination.ts';
import { errorText } from './error-text.ts';
import type { CliHost } from './host.ts';
import { jobsCommand } from './jobs.ts';
import { ledgerCommand } from './ledger.ts';
import { ledgerBooksCommands } from './ledger-books.ts';
import { migrateCommand } from './migrate.ts';
import { monitorCommand } from './monitor.ts';
import { seedCommand } from './seed.ts';
import { serveCommand } from './serve.ts';
import { userCommand } from './user.ts';

const program = new Command()
  .name('dauys')
  .description('Dauys — connective action against gender-based violence (kk/ru/en)')
  .showHelpAfterError();

const host: CliHost<Services> = {
  open: createServices,
  close: closeServices,
  app: (s) => createApp(s),
  startBackground,
  migrationFolders: ALL_MIGRATION_FOLDERS,
};

serveCommand(program, host);
migrateCommand(program, host);
seedCommand(program, host);
backupCommands(program, host);
userCommand(program, host);
jobsCommand(program, host);
monitorCommand(program, host);
coordinationCommand(program);
ledgerBooksCommands(ledgerCommand(program, host), host);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`dauys: ${errorText(err, createI18n())}\n`);
  process.exit(1);
});
