// `dauys ledger record|approve|pending`: the ledger's books from the terminal. Entries recorded here
// wait, like those typed on the staff pages, until a different person approves them; `--by` names
// the staff member acting (whoever runs the command can reach the server, so no second factor is asked).
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Staff } from '../core/accounts/index.ts';
import { AppError, ValidationError } from '../core/errors.ts';
import type { Config } from '../config.ts';
import type { I18n } from '../i18n/translator.ts';
import {
  CURRENCIES,
  formatMinor,
  parseMajorAmount,
  type LedgerBooksService,
  type RecordInput,
} from '../ledger/index.ts';
import { configOrExit } from './config-or-exit.ts';
import { fieldProblems } from './error-text.ts';
import { withServices, type CliHost } from './host.ts';

export type LedgerBooksCliServices = {
  ledgerBooks: LedgerBooksService;
  accounts: { listUsers(): Promise<Array<Staff & { disabled: boolean }>> };
  i18n: I18n;
};

const OPTION_OF: Record<string, string> = {
  amount: '--amount',
  currency: '--currency',
  channel: '--channel',
  date: '--date',
  campaign: '--campaign',
  purpose: '--purpose',
  donor_reference: '--donor-reference',
  donor_name: '--donor-name',
  category: '--category',
  payee_kind: '--payee-kind',
  description: '--description',
  receipts: '--receipt',
  event: '--event',
  account: '--account',
  authority: '--authority',
  document: '--document',
  corrects: '--corrects',
  reason: '--reason',
  kind: '--kind',
};

interface RecordOptions {
  kind: string;
  amount?: string;
  currency: string;
  date: string;
  campaign?: string;
  channel?: string;
  purpose?: string;
  donorReference?: string;
  donorName?: string;
  category?: string;
  payeeKind?: string;
  description?: string;
  receipt: string[];
  event?: string;
  account?: string;
  authority?: string;
  document?: string;
  corrects?: string;
  reason?: string;
  by: string;
}

const fileHash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const collect = (v: string, prev: string[]) => [...prev, v];

async function staffByEmail(s: LedgerBooksCliServices, email: string): Promise<Staff> {
  const user = (await s.accounts.listUsers()).find((u) => u.email.toLowerCase() === email.trim().toLowerCase());
  if (!user || user.disabled) throw new Error(`No active staff account has the e-mail ${email} (see dauys user list).`);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** Rethrows a refusal as the sentence a person at a terminal needs. */
function explain(s: LedgerBooksCliServices, err: unknown): never {
  if (err instanceof ValidationError) throw new Error(fieldProblems(s.i18n, err.fields, OPTION_OF));
  if (err instanceof AppError) throw new Error(s.i18n.t('en', err.messageKey, err.values));
  throw err;
}

export function ledgerBooksCommands(
  ledger: Command,
  host: CliHost<LedgerBooksCliServices>,
  opts: { config?: () => Config; write?: (text: string) => void } = {},
): void {
  const config = opts.config ?? configOrExit;
  const out = opts.write ?? ((text: string) => void process.stdout.write(text));
  ledger
    .command('record')
    .description('record a pending entry (money received or spent, a bank event, a correction)')
    .requiredOption('--kind <kind>', 'received | spent | bank_event | correction')
    .option('--amount <amount>', 'in major units, e.g. 12500 or 12500,50 (received, spent)')
    .option('--currency <code>', `one of ${Object.keys(CURRENCIES).join(', ')}`, 'KZT')
    .requiredOption('--date <date>', 'YYYY-MM-DD or DD.MM.YYYY, not in the future')
    .option('--campaign <slug>', 'the campaign the money is for or from')
    .option('--channel <channel>', 'received: bank | card | kaspi | cash', 'bank')
    .option('--purpose <text>', 'received: the public purpose (never the donor’s name)')
    .option('--donor-reference <text>', 'received: something only the donor knows (goes into her receipt only)')
    .option('--donor-name <name>', 'received: only when the donor asked to be named')
    .option(
      '--category <category>',
      'spent: legal_aid | shelter | psychological | medical | campaign | salaries | rent | bank_fees | other',
    )
    .option('--payee-kind <kind>', 'spent: person | organisation | state | bank | supplier')
    .option('--description <text>', 'spent: a short public description')
    .option('--receipt <file>', 'spent: a scanned receipt to hash (repeatable; the file is not kept)', collect, [])
    .option('--event <event>', 'bank_event: account_frozen | account_released')
    .option('--account <name>', 'bank_event: the account as named publicly')
    .option('--authority <text>', 'bank_event: who decided')
    .option('--document <file>', 'bank_event: the order or letter to hash (the file is not kept)')
    .option('--corrects <index>', 'correction: the index of the entry to reverse')
    .option('--reason <text>', 'correction: why')
    .requiredOption('--by <email>', 'the staff member recording it')
    .action(async (o: RecordOptions) =>
      withServices(host, config(), async (s) => {
        const actor = await staffByEmail(s, o.by);
        const currency = o.currency.toUpperCase();
        let amount: number | undefined;
        if (o.amount !== undefined) {
          const parsed = parseMajorAmount(o.amount, currency);
          if (typeof parsed !== 'number') explain(s, new ValidationError({ amount: parsed.error }));
          amount = parsed as number;
        }
        const date = /^\d{1,2}\.\d{1,2}\.\d{4}$/.test(o.date)
          ? o.date
              .split('.')
              .reverse()
              .map((p) => p.padStart(2, '0'))
              .join('-')
          : o.date;
        const input: RecordInput = {
          kind: o.kind,
          amount,
          currency,
          date,
          campaign: o.campaign ?? null,
          channel: o.channel,
          purpose: o.purpose ?? '',
          donorReference: o.donorReference ?? '',
          donorName: o.donorName ?? null,
          category: o.category,
          payeeKind: o.payeeKind,
          description: o.description ?? '',
          receipts: o.receipt.map(fileHash),
          event: o.event,
          account: o.account ?? '',
          authority: o.authority ?? '',
          documentSha256: o.document ? fileHash(o.document) : '',
          corrects: o.corrects === undefined ? undefined : /^\d+$/.test(o.corrects) ? Number(o.corrects) : -1,
          reason: o.reason ?? '',
        };
        const recorded = await s.ledgerBooks.record(input, actor, 'cli').catch((err) => explain(s, err));
        const r = recorded.record;
        const money =
          r.kind === 'received' || r.kind === 'spent' ? ` ${formatMinor(r.amount, r.currency)} ${r.currency}` : '';
        out(`Recorded pending entry ${recorded.id} (${r.kind}${money}).\n`);
        out(`A different person approves it: dauys ledger approve ${recorded.id} --by EMAIL\n`);
        if (recorded.receipt)
          out(
            `Donor's receipt code (give it to her now; it is not kept and cannot be shown again):\n${recorded.receipt}\n`,
          );
      }),
    );

  ledger
    .command('approve [id]')
    .description('approve a pending entry, or --all the entries someone else recorded, into the public log')
    .option('--all', 'every pending entry the approver did not record')
    .requiredOption('--by <email>', 'the approving staff member (a treasurer or an admin)')
    .action(async (id: string | undefined, o: { all?: boolean; by: string }) => {
      if (!id === !o.all) throw new Error('Give either an entry id or --all (not both).');
      await withServices(host, config(), async (s) => {
        const actor = await staffByEmail(s, o.by);
        if (id) {
          const index = await s.ledgerBooks.approve(id, actor).catch((err) => explain(s, err));
          out(`Approved ${id}: it is entry #${index} of the public log.\n`);
          return;
        }
        const { approved, skipped } = await s.ledgerBooks.approveAll(actor).catch((err) => explain(s, err));
        out(
          `Approved ${approved.length} ${approved.length === 1 ? 'entry' : 'entries'}${approved.length ? ` (#${approved.join(', #')})` : ''}.\n`,
        );
        for (const k of skipped) out(`Left pending ${k.id}: ${s.i18n.t('en', k.code)}\n`);
      });
    });

  ledger
    .command('pending')
    .description('list the entries waiting for approval')
    .action(async () =>
      withServices(host, config(), async (s) => {
        const list = await s.ledgerBooks.pending();
        if (!list.length) return void out('Nothing waits for approval.\n');
        for (const p of list) {
          const r = p.record;
          const money =
            r.kind === 'received' || r.kind === 'spent' ? ` ${formatMinor(r.amount, r.currency)} ${r.currency}` : '';
          out(`${p.id}  ${r.date}  ${r.kind}${money}\n`);
        }
      }),
    );
}
