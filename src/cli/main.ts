// `dauys <command>`: the same services as the web, driven from the terminal.
import { Command } from 'commander';
import { createI18n } from '../i18n/translator.ts';
import { errorText } from './error-text.ts';
import { jobsCommand } from './jobs.ts';
import { migrateCommand } from './migrate.ts';
import { monitorCommand } from './monitor.ts';
import { seedCommand } from './seed.ts';
import { serveCommand } from './serve.ts';
import { userCommand } from './user.ts';

const program = new Command()
  .name('dauys')
  .description('Dauys — connective action against gender-based violence (kk/ru/en)')
  .showHelpAfterError();

serveCommand(program);
migrateCommand(program);
seedCommand(program);
userCommand(program);
jobsCommand(program);
monitorCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`dauys: ${errorText(err, createI18n())}\n`);
  process.exit(1);
});
