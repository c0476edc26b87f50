// Dates and numbers in the reader's language, with the precision the data actually has.
import type { Locale } from './locales.ts';

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dtf(locale: Locale, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(opts);
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...opts })));
  return f;
}

export type DatePrecision = 'day' | 'month' | 'year';

/** Formats "2024", "2024-04" or "2024-04-15" at the precision it carries. */
export function formatPartialDate(value: string | null | undefined, locale: Locale): string {
  if (!value) return '';
  const [y, m, d] = value.split('-').map(Number);
  if (!y) return value;
  if (!m) return String(y);
  const date = new Date(Date.UTC(y, m - 1, d || 1));
  return d
    ? dtf(locale, { dateStyle: 'long' }).format(date)
    : dtf(locale, { year: 'numeric', month: 'long' }).format(date);
}

export function formatDateTime(iso: string, locale: Locale): string {
  return dtf(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) + ' UTC';
}

export function formatNumber(n: number, locale: Locale): string {
  let f = cache.get('n' + locale) as Intl.NumberFormat | undefined;
  if (!f) cache.set('n' + locale, (f = new Intl.NumberFormat(locale)));
  return f.format(n);
}
