// Shared pieces of the ledger's pages: amounts in the reader's language and a record told in words.
import { inScript, type UiLocale } from '../../i18n/locales.ts';
import type { PageContext } from '../../ui/context.ts';
import { CURRENCIES, type LedgerRecord } from '../books.records.ts';

export const INTL: Record<UiLocale, string> = { kk: 'kk-KZ', 'kk-latn': 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };

/** Minor units → "12 500,50 ₸" as the reader's language writes it. */
export function money(minor: number, currency: string, locale: UiLocale): string {
  const digits = CURRENCIES[currency] ?? 2;
  try {
    return inScript(
      new Intl.NumberFormat(INTL[locale], {
        style: 'currency',
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      }).format(minor / 10 ** digits),
      locale,
    );
  } catch {
    return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;
  }
}

/** Major units, without the currency sign (chart axes). */
export const majorNumber = (minor: number, currency: string, locale: UiLocale): string =>
  new Intl.NumberFormat(INTL[locale], { maximumFractionDigits: 0 }).format(minor / 10 ** (CURRENCIES[currency] ?? 2));

/** One line saying what an entry is: "Received 5 000,00 ₸ by Kaspi for #changethelaw". */
export function describe(ctx: PageContext, r: LedgerRecord): string {
  const { t, locale } = ctx;
  switch (r.kind) {
    case 'received':
      return t('ledger.describe.received', {
        amount: money(r.amount, r.currency, locale),
        channel: t(`ledger.channel.${r.channel}`),
        purpose: r.campaign ?? r.purpose,
      });
    case 'spent':
      return t('ledger.describe.spent', {
        amount: money(r.amount, r.currency, locale),
        category: t(`ledger.category.${r.category}`),
        payee: t(`ledger.payee.${r.payee_kind}`),
      });
    case 'bank_event':
      return t(`ledger.describe.${r.event}`, { account: r.account, authority: r.authority });
    case 'correction':
      return t('ledger.describe.correction', { index: r.corrects });
    case 'petition_milestone':
      return t('ledger.describe.petition_milestone', { count: r.confirmed, campaign: r.campaign });
    case 'appeal_count':
      return t('ledger.describe.appeal_count', { count: r.letters, campaign: r.campaign });
    default:
      // A kind written by a later version: named as it is rather than hidden.
      return String((r as { kind: unknown }).kind);
  }
}

/** The free text an entry carries (purpose, description, authority, reason), if any. */
export const detailText = (r: LedgerRecord): string =>
  r.kind === 'received'
    ? [r.purpose, r.donor_name].filter(Boolean).join(' — ')
    : r.kind === 'spent'
      ? r.description
      : r.kind === 'bank_event'
        ? r.authority
        : r.kind === 'correction'
          ? r.reason
          : '';

export function EntryStatus({ ctx, reversedBy }: { ctx: PageContext; reversedBy: number | null }) {
  if (reversedBy === null) return null;
  return (
    <span class="ledger-reversed">
      {' '}
      (<a href={`/${ctx.locale}/ledger/entries/${reversedBy}`}>{ctx.t('ledger.reversed_by', { index: reversedBy })}</a>)
    </span>
  );
}
