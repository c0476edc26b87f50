import type { Command } from 'commander';
import { createInterface } from 'node:readline';
import { type AccountsService, isRole, requiresTwoFactor, ROLES } from '../core/accounts/index.ts';
import type { I18n } from '../i18n/translator.ts';
import { type CliHost } from './host.ts';
import { ValidationError } from '../core/errors.ts';
import { configOrExit } from './config-or-exit.ts';
import { fieldProblems } from './error-text.ts';

/** Reads the password from stdin when piped, or asks for it without echo on a terminal. */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += chunk;
    return data.split(/\r?\n/)[0];
  }
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (s.startsWith(q)) process.stdout.write(q);
      };
      rl.question(q, (a) => {
        rl.close();
        process.stdout.write('\n');
        resolve(a);
      });
    });
  const first = await ask('Password: ');
  if ((await ask('Repeat password: ')) !== first)
    throw new Error('The two passwords differ: run the command again and type the same password twice.');
  return first;
}

export function userCommand(program: Command, host: CliHost<{ accounts: AccountsService; i18n: I18n }>): void {
  const user = program.command('user');
  user
    .command('create')
    .description('create a staff account (password from the prompt, or from stdin)')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <name>', 'display name', '')
    .action(async (opts: { email: string; role: string; name: string }) => {
      // Checked before the password is asked for: no one should type a password twice for a typo.
      if (!isRole(opts.role)) throw new Error(`--role must be one of ${ROLES.join(', ')} (not “${opts.role}”).`);
      const password = await readPassword();
      const services = await host.open(configOrExit(), { migrate: true });
      try {
        const staff = await services.accounts.createUser(
          { email: opts.email, role: opts.role, name: opts.name || opts.email.split('@')[0], password },
          { system: 'cli' },
        );
        process.stdout.write(
          `Created ${staff.role} ${staff.email}.${requiresTwoFactor(staff.role) ? ' Two-factor set-up is asked at first sign-in.' : ''}\n`,
        );
      } catch (err) {
        if (err instanceof ValidationError)
          throw new Error(
            fieldProblems(services.i18n, err.fields, { email: '--email', name: '--name', role: '--role' }),
          );
        throw err;
      } finally {
        await host.close(services);
      }
    });
  user
    .command('list')
    .description('list staff accounts')
    .action(async () => {
      const services = await host.open(configOrExit(), { migrate: true });
      try {
        for (const u of await services.accounts.listUsers()) {
          process.stdout.write(
            `${u.email}\t${u.role}\t2FA:${u.totpEnabled ? 'on' : 'off'}${u.disabled ? '\tdisabled' : ''}${u.lockedUntil ? `\tlocked until ${u.lockedUntil}` : ''}\n`,
          );
        }
      } finally {
        await host.close(services);
      }
    });
  user
    .command('unlock')
    .description('lift a sign-in lockout of new browsers (when no admin can sign in to do it)')
    .requiredOption('--email <email>', 'sign-in email')
    .action(async (opts: { email: string }) => {
      const services = await host.open(configOrExit(), { migrate: true });
      try {
        const email = opts.email.trim().toLowerCase();
        const u = (await services.accounts.listUsers()).find((x) => x.email === email);
        if (!u) throw new Error(`no staff account ${email}`);
        await services.accounts.unlock(u.id, { system: 'cli' });
        process.stdout.write(`Unlocked ${u.email}.\n`);
      } finally {
        await host.close(services);
      }
    });
}
