// Bank statements as banks in Kazakhstan export them, read into pending entries: a BOM or none, `;`,
// `,` or tab between fields, quoted fields, decimal commas and spaces between thousands, dates as
// DD.MM.YYYY, and headers in Kazakh, Russian or English. Each line either becomes an entry (checked
// again by the books' validation) or a reject with its line number; nothing is guessed silently.
//
// Privacy: a statement names the people who sent money. Their names and the bank's text never go
// into a received entry; the line's reference (or its text) only feeds the donor commitment.
import { normaliseDate, type SpendCategory, type PayeeKind } from './books.records.ts';
import type { RecordInput } from './books.validation.ts';

export interface StatementDefaults {
  currency: string;
  campaign: string | null;
  /** The public purpose written on every donation of this statement. */
  purpose: string;
  category: SpendCategory;
  payeeKind: PayeeKind;
}

export interface ParsedStatement {
  rows: Array<{ line: number; input: RecordInput }>;
  rejects: Array<{ line: number; fields: Record<string, string> }>;
}

type Role = 'date' | 'amount' | 'credit' | 'debit' | 'currency' | 'text' | 'reference';

// Folded header words (lower case, ё→е, Kazakh letters folded, no punctuation) → what the column holds.
const HEADERS: Array<[RegExp, Role]> = [
  [/^(дата|дата операции|дата документа|дата проводки|куни|операция куни|date|value date|booking date)$/, 'date'],
  [/^(сумма|сумма операции|сома|amount|sum)$/, 'amount'],
  [/^(кредит|приход|поступление|зачисление|кирис|credit|in|income|received)$/, 'credit'],
  [/^(дебет|расход|списание|шыгыс|debit|out|spent|expense)$/, 'debit'],
  [/^(валюта|currency)$/, 'currency'],
  [
    /^(назначение|назначение платежа|описание|детали|комментарий|толем максаты|максаты|сипаттама|description|details|purpose|narrative)$/,
    'text',
  ],
  [/^(номер|номер документа|референс|reference|ref|id|transaction id|кужат номири)$/, 'reference'],
];

// Kazakh letters fold to their nearest Russian ones, so one pattern serves both spellings.
const KK: Record<string, string> = { ә: 'а', ғ: 'г', қ: 'к', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', һ: 'х', і: 'и' };
const fold = (s: string) =>
  s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[әғқңөұүһі]/g, (c) => KK[c])
    .replace(/[.:№#"«»()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const roleOf = (header: string): Role | null => {
  const h = fold(header);
  for (const [re, role] of HEADERS) if (re.test(h)) return role;
  return null;
};

/** Records (as arrays of fields) with the physical line each starts on; quotes may span lines. */
export function splitCsv(text: string, sep: string): Array<{ line: number; fields: string[] }> {
  const out: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      any = true;
    } else if (ch === sep) {
      fields.push(cell);
      cell = '';
      any = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(cell);
      if (any || fields.some((f) => f.trim())) out.push({ line: start, fields });
      fields = [];
      cell = '';
      any = false;
      line++;
      start = line;
    } else {
      cell += ch;
      any = true;
    }
  }
  fields.push(cell);
  if (any || fields.some((f) => f.trim())) out.push({ line: start, fields });
  return out;
}

/** The separator the header line uses most, outside quotes. */
const separatorOf = (firstLine: string): string => {
  const bare = firstLine.replace(/"[^"]*"/g, '');
  const counts = [';', '\t', ','].map((s) => [s, bare.split(s).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ';';
};

/**
 * "1 234 567,89", "1,234,567.89", "-15000", "15 000,5" → a signed number in major units, or null.
 * With both marks the later one is the decimal mark; a lone comma or dot is decimal unless it is
 * followed by exactly three digits more than once (1,234,567).
 */
export function parseStatementNumber(raw: string): number | null {
  let t = raw.replace(/[\s\u00a0\u202f']/g, '').replace(/[−–]/g, '-');
  if (/^\(.*\)$/.test(t)) t = '-' + t.slice(1, -1); // accountants' (1 000) for a negative
  t = t.replace(/(KZT|₸|тг|тенге|USD|EUR|RUB|\$|€)$/i, '');
  if (!/^[+-]?[\d.,]+$/.test(t) || !/\d/.test(t)) return null;
  const lastComma = t.lastIndexOf(',');
  const lastDot = t.lastIndexOf('.');
  let normal: string;
  if (lastComma >= 0 && lastDot >= 0) {
    const dec = lastComma > lastDot ? ',' : '.';
    const thousands = dec === ',' ? '.' : ',';
    normal = t.split(thousands).join('').replace(dec, '.');
  } else {
    const mark = lastComma >= 0 ? ',' : lastDot >= 0 ? '.' : '';
    const parts = mark ? t.split(mark) : [t];
    const grouped = parts.length > 2 && parts.slice(1).every((p) => p.length === 3);
    if (grouped) normal = parts.join('');
    else if (parts.length > 2) return null;
    else normal = parts.join('.');
  }
  const n = Number(normal);
  return Number.isFinite(n) ? n : null;
}

/** Major units (possibly fractional in a file) → integer minor units; null for finer than a tiyn. */
const toMinor = (major: number, digits: number): number | null => {
  const minor = Math.round(major * 10 ** digits);
  return Math.abs(minor - major * 10 ** digits) < 1e-6 ? minor : null;
};

const FEES = /(комисси|commission|\bfee\b|комиссия|комиссиясы)/i;

export function parseBankStatement(text: string, defaults: StatementDefaults, digits = 2): ParsedStatement {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.split(/\r?\n/).find((l) => l.trim()) ?? '';
  const records = splitCsv(clean, separatorOf(firstLine));
  const rows: ParsedStatement['rows'] = [];
  const rejects: ParsedStatement['rejects'] = [];
  // Banks put a title and the account's details above the table: the header is the first line
  // naming a date column and an amount (or credit/debit) column.
  let headerAt = -1;
  let roles: Array<Role | null> = [];
  for (let i = 0; i < Math.min(records.length, 30); i++) {
    const r = records[i].fields.map(roleOf);
    if (r.includes('date') && (r.includes('amount') || r.includes('credit') || r.includes('debit'))) {
      headerAt = i;
      roles = r;
      break;
    }
  }
  if (headerAt < 0) return { rows, rejects: [{ line: 1, fields: { file: 'ledger.import.error.header' } }] };
  const col = (fields: string[], role: Role) => {
    const i = roles.indexOf(role);
    return i >= 0 ? (fields[i] ?? '').trim() : '';
  };
  for (const { line, fields } of records.slice(headerAt + 1)) {
    if (fields.every((f) => !f.trim())) continue;
    // Totals and balances at the foot of a statement are not entries.
    if (/^(итого|всего|барлыгы|total|balance|остаток|калдык)/i.test(fold(fields.join(' ')))) continue;
    const errors: Record<string, string> = {};
    const date = normaliseDate(col(fields, 'date'));
    if (!date) errors.date = 'ledger.error.date';
    let signed: number | null = null;
    const credit = col(fields, 'credit');
    const debit = col(fields, 'debit');
    if (credit || debit) {
      const c = credit ? parseStatementNumber(credit) : 0;
      const d = debit ? parseStatementNumber(debit) : 0;
      if (c === null || d === null) errors.amount = 'ledger.error.amount';
      else if (c && d) errors.amount = 'ledger.import.error.both';
      else signed = c ? Math.abs(c) : -Math.abs(d!);
    } else {
      const a = col(fields, 'amount');
      signed = a ? parseStatementNumber(a) : null;
      if (signed === null) errors.amount = a ? 'ledger.error.amount' : 'form.error.required';
    }
    if (signed === 0) errors.amount = 'ledger.error.zero';
    const minor = signed === null ? null : toMinor(Math.abs(signed), digits);
    if (signed !== null && signed !== 0 && minor === null) errors.amount = 'ledger.error.fraction';
    if (Object.keys(errors).length) {
      rejects.push({ line, fields: errors });
      continue;
    }
    const currency = (col(fields, 'currency') || defaults.currency).toUpperCase();
    const bankText = col(fields, 'text').replace(/\s+/g, ' ');
    const base = { amount: minor!, currency, date: date!, campaign: defaults.campaign };
    if (signed! > 0)
      rows.push({
        line,
        input: {
          kind: 'received',
          ...base,
          channel: 'bank',
          purpose: defaults.purpose,
          donorReference: col(fields, 'reference') || `${date} ${bankText} ${line}`,
        },
      });
    else
      rows.push({
        line,
        input: {
          kind: 'spent',
          ...base,
          category: FEES.test(bankText) ? 'bank_fees' : defaults.category,
          payeeKind: FEES.test(bankText) ? 'bank' : defaults.payeeKind,
          description: bankText.slice(0, 300) || '—',
        },
      });
  }
  return { rows, rejects };
}
