// Reading the officials directory from CSV as people really make it: Excel's BOM and semicolons,
// headers in any case or order, blank lines, stray spaces. Each bad row is reported by its line
// number; good rows are returned for an upsert keyed by "key" (or the email).
import { parse } from 'csv-parse/sync';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import { BODIES, type Body, type RecipientInput } from './appeal.ts';

export interface CsvResult {
  rows: Array<{ line: number; input: RecipientInput }>;
  errors: Array<{ line: number; field: string; key: string }>;
}

const HEADER_ALIASES: Record<string, string> = {
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  address: 'postal_address',
  postal: 'postal_address',
  langs: 'languages',
  id: 'key',
};
const EMAIL_RE = /^[^\s@<>()[\],;:"\\]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function parseRecipientsCsv(text: string, isRegion: (code: string) => boolean): CsvResult {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: Record<string, string>[];
  try {
    records = parse(source, {
      delimiter,
      columns: (header: string[]) =>
        header.map((h) => {
          const k = h.trim().toLowerCase().replace(/\s+/g, '_');
          return HEADER_ALIASES[k] ?? k;
        }),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      relax_quotes: true,
      max_record_size: 20_000,
      info: false,
    }) as Record<string, string>[];
  } catch (err) {
    const line = Number((err as { lines?: number }).lines ?? 1);
    return { rows: [], errors: [{ line, field: 'csv', key: 'appeal.import.error.csv' }] };
  }
  const out: CsvResult = { rows: [], errors: [] };
  records.slice(0, 5000).forEach((r, i) => {
    const line = i + 2; // the header is line 1
    const err = (field: string, key: string) => out.errors.push({ line, field, key });
    const v = (k: string) => (r[k] ?? '').trim();
    for (const [k, value] of Object.entries(r))
      if (CONTROL.test(value ?? '')) return err(k, 'form.error.control_chars');
    const name = { kk: v('name_kk'), ru: v('name_ru'), en: v('name_en') };
    if (!name.kk && !name.ru && !name.en) return err('name', 'appeal.import.error.name');
    if (Object.values(name).some((n) => n.length > 200)) return err('name', 'form.error.too_long');
    const body = v('body').toLowerCase() as Body;
    if (!BODIES.includes(body)) return err('body', 'appeal.import.error.body');
    const kind = (v('kind').toLowerCase() || 'person') as 'person' | 'body';
    if (kind !== 'person' && kind !== 'body') return err('kind', 'form.error.choice');
    const region = v('region').toUpperCase() || null;
    if (region && !isRegion(region)) return err('region', 'appeal.import.error.region');
    const email = v('email') || null;
    if (email && (email.length > 254 || !EMAIL_RE.test(email))) return err('email', 'form.error.email');
    const languages = (v('languages') || 'kk,ru')
      .toLowerCase()
      .split(/[\s,;/|]+/)
      .filter(Boolean);
    if (!languages.length || !languages.every(isLocale)) return err('languages', 'appeal.import.error.languages');
    const termStart = v('term_start') || null;
    const termEnd = v('term_end') || null;
    if ((termStart && !DATE_RE.test(termStart)) || (termEnd && !DATE_RE.test(termEnd)))
      return err(termStart && !DATE_RE.test(termStart) ? 'term_start' : 'term_end', 'form.error.date');
    if (termStart && termEnd && termEnd < termStart) return err('term_end', 'form.error.end_before_start');
    const key = v('key') || null;
    if (key && key.length > 100) return err('key', 'form.error.too_long');
    const postal = v('postal_address') || null;
    if (postal && postal.length > 500) return err('postal_address', 'form.error.too_long');
    const activeRaw = v('active').toLowerCase();
    out.rows.push({
      line,
      input: {
        externalKey: key,
        kind,
        body,
        name,
        position: { kk: v('position_kk'), ru: v('position_ru'), en: v('position_en') },
        organisation: { kk: v('organisation_kk'), ru: v('organisation_ru'), en: v('organisation_en') },
        region,
        languages: [...new Set(languages)] as Locale[],
        email,
        postalAddress: postal,
        termStart,
        termEnd,
        active: !['0', 'no', 'false', 'нет', 'жоқ'].includes(activeRaw),
      },
    });
  });
  return out;
}
