// `dauys directory import FILE`: the help directory's CSV import from the terminal, the same service as the
// admin page. Rejected lines are printed with their line numbers and reasons in --lang; `--by` names
// the admin acting (for the audit log). Exit status: 0 all lines imported, 2 some lines rejected,
// 1 nothing imported (a bad file, or --strict with rejected lines).
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { Staff } from '../core/accounts/index.ts';
import { ValidationError } from '../core/errors.ts';
import type { Config } from '../config.ts';
import { decodeHelpCsv, type HelpImportReject, type HelpService } from '../help/index.ts';
import { isLocale, type Locale } from '../i18n/locales.ts';
import type { I18n } from '../i18n/translator.ts';
import { configOrExit } from './config-or-exit.ts';
import { withServices, type CliHost } from './host.ts';

export type HelpCliServices = {
  help: HelpService;
  accounts: { listUsers(): Promise<Array<Staff & { disabled: boolean }>> };
  i18n: I18n;
};

const FIELDS = new Set(['name', 'kind', 'region', 'phone', 'website', 'serves', 'needs', 'languages', 'cost']);
FIELDS.add('verified_on').add('source').add('city').add('address').add('hours').add('description');

/** The terminal's language from LANG/LC_ALL (kk_KZ.UTF-8 → kk), English otherwise. */
const envLocale = (): Locale => {
  const l = (process.env.LC_ALL || process.env.LANG || '').slice(0, 2);
  return isLocale(l) ? l : 'en';
};

export function rejectLines(i18n: I18n, lang: Locale, rejects: HelpImportReject[]): string {
  return rejects
    .map((r) => {
      const reasons = Object.entries(r.fields).map(
        ([f, k]) => (FIELDS.has(f) ? `${i18n.t(lang, `help.field.${f}`)}: ` : '') + i18n.t(lang, k, r.values ?? {}),
      );
      return `${i18n.t(lang, 'help.import.line')} ${r.line}: ${reasons.join(' ')}\n`;
    })
    .join('');
}

export function directoryCommand(
  program: Command,
  host: CliHost<HelpCliServices>,
  opts: { config?: () => Config; write?: (text: string) => void; exit?: (code: number) => void } = {},
): void {
  const config = opts.config ?? configOrExit;
  const out = opts.write ?? ((text: string) => void process.stdout.write(text));
  const exit = opts.exit ?? ((code: number) => void (process.exitCode = code));
  program
    .command('directory')
    .command('import <file>')
    .description('import services from a CSV file (re-importing updates the same entries)')
    .requiredOption('--by <email>', 'the admin doing the import (recorded in the audit log)')
    .option('--source <text>', 'the source for lines without a "source" cell')
    .option('--dry-run', 'show what would be added, updated and rejected; write nothing')
    .option('--strict', 'import nothing if any line is rejected')
    .option('--lang <kk|ru|en>', 'language of the messages (default: from LANG)')
    .action(
      async (file: string, o: { by: string; source?: string; dryRun?: boolean; strict?: boolean; lang?: string }) => {
        const lang: Locale = isLocale(o.lang) ? o.lang : envLocale();
        const decoded = decodeHelpCsv(readFileSync(file));
        await withServices(host, config(), async (s) => {
          const t = (key: string, values?: Record<string, string | number>) => s.i18n.t(lang, key, values);
          if ('error' in decoded) throw new Error(t(decoded.error));
          const user = (await s.accounts.listUsers()).find((u) => u.email.toLowerCase() === o.by.trim().toLowerCase());
          if (!user || user.disabled)
            throw new Error(`No active staff account has the e-mail ${o.by} (see dauys user list).`);
          const actor: Staff = { id: user.id, email: user.email, name: user.name, role: user.role };
          for (const w of decoded.warnings) out(`${t(w)}\n`);
          try {
            const options = { source: o.source, strict: o.strict };
            const r = o.dryRun
              ? { ...(await s.help.previewImport(decoded.text, options, actor)), applied: false }
              : await s.help.importCsv(decoded.text, options, actor);
            const counts = { created: r.create.length, updated: r.update.length, unchanged: r.unchanged.length };
            if (o.dryRun)
              out(
                [
                  t('help.import.plan_title'),
                  t('help.import.to_create', { count: counts.created }),
                  t('help.import.to_update', { count: counts.updated }),
                  t('help.import.unchanged', { count: counts.unchanged }),
                ].join('\n') + '\n',
              );
            else if (r.applied) out(`${t('help.import.done', counts)}\n`);
            if (r.rejects.length)
              out(`${t('help.import.rejected', { count: r.rejects.length })}\n${rejectLines(s.i18n, lang, r.rejects)}`);
            if (!o.dryRun && !r.applied) {
              out(`${t('help.import.nothing')}\n`);
              exit(1);
            } else if (r.rejects.length) exit(2);
          } catch (err) {
            if (err instanceof ValidationError)
              throw new Error(
                Object.values(err.fields)
                  .map((k) => t(k))
                  .join(' '),
              );
            throw err;
          }
        });
      },
    );
}
