// Staff forms of the books: one per kind of entry (received, spent, bank event, correction), and the
// page that shows a donor's receipt once, right after her donation was recorded.
import type { PageContext } from '../../ui/context.ts';
import { Layout } from '../../ui/layout.tsx';
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  FileField,
  Select,
  TextArea,
  TextField,
  type FormErrors,
  type FormValues,
} from '../../ui/widgets/forms.tsx';
import type { FormKind } from '../books-form.ts';
import { BANK_EVENTS, CHANNELS, CURRENCIES, PAYEE_KINDS, SPEND_CATEGORIES } from '../books.records.ts';

const options = (ctx: PageContext, list: readonly string[], prefix: string) =>
  list.map((v) => ({ value: v, label: ctx.t(`${prefix}.${v}`) }));

export const fieldLabels = (ctx: PageContext): Record<string, string> => {
  const l = (k: string) => ctx.t(`ledger.field.${k}`);
  return Object.fromEntries(
    [
      'amount',
      'currency',
      'channel',
      'date',
      'campaign',
      'purpose',
      'donor_reference',
      'donor_name',
      'category',
      'payee_kind',
      'description',
      'receipts',
      'event',
      'account',
      'authority',
      'document',
      'corrects',
      'reason',
      'kind',
      'note',
      'file',
    ].map((k) => [k, l(k)]),
  );
};

export function RecordForm({
  ctx,
  kind,
  values,
  errors,
}: {
  ctx: PageContext;
  kind: FormKind;
  values: FormValues;
  errors: FormErrors;
}) {
  const { t, locale } = ctx;
  const title = t(`ledger.admin.new.${kind}`);
  const p = { ctx, values, errors };
  const money = kind === 'received' || kind === 'spent';
  return (
    <Layout ctx={ctx} title={title} admin>
      <p class="breadcrumbs">
        <a href={`/${locale}/admin/ledger`}>{t('ledger.admin.title')}</a>
      </p>
      <h1>{title}</h1>
      <p>{t('ledger.admin.pending_hint')}</p>
      <ErrorSummary ctx={ctx} errors={errors} labels={fieldLabels(ctx)} />
      <form method="post" action={`/${locale}/admin/ledger/new/${kind}`} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={ctx} />
        {money ? (
          <>
            <TextField
              {...p}
              name="amount"
              label={t('ledger.field.amount')}
              hint={t('ledger.hint.amount')}
              inputMode="decimal"
              required
            />
            <Select
              {...p}
              name="currency"
              label={t('ledger.field.currency')}
              options={Object.keys(CURRENCIES).map((c) => ({ value: c, label: c }))}
            />
          </>
        ) : null}
        {kind === 'received' ? (
          <Select
            {...p}
            name="channel"
            label={t('ledger.field.channel')}
            options={options(ctx, CHANNELS, 'ledger.channel')}
          />
        ) : null}
        {kind === 'bank_event' ? (
          <Select
            {...p}
            name="event"
            label={t('ledger.field.event')}
            options={options(ctx, BANK_EVENTS, 'ledger.event')}
          />
        ) : null}
        {kind === 'correction' ? (
          <TextField
            {...p}
            name="corrects"
            label={t('ledger.field.corrects')}
            hint={t('ledger.hint.corrects')}
            inputMode="numeric"
            required
          />
        ) : null}
        <TextField
          {...p}
          name="date"
          type="date"
          label={t('ledger.field.date')}
          hint={t('ledger.hint.date')}
          required
        />
        {money ? (
          <TextField {...p} name="campaign" label={t('ledger.field.campaign')} hint={t('ledger.hint.campaign')} />
        ) : null}
        {kind === 'received' ? (
          <>
            <TextField
              {...p}
              name="purpose"
              label={t('ledger.field.purpose')}
              hint={t('ledger.hint.purpose')}
              maxLength={200}
            />
            <TextField
              {...p}
              name="donor_reference"
              label={t('ledger.field.donor_reference')}
              hint={t('ledger.hint.donor_reference')}
              maxLength={200}
              autocomplete="off"
            />
            <Checkbox
              {...p}
              name="donor_named"
              label={t('ledger.field.donor_named')}
              hint={t('ledger.hint.donor_named')}
            />
            <TextField
              {...p}
              name="donor_name"
              label={t('ledger.field.donor_name')}
              maxLength={120}
              autocomplete="off"
            />
          </>
        ) : null}
        {kind === 'spent' ? (
          <>
            <Select
              {...p}
              name="category"
              label={t('ledger.field.category')}
              options={options(ctx, SPEND_CATEGORIES, 'ledger.category')}
            />
            <Select
              {...p}
              name="payee_kind"
              label={t('ledger.field.payee_kind')}
              options={options(ctx, PAYEE_KINDS, 'ledger.payee')}
            />
            <TextArea
              {...p}
              name="description"
              label={t('ledger.field.description')}
              hint={t('ledger.hint.description')}
              rows={2}
              maxLength={300}
              required
            />
            <FileField
              ctx={ctx}
              name="receipts"
              label={t('ledger.field.receipts')}
              hint={t('ledger.hint.receipts')}
              errors={errors}
              multiple
            />
            <TextArea {...p} name="receipt_hashes" label={t('ledger.field.receipt_hashes')} rows={2} />
          </>
        ) : null}
        {kind === 'bank_event' ? (
          <>
            <TextField
              {...p}
              name="account"
              label={t('ledger.field.account')}
              hint={t('ledger.hint.account')}
              required
            />
            <TextField {...p} name="authority" label={t('ledger.field.authority')} required />
            <FileField
              ctx={ctx}
              errors={errors}
              name="document"
              label={t('ledger.field.document')}
              hint={t('ledger.hint.document')}
            />
            <TextField {...p} name="document_sha256" label={t('ledger.field.document_sha256')} />
          </>
        ) : null}
        {kind === 'correction' ? (
          <TextArea {...p} name="reason" label={t('ledger.field.reason')} rows={2} maxLength={300} required />
        ) : null}
        <button class="button" type="submit">
          {t('ledger.admin.record')}
        </button>
      </form>
    </Layout>
  );
}

/** Shown once after a donation was recorded: Dauys keeps no copy of the code. */
export function ReceiptIssued({
  ctx,
  receipts,
}: {
  ctx: PageContext;
  receipts: Array<{ label: string; code: string }>;
}) {
  const { t, locale } = ctx;
  const origin = '';
  return (
    <Layout ctx={ctx} title={t('ledger.admin.receipt_title')} admin>
      <p class="breadcrumbs">
        <a href={`/${locale}/admin/ledger`}>{t('ledger.admin.title')}</a>
      </p>
      <h1>{t('ledger.admin.receipt_title')}</h1>
      <p class="notice" role="status">
        {t('ledger.admin.recorded')}
      </p>
      <p>{t('ledger.admin.receipt_lead')}</p>
      {receipts.map((r) => (
        <div class="receipt">
          <p>{r.label}</p>
          <p class="receipt__code">
            <code>{r.code}</code>
          </p>
          <p>
            <a href={`${origin}/${locale}/ledger/receipt#${r.code}`}>{t('ledger.admin.receipt_link')}</a>
          </p>
        </div>
      ))}
    </Layout>
  );
}
