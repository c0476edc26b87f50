// Between the staff forms' flat fields and a RecordInput. Staff type amounts in major units as they
// read them on paper ("12 500,50"); they become integer minor units here, and a problem with the
// typed text is reported on its field together with the record's own checks.
import { formLines, type Form } from '../http/forms.ts';
import { DEFAULT_CURRENCY, parseMajorAmount } from './books.records.ts';
import type { RecordInput } from './books.validation.ts';

export const FORM_KINDS = ['received', 'spent', 'bank_event', 'correction'] as const;
export type FormKind = (typeof FORM_KINDS)[number];
export const isFormKind = (k: string): k is FormKind => (FORM_KINDS as readonly string[]).includes(k);

export function formToInput(
  kind: FormKind,
  form: Form,
  files: { receipts: string[]; document: string | null },
): { input: RecordInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const currency = (form.currency ?? '').trim().toUpperCase() || DEFAULT_CURRENCY;
  let amount: number | undefined;
  if (kind === 'received' || kind === 'spent') {
    const parsed = parseMajorAmount(form.amount ?? '', currency);
    if (typeof parsed === 'number') amount = parsed;
    else errors.amount = parsed.error;
  }
  const corrects = (form.corrects ?? '').trim();
  const input: RecordInput = {
    kind,
    amount,
    currency,
    date: (form.date ?? '').trim(),
    channel: form.channel,
    campaign: form.campaign ?? '',
    purpose: form.purpose ?? '',
    donorReference: form.donor_reference ?? '',
    donorName: form.donor_named ? (form.donor_name ?? '') : null,
    category: form.category,
    payeeKind: form.payee_kind,
    description: form.description ?? '',
    receipts: [...files.receipts, ...formLines(form.receipt_hashes)],
    event: form.event,
    account: form.account ?? '',
    authority: form.authority ?? '',
    documentSha256: files.document ?? (form.document_sha256 ?? '').trim(),
    corrects: corrects === '' ? undefined : /^\d+$/.test(corrects) ? Number(corrects) : -1,
    reason: form.reason ?? '',
  };
  if (kind === 'received' && form.donor_named && !(form.donor_name ?? '').trim())
    errors.donor_name = 'form.error.required';
  return { input, errors };
}
