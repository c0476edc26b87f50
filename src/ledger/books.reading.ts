// Reading the books for the public: the balance and totals (from the books' reading of the log),
// the entries as the log holds them (canonical JSON, leaf hash, inclusion proof), donor receipts,
// and the exports. Entries' text always comes from the log itself, never from the books' tables.
import { fail } from '../core/errors.ts';
import type { Db } from '../db/database.ts';
import type { LedgerLog } from './books.needs.ts';
import { formatMinor, openReceipt, type LedgerRecord } from './books.records.ts';
import * as repo from './books.repository.ts';

export interface LedgerSummary {
  /** Per currency: received, spent and the balance, in minor units. */
  currencies: Array<{ currency: string; received: number; spent: number; balance: number }>;
  /** Months (YYYY-MM) with money, oldest first, and per currency what came in and went out each month. */
  months: string[];
  byMonth: Record<string, { received: number[]; spent: number[] }>;
  /** Spending per category, per currency, largest first. */
  byCategory: Record<string, Array<{ category: string; total: number }>>;
  entries: number;
}

export interface PublicEntry {
  index: number;
  json: string;
  record: LedgerRecord;
  reversedBy: number | null;
}

export interface EntryDetail extends PublicEntry {
  leafHash: string;
  inclusion: { index: number; size: number; proof: string[]; checkpoint: string } | null;
}

export interface ReadingApi {
  summary(): Promise<LedgerSummary>;
  entries(
    page: number,
    perPage?: number,
  ): Promise<{ items: PublicEntry[]; total: number; page: number; pages: number }>;
  entry(index: number): Promise<EntryDetail>;
  /** The entry a donor's receipt code opens; throws LEDGER_BAD_RECEIPT for a code that is not one. */
  checkReceipt(code: string): Promise<PublicEntry | null>;
  /** The index of the donation whose commitment this is (checked against the log's own text). */
  findCommitment(hex: string): Promise<number | null>;
  exportJson(): Promise<string>;
  exportCsv(): Promise<string>;
  verification(): Promise<{ origin: string; keys: string[]; checkpoint: string | null; size: number }>;
}

const parse = (json: string): LedgerRecord => JSON.parse(json) as LedgerRecord;

const CSV_HEAD = [
  'index',
  'kind',
  'date',
  'amount',
  'currency',
  'channel_or_category',
  'campaign',
  'text',
  'reversed_by',
  'corrects',
];
const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function csvRow(e: PublicEntry): string {
  const r = e.record;
  const money = r.kind === 'received' || r.kind === 'spent';
  const cells = [
    e.index,
    r.kind,
    r.date,
    money ? formatMinor(r.amount, r.currency) : '',
    money ? r.currency : '',
    r.kind === 'received' ? r.channel : r.kind === 'spent' ? r.category : r.kind === 'bank_event' ? r.event : '',
    'campaign' in r ? r.campaign : '',
    r.kind === 'received'
      ? r.purpose
      : r.kind === 'spent'
        ? r.description
        : r.kind === 'bank_event'
          ? r.authority
          : r.kind === 'correction'
            ? r.reason
            : r.kind === 'petition_milestone'
              ? r.confirmed
              : r.letters,
    e.reversedBy,
    r.kind === 'correction' ? r.corrects : '',
  ];
  return cells.map(csvCell).join(',');
}

export function createReading({ db, ledgerLog }: { db: Db; ledgerLog: LedgerLog }): ReadingApi {
  const reversals = async (rows: Array<{ index: number }>) => {
    const out = new Map<number, number | null>();
    for (const r of rows) out.set(r.index, (await repo.findEntry(db, r.index))?.reversed_by ?? null);
    return out;
  };

  const all = async (): Promise<PublicEntry[]> => {
    const size = await ledgerLog.size();
    const book = new Map((await repo.allEntries(db)).map((r) => [r.log_index, r.reversed_by]));
    const out: PublicEntry[] = [];
    for (let from = 0; from < size; from += 1000)
      for (const e of await ledgerLog.entries(from, Math.min(1000, size - from)))
        out.push({ index: e.index, json: e.json, record: parse(e.json), reversedBy: book.get(e.index) ?? null });
    return out;
  };

  return {
    async summary() {
      const rows = await repo.moneyTotals(db);
      const months = [...new Set(rows.map((r) => r.month))].sort();
      const currencies = new Map<string, { currency: string; received: number; spent: number; balance: number }>();
      const byMonth: LedgerSummary['byMonth'] = {};
      const cats: Record<string, Map<string, number>> = {};
      for (const r of rows) {
        const c = currencies.get(r.currency) ?? { currency: r.currency, received: 0, spent: 0, balance: 0 };
        currencies.set(r.currency, c);
        const m = (byMonth[r.currency] ??= {
          received: months.map(() => 0),
          spent: months.map(() => 0),
        });
        const i = months.indexOf(r.month);
        if (r.kind === 'received') {
          c.received += r.total;
          m.received[i] += r.total;
        } else {
          c.spent -= r.total;
          m.spent[i] -= r.total;
          const cat = (cats[r.currency] ??= new Map());
          cat.set(r.category ?? 'other', (cat.get(r.category ?? 'other') ?? 0) - r.total);
        }
        c.balance = c.received - c.spent;
      }
      const byCategory = Object.fromEntries(
        Object.entries(cats).map(([cur, m]) => [
          cur,
          [...m].map(([category, total]) => ({ category, total })).sort((a, b) => b.total - a.total),
        ]),
      );
      // The tenge first, then the others alphabetically.
      const list = [...currencies.values()].sort((a, b) =>
        a.currency === 'KZT' ? -1 : b.currency === 'KZT' ? 1 : a.currency.localeCompare(b.currency),
      );
      return { currencies: list, months, byMonth, byCategory, entries: await repo.countEntries(db) };
    },

    async entries(page, perPage = 50) {
      const total = await ledgerLog.size();
      const pages = Math.max(1, Math.ceil(total / perPage));
      const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
      // Newest first: page 1 ends at the log's last entry.
      const to = total - (p - 1) * perPage;
      const from = Math.max(0, to - perPage);
      const raw = to > from ? await ledgerLog.entries(from, to - from) : [];
      const rev = await reversals(raw);
      const items = raw
        .map((e) => ({ index: e.index, json: e.json, record: parse(e.json), reversedBy: rev.get(e.index) ?? null }))
        .reverse();
      return { items, total, page: p, pages };
    },

    async entry(index) {
      const e = Number.isSafeInteger(index) && index >= 0 ? await ledgerLog.entry(index) : null;
      if (!e) throw fail('LEDGER_ENTRY_NOT_FOUND');
      const row = await repo.findEntry(db, index);
      return {
        index,
        json: e.json,
        leafHash: e.leafHash,
        record: parse(e.json),
        reversedBy: row?.reversed_by ?? null,
        inclusion: await ledgerLog.inclusion(index),
      };
    },

    async checkReceipt(code) {
      const opened = openReceipt(code);
      if (!opened) throw fail('LEDGER_BAD_RECEIPT');
      const row = await repo.byCommitment(db, opened.commitment);
      if (!row) return null;
      const e = await ledgerLog.entry(row.log_index);
      if (!e) return null;
      const record = parse(e.json);
      // The books' index must agree with the log's text: trust only a commitment the log itself holds.
      if (record.kind !== 'received' || record.donor_commitment !== opened.commitment) return null;
      return { index: row.log_index, json: e.json, record, reversedBy: row.reversed_by };
    },

    async findCommitment(hex) {
      const row = await repo.byCommitment(db, hex);
      const e = row && (await ledgerLog.entry(row.log_index));
      if (!e) return null;
      const record = parse(e.json);
      return record.kind === 'received' && record.donor_commitment === hex ? e.index : null;
    },

    async exportJson() {
      const entries = (await all()).map((e) => ({ index: e.index, entry: e.record, reversed_by: e.reversedBy }));
      return JSON.stringify({ origin: ledgerLog.origin, size: entries.length, entries }, null, 1) + '\n';
    },

    async exportCsv() {
      return [CSV_HEAD.join(','), ...(await all()).map(csvRow)].join('\r\n') + '\r\n';
    },

    async verification() {
      const cp = await ledgerLog.latestCheckpoint();
      return {
        origin: ledgerLog.origin,
        keys: await ledgerLog.verifierKeys(),
        checkpoint: cp?.note ?? null,
        size: cp?.size ?? 0,
      };
    },
  };
}
