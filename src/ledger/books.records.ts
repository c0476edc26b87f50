// The public records of the books: what goes into the ledger's log, as plain objects whose RFC 8785
// canonical JSON is the entry. Each has a `kind` and a schema version `v`; nothing here names a staff
// member (the audit log does that), and no donor unless she asked to be named.
//
// Amounts are integers in minor units (tiyn for KZT). Currencies are the ISO 4217 codes below, the
// ones an organisation in Kazakhstan meets: the tenge, its neighbours' and its donors' currencies.
import { createHash, randomBytes } from 'node:crypto';

export const RECORD_VERSION = 1;

/** ISO 4217 code → number of minor-unit digits. The documented list of accepted currencies. */
export const CURRENCIES: Readonly<Record<string, number>> = {
  KZT: 2,
  RUB: 2,
  KGS: 2,
  UZS: 2,
  CNY: 2,
  TRY: 2,
  USD: 2,
  EUR: 2,
  GBP: 2,
  CHF: 2,
  JPY: 0,
};
export const DEFAULT_CURRENCY = 'KZT';
export const isCurrency = (c: unknown): c is string => typeof c === 'string' && Object.hasOwn(CURRENCIES, c);

export const CHANNELS = ['bank', 'card', 'kaspi', 'cash'] as const;
export const SPEND_CATEGORIES = [
  'legal_aid',
  'shelter',
  'psychological',
  'medical',
  'campaign',
  'salaries',
  'rent',
  'bank_fees',
  'other',
] as const;
export const PAYEE_KINDS = ['person', 'organisation', 'state', 'bank', 'supplier'] as const;
export const BANK_EVENTS = ['account_frozen', 'account_released'] as const;

export type Channel = (typeof CHANNELS)[number];
export type SpendCategory = (typeof SPEND_CATEGORIES)[number];
export type PayeeKind = (typeof PAYEE_KINDS)[number];
export type BankEvent = (typeof BANK_EVENTS)[number];

export interface Received {
  v: number;
  kind: 'received';
  amount: number;
  currency: string;
  channel: Channel;
  date: string;
  /** A campaign's slug, or null for the organisation's general purposes. */
  campaign: string | null;
  purpose: string;
  /** SHA-256(salt ‖ donor reference), hex: the donor alone can open it with her receipt. */
  donor_commitment: string;
  /** Only when the donor asked to be named. */
  donor_name?: string;
}

export interface Spent {
  v: number;
  kind: 'spent';
  amount: number;
  currency: string;
  date: string;
  category: SpendCategory;
  payee_kind: PayeeKind;
  description: string;
  campaign: string | null;
  /** SHA-256 of each scanned receipt, hex. The scans themselves are not kept by Dauys. */
  receipts: string[];
}

export interface BankEventRecord {
  v: number;
  kind: 'bank_event';
  event: BankEvent;
  date: string;
  /** Which account, as the organisation names it publicly (e.g. "Halyk …1234"). */
  account: string;
  authority: string;
  /** SHA-256 of the order or letter, hex. */
  document_sha256: string;
}

export interface Correction {
  v: number;
  kind: 'correction';
  /** The log index of the entry this one reverses. */
  corrects: number;
  date: string;
  reason: string;
}

export interface PetitionMilestone {
  v: number;
  kind: 'petition_milestone';
  campaign: string;
  petition: string;
  date: string;
  confirmed: number;
  /** SHA-256 of the signature export handed to officials, hex; null when none was handed over yet. */
  export_sha256: string | null;
}

export interface AppealCount {
  v: number;
  kind: 'appeal_count';
  campaign: string;
  appeal: string;
  date: string;
  letters: number;
}

export type LedgerRecord = Received | Spent | BankEventRecord | Correction | PetitionMilestone | AppealCount;
export type RecordKind = LedgerRecord['kind'];
export const RECORD_KINDS: readonly RecordKind[] = [
  'received',
  'spent',
  'bank_event',
  'correction',
  'petition_milestone',
  'appeal_count',
];
/** The kinds staff type in by hand (figures come from the campaigns' own counts). */
export const MONEY_KINDS = ['received', 'spent', 'bank_event', 'correction'] as const;

export const sha256Hex = (...parts: Array<string | Uint8Array>): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

// ---- Donor receipts ---------------------------------------------------------------------------
// The receipt code is `D1.<salt>.<reference>` (base64url): whoever holds it can recompute the
// commitment and find the entry. Neither part is stored by Dauys, so a seized database names no donor.

const RECEIPT = /^D1\.([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{1,400})$/;

export interface DonorReceipt {
  code: string;
  commitment: string;
}

export const commitmentOf = (salt: Uint8Array, reference: string): string =>
  sha256Hex(salt, Buffer.from(reference.normalize('NFC'), 'utf8'));

/** A fresh receipt for a donor reference (blank: a random one, so every donation has a receipt). */
export function makeReceipt(reference: string): DonorReceipt {
  const salt = randomBytes(32);
  const ref = reference.trim() || randomBytes(9).toString('base64url');
  const code = `D1.${salt.toString('base64url')}.${Buffer.from(ref.normalize('NFC'), 'utf8').toString('base64url')}`;
  return { code, commitment: commitmentOf(salt, ref) };
}

/** The commitment a receipt code opens, or null when the text is not a receipt code. */
export function openReceipt(code: string): { commitment: string; reference: string } | null {
  const m = RECEIPT.exec(code.replace(/\s+/g, ''));
  if (!m) return null;
  const salt = Buffer.from(m[1], 'base64url');
  const reference = Buffer.from(m[2], 'base64url').toString('utf8');
  if (salt.length !== 32) return null;
  return { commitment: commitmentOf(salt, reference), reference };
}

// ---- Amounts and dates ------------------------------------------------------------------------

/**
 * A typed amount in major units ("12 500", "12500,50", "1 234.5") → integer minor units, or the
 * message key of what is wrong with it. More decimals than the currency has is a fraction of a tiyn.
 */
export function parseMajorAmount(text: string, currency: string): number | { error: string } {
  const digits = CURRENCIES[currency] ?? 2;
  const t = text.replace(/[\s\u00a0\u202f']/g, '');
  if (t === '') return { error: 'form.error.required' };
  if (/^[-−–]/.test(t)) return { error: 'ledger.error.negative' };
  const m = /^(\d+)(?:[.,](\d+))?$/.exec(t);
  if (!m) return { error: 'ledger.error.amount' };
  const frac = m[2] ?? '';
  if (frac.replace(/0+$/, '').length > digits) return { error: 'ledger.error.fraction' };
  const minor = Number(m[1]) * 10 ** digits + Number((frac + '0'.repeat(digits)).slice(0, digits) || '0');
  if (!Number.isSafeInteger(minor) || minor > MAX_AMOUNT) return { error: 'ledger.error.too_large' };
  if (minor === 0) return { error: 'ledger.error.zero' };
  return minor;
}

/** 10^13 minor units (a hundred billion tenge): more is a typing mistake. */
export const MAX_AMOUNT = 10_000_000_000_000;

/** Integer minor units → major units as text, e.g. 1250050 → "12500.50". */
export function formatMinor(amount: number, currency: string): string {
  const digits = CURRENCIES[currency] ?? 2;
  if (!digits) return String(amount);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 10 ** digits)}.${String(abs % 10 ** digits).padStart(digits, '0')}`;
}

/** Today in Kazakhstan (UTC+5 across the country since March 2024): what "a future date" is measured by. */
export const todayInKazakhstan = (now = Date.now()): string => new Date(now + 5 * 3600_000).toISOString().slice(0, 10);

export const isIsoDate = (d: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const x = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(x.getTime()) && x.toISOString().slice(0, 10) === d;
};

/** DD.MM.YYYY (bank statements), YYYY-MM-DD, or DD/MM/YYYY → YYYY-MM-DD; null when not a real date. */
export function normaliseDate(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:\s.*)?$/.exec(t);
  if (m) {
    const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
    return isIsoDate(iso) ? iso : null;
  }
  m = /^(\d{4}-\d{2}-\d{2})(?:[T\s].*)?$/.exec(t);
  return m && isIsoDate(m[1]) ? m[1] : null;
}

export const isSha256Hex = (s: string): boolean => /^[0-9a-f]{64}$/.test(s);

/** The signed effect of an entry on the balance of its currency: received +, spent −, others 0. */
export const signedAmount = (r: LedgerRecord): number =>
  r.kind === 'received' ? r.amount : r.kind === 'spent' ? -r.amount : 0;
