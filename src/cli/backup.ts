// `dauys backup --output FILE` and `dauys restore FILE`: one encrypted archive of the database and
// the uploads folder, restorable into an empty SQLite or PostgreSQL database (README "Backups").
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { type BackupService, checkPassphrase, readArchive, readManifest, restore } from '../backup/index.ts';
import type { Config } from '../config.ts';
import { createAuditService } from '../core/accounts/index.ts';
import { AppError } from '../core/errors.ts';
import { createDb } from '../db/database.ts';
import { configOrExit } from './config-or-exit.ts';
import { type CliHost, withServices } from './host.ts';

/** Asks on the terminal without echo; the prompt goes to standard error so standard output stays clean. */
function ask(question: string): Promise<string> {
  return new Promise((done) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question)) process.stderr.write(question);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      done(answer);
    });
  });
}

/** DAUYS_BACKUP_PASSPHRASE (or its file), else typed on a terminal (twice for a new backup). */
async function passphrase(config: Config, confirm: boolean): Promise<string> {
  if (config.backup.passphrase) return config.backup.passphrase;
  if (!process.stdin.isTTY) throw new AppError('BACKUP_NO_PASSPHRASE');
  const first = await ask('Backup passphrase: ');
  if (confirm) {
    checkPassphrase(first);
    if ((await ask('Repeat the passphrase: ')) !== first)
      throw new Error('The two passphrases differ: run the command again and type the same passphrase twice.');
  }
  return first;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function backupCommand(program: Command, host: CliHost<{ backups: BackupService }>): void {
  program
    .command('backup')
    .requiredOption('--output <file>', 'the archive to write (written under a temporary name, then renamed)')
    .action(async (opts: { output: string }) => {
      const config = configOrExit();
      const secret = checkPassphrase(await passphrase(config, true));
      const started = Date.now();
      const out = resolve(opts.output);
      const stats = await withServices(host, config, (s) => s.backups.backupTo(out, secret, 'cli'), {
        writerThread: false,
      });
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(
        `Backed up ${stats.tables} tables (${stats.rows} rows) and ${stats.files} uploaded files to ${out}: ` +
          `${mb(stats.bytes)} in ${seconds.toFixed(1)} s.\n`,
      );
    });
}

export function restoreCommand(program: Command, host: Pick<CliHost<unknown>, 'migrationFolders'>): void {
  program
    .command('restore')
    .argument('<file>', 'an archive written by dauys backup')
    .option('--secret-to <file>', "only write the backup's DAUYS_SECRET to this file (for a new server)")
    .action(async (file: string, opts: { secretTo?: string }) => {
      const config = configOrExit();
      const secret = await passphrase(config, false);
      const path = resolve(file);
      if (opts.secretTo) {
        const manifest = await readManifest(readArchive(path), secret);
        await writeFile(resolve(opts.secretTo), manifest.secret + '\n', { mode: 0o600, flag: 'wx' });
        process.stdout.write(`Wrote the backup's DAUYS_SECRET to ${resolve(opts.secretTo)}.\n`);
        return;
      }
      // Without DAUYS_SECRET in the environment, the secret is the var folder's file, made for this
      // empty installation a moment ago: the backup's replaces it once the restore has succeeded.
      const fromEnvironment = !!process.env.DAUYS_SECRET;
      let adopt: string | null = null;
      const db = createDb(config);
      try {
        const started = Date.now();
        const stats = await restore({
          input: readArchive(path),
          passphrase: secret,
          db,
          migrationFolders: await host.migrationFolders(),
          uploadsDir: config.uploadsDir,
          checkSecret(archived) {
            if (archived === config.secret) return;
            if (fromEnvironment) throw new AppError('BACKUP_OTHER_SECRET');
            adopt = archived;
          },
        });
        if (adopt) await writeFile(resolve(config.varDir, 'secret'), adopt + '\n', { mode: 0o600 });
        await createAuditService(db).record({ system: 'cli' }, 'backup.restore', null, { created: stats.createdAt });
        const seconds = (Date.now() - started) / 1000;
        process.stdout.write(
          `Restored ${stats.tables} tables (${stats.rows} rows) and ${stats.files} uploaded files from a backup ` +
            `made ${stats.createdAt}, in ${seconds.toFixed(1)} s.` +
            (stats.upgraded.length ? ` Then applied ${stats.upgraded.length} newer migrations.` : '') +
            (adopt ? ` The backup's DAUYS_SECRET is now in ${resolve(config.varDir, 'secret')}.` : '') +
            '\n',
        );
      } finally {
        await db.destroy();
      }
    });
}
