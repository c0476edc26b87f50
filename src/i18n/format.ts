// Dates and numbers in the reader's language, with the precision the data actually has.
// kk-latn: Intl knows Kazakh only in Cyrillic, so its Kazakh month names are transliterated.
import { inScript, type UiLocale } from './locales.ts';

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dtf(locale: UiLocale, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(opts);
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...opts })));
  return f;
}

export type DatePrecision = 'day' | 'month' | 'year';

/** Formats "2024", "2024-04" or "2024-04-15" at the precision it carries. */
export function formatPartialDate(value: string | null | undefined, locale: UiLocale): string {
  if (!value) return '';
  const [y, m, d] = value.split('-').map(Number);
  if (!y) return value;
  if (!m) return String(y);
  const date = new Date(Date.UTC(y, m - 1, d || 1));
  return inScript(
    d ? dtf(locale, { dateStyle: 'long' }).format(date) : dtf(locale, { year: 'numeric', month: 'long' }).format(date),
    locale,
  );
}

export function formatDateTime(iso: string, locale: UiLocale): string {
  return inScript(dtf(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)), locale) + ' UTC';
}

/** Any Intl date format's output in the reader's script. */
export const formatWith = (f: Intl.DateTimeFormat, date: Date, locale: UiLocale): string =>
  inScript(f.format(date), locale);

export function formatNumber(n: number, locale: UiLocale): string {
  let f = cache.get('n' + locale) as Intl.NumberFormat | undefined;
  if (!f) cache.set('n' + locale, (f = new Intl.NumberFormat(locale)));
  return f.format(n);
}
