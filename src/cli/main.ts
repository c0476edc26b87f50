// `dauys <command>`: the same services as the web, driven from the terminal. The command line's
// entry, and so the one file in src/ that imports the composition root: commands get a host.
// Only the command being run is loaded (and the composition root only once it opens services), so
// `dauys --help` answers at once; the list below is what the top-level help shows.
import { Command } from 'commander';
import type { Services } from '../boot.ts';
import type { CliHost } from './host.ts';

type Register = (program: Command, host: CliHost<Services>) => void;

const COMMANDS: Array<{ usage: string; summary: string; load: () => Promise<Register> }> = [
  {
    usage: 'serve',
    summary: 'serve the site (migrates and seeds an empty embedded database first)',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  {
    usage: 'backup',
    summary: 'write one encrypted archive of the database and the uploads folder',
    load: async () => (await import('./backup.ts')).backupCommand,
  },
  {
    usage: 'restore',
    summary: 'restore an archive into an empty database (SQLite or PostgreSQL) and an empty uploads folder',
    load: async () => (await import('./backup.ts')).restoreCommand,
  },
  {
    usage: 'migrate',
    summary: 'apply pending database migrations',
    load: async () => (await import('./migrate.ts')).migrateCommand,
  },
  {
    usage: 'doctor',
    summary:
      'check the installation (secret, permissions, mail, backups, disk, migrations, proxy, keys); exit 1 if anything needs attention',
    load: async () => (await import('./doctor.ts')).doctorCommand,
  },
  {
    usage: 'seed',
    summary: 'load data into the database',
    load: async () => (await import('./seed.ts')).seedCommand,
  },
  { usage: 'user', summary: 'staff accounts', load: async () => (await import('./user.ts')).userCommand },
  {
    usage: 'jobs',
    summary: 'show the job queue: counts by job and status, schedules, recent failures',
    load: async () => (await import('./jobs.ts')).jobsCommand,
  },
  {
    usage: 'monitor',
    summary: 'social monitor: import, fetch, export and measure posts',
    load: async () => (await import('./monitor.ts')).monitorCommand,
  },
  {
    usage: 'directory',
    summary: 'the help directory (support services): import them from a CSV file',
    load: async () => (await import('./directory.ts')).directoryCommand,
  },
  {
    usage: 'coordination <file>',
    summary:
      'coordinated accounts in a CSV (QUT layout: message_id,user_id,username,repost_id,reply_id,message,timestamp,urls)',
    load: async () => (await import('./coordination.ts')).coordinationCommand,
  },
  {
    usage: 'ledger',
    summary: 'the public ledger: money in and out, approvals, and its verifiable log',
    load: async () => {
      const [{ ledgerCommand }, { ledgerBooksCommands }] = await Promise.all([
        import('./ledger.ts'),
        import('./ledger-books.ts'),
      ]);
      return (program, host) => ledgerBooksCommands(ledgerCommand(program, host), host);
    },
  },
];

const program = new Command()
  .name('dauys')
  .description('Dauys — connective action against gender-based violence (kk/ru/en)')
  .showHelpAfterError();

// The composition root loads only when a command opens services.
const boot = () => import('../boot.ts');
const host: CliHost<Services> = {
  open: async (config, opts) => (await boot()).createServices(config, opts),
  close: async (s) => (await boot()).closeServices(s),
  app: async (s) => (await boot()).createApp(s),
  startBackground: async (s) => (await boot()).startBackground(s),
  migrationFolders: async () => (await boot()).ALL_MIGRATION_FOLDERS,
};

/** The command named on the command line (`dauys help monitor` names monitor too). */
function named(argv: string[]) {
  const words = argv.filter((a) => !a.startsWith('-'));
  const word = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => c.usage.split(' ')[0] === word);
}

async function main(): Promise<void> {
  const chosen = named(process.argv.slice(2));
  for (const c of COMMANDS) {
    if (c === chosen) (await c.load())(program, host);
    else program.command(c.usage); // listed in the help, never run: its module is not loaded
    program.commands.at(-1)!.description(c.summary);
  }
  await program.parseAsync(process.argv);
}

main().catch(async (err: unknown) => {
  const [{ errorText }, { createI18n }] = await Promise.all([
    import('./error-text.ts'),
    import('../i18n/translator.ts'),
  ]);
  process.stderr.write(`dauys: ${errorText(err, createI18n())}\n`);
  process.exit(1);
});
