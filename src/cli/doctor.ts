// `dauys doctor`: checks the installation and prints one line per check (ok, warn or fail) with a
// one-line fix, or JSON with --json. Exit status: 0 all good, 1 something needs attention, 78 a bad
// configuration. Reads only: migrations pending are reported, not applied (README "dauys doctor").
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import type { Config } from '../config.ts';
import type { CheckResult } from './doctor-checks.ts';
import type { DoctorServices } from './doctor-facts.ts';
import type { CliHost } from './host.ts';

export interface DoctorOptions {
  config?: () => Config;
  write?: (text: string) => void;
  exit?: (code: number) => void;
  env?: NodeJS.ProcessEnv;
}

const LABEL = { ok: 'ok  ', warn: 'warn', fail: 'fail' } as const;

export function formatChecks(results: CheckResult[]): string {
  return results.map((r) => `${LABEL[r.status]}  ${r.id}: ${r.detail}${r.fix ? ` — fix: ${r.fix}` : ''}\n`).join('');
}

function summary(results: CheckResult[]): string {
  const n = (status: string) => results.filter((r) => r.status === status).length;
  const [warns, fails] = [n('warn'), n('fail')];
  if (!warns && !fails) return `All ${results.length} checks passed.\n`;
  const part = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return `Needs attention: ${part(fails, 'failure')}, ${part(warns, 'warning')} (of ${results.length} checks).\n`;
}

export function doctorCommand(program: Command, host: CliHost<DoctorServices>, opts: DoctorOptions = {}): void {
  const out = opts.write ?? ((text: string) => void process.stdout.write(text));
  const exit = opts.exit ?? ((code: number) => void (process.exitCode = code));
  program
    .command('doctor')
    .option('--json', 'print the results as JSON (for monitoring)')
    .action(async (o: { json?: boolean }) => {
      const [{ configOrExit }, { createDb }, { pendingMigrations }, facts, { checkMigrations, worst }] =
        await Promise.all([
          import('./config-or-exit.ts'),
          import('../db/database.ts'),
          import('../db/migrate.ts'),
          import('./doctor-facts.ts'),
          import('./doctor-checks.ts'),
        ]);
      const config = (opts.config ?? configOrExit)();
      const uid = typeof process.getuid === 'function' ? process.getuid() : null;
      // A SQLite file that is not there is not made here: the doctor only reads.
      const missing = !!config.sqlitePath && config.sqlitePath !== ':memory:' && !existsSync(config.sqlitePath);
      let pending: string[] = [];
      if (!missing) {
        const db = createDb(config);
        try {
          pending = await pendingMigrations(db, await host.migrationFolders());
        } finally {
          await db.destroy();
        }
      }
      const results: CheckResult[] = [
        missing
          ? {
              id: 'migrations',
              status: 'fail',
              detail: `there is no database at ${config.sqlitePath}`,
              fix: "Run `dauys migrate` (or `dauys serve`), or set DATABASE_URL to the installation's database",
            }
          : checkMigrations(pending),
        ...(await facts.offlineChecks(config, opts.env ?? process.env, uid)),
      ];
      if (missing || pending.length)
        results.push({
          id: 'services',
          status: 'warn',
          detail: 'mail, backups and testimony keys were not checked: the database is not up to date',
          fix: 'Run `dauys migrate`, then `dauys doctor` again',
        });
      else {
        const services = await host.open(config, { migrate: false, writerThread: false });
        try {
          results.push(...(await facts.serviceChecks(services)));
        } finally {
          await host.close(services);
        }
      }
      const status = worst(results);
      out(
        o.json ? JSON.stringify({ status, checks: results }, null, 2) + '\n' : formatChecks(results) + summary(results),
      );
      exit(status === 'ok' ? 0 : 1);
    });
}
