// From what staff typed (the forms, the command line, a bank statement line) to a public record, or
// a ValidationError naming each field's problem as a message key. Nothing is stored here.
import { ValidationError } from '../core/errors.ts';
import {
  BANK_EVENTS,
  CHANNELS,
  DEFAULT_CURRENCY,
  MAX_AMOUNT,
  PAYEE_KINDS,
  RECORD_VERSION,
  SPEND_CATEGORIES,
  isCurrency,
  isIsoDate,
  isSha256Hex,
  makeReceipt,
  type LedgerRecord,
} from './books.records.ts';

/** One entry as typed; amounts already in integer minor units (forms convert major units first). */
export interface RecordInput {
  kind: string;
  amount?: number;
  currency?: string;
  channel?: string;
  date?: string;
  campaign?: string | null;
  purpose?: string;
  donorReference?: string;
  donorName?: string | null;
  category?: string;
  payeeKind?: string;
  description?: string;
  receipts?: string[];
  event?: string;
  account?: string;
  authority?: string;
  documentSha256?: string;
  corrects?: number;
  reason?: string;
}

export interface BuildContext {
  today: string;
  /** Whether a campaign with this slug exists (drafts too: money can come in before launch). */
  campaignExists(slug: string): Promise<boolean>;
}

export interface Built {
  record: LedgerRecord;
  /** For money received: the donor's receipt code, shown once and never stored. */
  receipt: string | null;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;
const oneOf = (list: readonly string[], v: unknown): boolean => typeof v === 'string' && list.includes(v);
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

export async function buildRecord(input: RecordInput, ctx: BuildContext): Promise<Built> {
  const errors: Record<string, string> = {};
  const need = (field: string, value: string, max: number) => {
    if (!value) errors[field] = 'form.error.required';
    else if (value.length > max) errors[field] = 'form.error.too_long';
  };
  const date = text(input.date);
  if (!date) errors.date = 'form.error.required';
  else if (!isIsoDate(date)) errors.date = 'ledger.error.date';
  else if (date > ctx.today) errors.date = 'ledger.error.future_date';

  const currency = text(input.currency) || DEFAULT_CURRENCY;
  const money = input.kind === 'received' || input.kind === 'spent';
  if (money) {
    const a = input.amount;
    if (a === undefined || a === null || (typeof a === 'number' && Number.isNaN(a)))
      errors.amount = 'form.error.required';
    else if (typeof a !== 'number') errors.amount = 'ledger.error.amount';
    else if (a < 0) errors.amount = 'ledger.error.negative';
    else if (!Number.isInteger(a)) errors.amount = 'ledger.error.fraction';
    else if (a === 0) errors.amount = 'ledger.error.zero';
    else if (a > MAX_AMOUNT) errors.amount = 'ledger.error.too_large';
    if (!isCurrency(currency)) errors.currency = 'ledger.error.currency';
  }
  let campaign: string | null = null;
  if (money) {
    campaign = text(input.campaign) || null;
    if (campaign && (!SLUG.test(campaign) || !(await ctx.campaignExists(campaign))))
      errors.campaign = 'ledger.error.campaign';
  }

  let record: LedgerRecord | null = null;
  let receipt: string | null = null;
  switch (input.kind) {
    case 'received': {
      if (!oneOf(CHANNELS, input.channel)) errors.channel = 'form.error.choice';
      const purpose = text(input.purpose);
      if (purpose.length > 200) errors.purpose = 'form.error.too_long';
      if (!campaign && !purpose) errors.purpose = 'ledger.error.purpose';
      const reference = text(input.donorReference);
      if (reference.length > 200) errors.donor_reference = 'form.error.too_long';
      const name = text(input.donorName);
      if (name.length > 120) errors.donor_name = 'form.error.too_long';
      if (Object.keys(errors).length) break;
      const r = makeReceipt(reference);
      receipt = r.code;
      record = {
        v: RECORD_VERSION,
        kind: 'received',
        amount: input.amount!,
        currency,
        channel: input.channel as never,
        date,
        campaign,
        purpose,
        donor_commitment: r.commitment,
        ...(name ? { donor_name: name } : {}),
      };
      break;
    }
    case 'spent': {
      if (!oneOf(SPEND_CATEGORIES, input.category)) errors.category = 'form.error.choice';
      if (!oneOf(PAYEE_KINDS, input.payeeKind)) errors.payee_kind = 'form.error.choice';
      const description = text(input.description);
      need('description', description, 300);
      const receipts = (input.receipts ?? []).map((h) => h.trim().toLowerCase()).filter(Boolean);
      if (receipts.some((h) => !isSha256Hex(h))) errors.receipts = 'ledger.error.hash';
      if (receipts.length > 20) errors.receipts = 'ledger.error.too_many_receipts';
      if (Object.keys(errors).length) break;
      record = {
        v: RECORD_VERSION,
        kind: 'spent',
        amount: input.amount!,
        currency,
        date,
        category: input.category as never,
        payee_kind: input.payeeKind as never,
        description,
        campaign,
        receipts: [...new Set(receipts)],
      };
      break;
    }
    case 'bank_event': {
      if (!oneOf(BANK_EVENTS, input.event)) errors.event = 'form.error.choice';
      const account = text(input.account);
      const authority = text(input.authority);
      need('account', account, 120);
      need('authority', authority, 200);
      const doc = text(input.documentSha256).toLowerCase();
      if (!doc) errors.document = 'ledger.error.document';
      else if (!isSha256Hex(doc)) errors.document = 'ledger.error.hash';
      if (Object.keys(errors).length) break;
      record = {
        v: RECORD_VERSION,
        kind: 'bank_event',
        event: input.event as never,
        date,
        account,
        authority,
        document_sha256: doc,
      };
      break;
    }
    case 'correction': {
      const c = input.corrects;
      if (c === undefined || c === null || Number.isNaN(c)) errors.corrects = 'form.error.required';
      else if (!Number.isSafeInteger(c) || c < 0) errors.corrects = 'ledger.error.index';
      const reason = text(input.reason);
      need('reason', reason, 300);
      if (Object.keys(errors).length) break;
      record = { v: RECORD_VERSION, kind: 'correction', corrects: c!, date, reason };
      break;
    }
    default:
      errors.kind = 'form.error.choice';
  }
  if (Object.keys(errors).length || !record) throw new ValidationError(errors);
  return { record, receipt };
}
