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
import { errorText } from './error-text.ts';
import type { CliHost } from './host.ts';
import { jobsCommand } from './jobs.ts';
import { ledgerBooksCommands, type LedgerBooksCliServices } from './ledger-books.ts';
import { ledgerBooksModule } from '../ledger/books.module.ts';
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
userCommand(program, host);
jobsCommand(program, host);
monitorCommand(program, host);

// The ledger: its books (record, approve, pending) here; its log (verify, mirror) joins on merge.
const ledger = program.command('ledger').description('the public ledger: money in and out, approvals, and its log');
// Until the ledger's log module is in boot.ts, the books come in as an extra module; opening them
// then stops with the assembler's sentence that nothing provides "ledgerLog".
const booksHost: CliHost<Services & LedgerBooksCliServices> = {
  ...host,
  open: (config, opts) =>
    createServices(config, { ...opts, modules: [ledgerBooksModule] }) as Promise<Services & LedgerBooksCliServices>,
};
ledgerBooksCommands(ledger, booksHost);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`dauys: ${errorText(err, createI18n())}\n`);
  process.exit(1);
});
