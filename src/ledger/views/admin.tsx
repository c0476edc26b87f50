// The books' staff pages: what waits for a second person (approve or reject), what was decided
// lately, the bank statement import with its per-line rejects, and publishing campaign figures.
import { formatDateTime } from '../../i18n/format.ts';
import { pickText } from '../../i18n/locales.ts';
import type { PageContext } from '../../ui/context.ts';
import { Layout } from '../../ui/layout.tsx';
import {
  CsrfField,
  ErrorSummary,
  FileField,
  Select,
  TextArea,
  TextField,
  type FormErrors,
  type FormValues,
} from '../../ui/widgets/forms.tsx';
import { Table } from '../../ui/widgets/table.tsx';
import type { FigureSource } from '../books.figures.ts';
import { PAYEE_KINDS, SPEND_CATEGORIES, type LedgerRecord } from '../books.records.ts';
import type { ImportResult, PendingEntry } from '../books.ts';
import { FORM_KINDS } from '../books-form.ts';
import { fieldLabels } from './admin-forms.tsx';
import { describe, detailText } from './parts.tsx';

export interface AdminNotice {
  key: string;
  values?: Record<string, string | number>;
  kind?: 'ok' | 'error';
}

function PendingRow({
  ctx,
  e,
  names,
  mayApprove,
}: {
  ctx: PageContext;
  e: PendingEntry;
  names: Record<string, string>;
  mayApprove: boolean;
}) {
  const { t, locale } = ctx;
  const own = ctx.staff?.id === e.recordedBy;
  const r: LedgerRecord = e.record;
  return (
    <tr id={`p-${e.id}`}>
      <td>{r.date}</td>
      <td>
        {describe(ctx, r)}
        <br />
        <small>{detailText(r)}</small>
      </td>
      <td>
        {names[e.recordedBy] ?? e.recordedBy}
        <br />
        <small>
          {formatDateTime(e.recordedAt, locale)} · {t(`ledger.source.${e.source}`)}
        </small>
      </td>
      <td>
        {!mayApprove ? (
          t('ledger.admin.needs_treasurer')
        ) : own ? (
          t('ledger.admin.own_entry')
        ) : (
          <>
            <form method="post" action={`/${locale}/admin/ledger/pending/${e.id}/approve`} class="inline-form">
              <CsrfField ctx={ctx} />
              <button class="button button--small" type="submit">
                {t('ledger.admin.approve')}
              </button>
            </form>
            <form method="post" action={`/${locale}/admin/ledger/pending/${e.id}/reject`} class="inline-form">
              <CsrfField ctx={ctx} />
              <label for={`note-${e.id}`}>
                {t('ledger.field.note')}
                <span class="req"> ({t('form.required')})</span>
              </label>
              <input id={`note-${e.id}`} name="note" type="text" maxLength={300} required />
              <button class="button button--small button--secondary" type="submit">
                {t('ledger.admin.reject')}
              </button>
            </form>
          </>
        )}
      </td>
    </tr>
  );
}

export function LedgerAdminPage({
  ctx,
  pending,
  decided,
  names,
  mayApprove,
  notice,
}: {
  ctx: PageContext;
  pending: PendingEntry[];
  decided: PendingEntry[];
  names: Record<string, string>;
  mayApprove: boolean;
  notice: AdminNotice | null;
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('ledger.admin.title')} admin>
      <h1>{t('ledger.admin.title')}</h1>
      {notice ? (
        <p class={notice.kind === 'error' ? 'notice notice--urgent' : 'notice'} role="status">
          {t(notice.key, notice.values)}
        </p>
      ) : null}
      <p>{t('ledger.admin.lead')}</p>
      <ul class="actions">
        {FORM_KINDS.map((k) => (
          <li>
            <a href={`/${locale}/admin/ledger/new/${k}`}>{t(`ledger.admin.new.${k}`)}</a>
          </li>
        ))}
        <li>
          <a href={`/${locale}/admin/ledger/import`}>{t('ledger.admin.import')}</a>
        </li>
        <li>
          <a href={`/${locale}/admin/ledger/figures`}>{t('ledger.admin.figures')}</a>
        </li>
        <li>
          <a href={`/${locale}/ledger`}>{t('ledger.admin.public_page')}</a>
        </li>
      </ul>
      <h2 id="pending">{t('ledger.admin.pending', { count: pending.length })}</h2>
      {pending.length ? (
        <Table
          head={[
            t('ledger.field.date'),
            t('ledger.field.entry'),
            t('ledger.admin.recorded_by'),
            t('ledger.admin.decision'),
          ]}
        >
          {pending.map((e) => (
            <PendingRow ctx={ctx} e={e} names={names} mayApprove={mayApprove} />
          ))}
        </Table>
      ) : (
        <p>{t('ledger.admin.none_pending')}</p>
      )}
      <h2 id="decided">{t('ledger.admin.decided')}</h2>
      {decided.length ? (
        <Table
          head={[t('ledger.field.date'), t('ledger.field.entry'), t('ledger.admin.decision'), t('ledger.admin.by')]}
        >
          {decided.map((e) => (
            <tr>
              <td>{e.record.date}</td>
              <td>{describe(ctx, e.record)}</td>
              <td>
                {e.status === 'approved' && e.logIndex !== null ? (
                  <a href={`/${locale}/ledger/entries/${e.logIndex}`}>
                    {t('ledger.admin.approved_as', { index: e.logIndex })}
                  </a>
                ) : (
                  `${t('ledger.admin.rejected')}: ${e.note ?? ''}`
                )}{' '}
                {e.status === 'approved' && e.logIndex !== null && e.kind !== 'correction' ? (
                  <a href={`/${locale}/admin/ledger/new/correction?corrects=${e.logIndex}`}>
                    {t('ledger.admin.correct')}
                  </a>
                ) : null}
              </td>
              <td>{names[e.decidedBy ?? ''] ?? e.decidedBy}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t('ledger.admin.none_decided')}</p>
      )}
    </Layout>
  );
}

export function ImportPage({
  ctx,
  values,
  errors,
  result,
}: {
  ctx: PageContext;
  values: FormValues;
  errors: FormErrors;
  result: (ImportResult & { rejects: ImportResult['rejects'] }) | null;
}) {
  const { t, locale } = ctx;
  const labels = fieldLabels(ctx);
  const opts = (list: readonly string[], prefix: string) => list.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
  return (
    <Layout ctx={ctx} title={t('ledger.admin.import')} admin>
      <p class="breadcrumbs">
        <a href={`/${locale}/admin/ledger`}>{t('ledger.admin.title')}</a>
      </p>
      <h1>{t('ledger.admin.import')}</h1>
      <p>{t('ledger.import.lead')}</p>
      {result ? (
        <section aria-labelledby="import-result">
          <h2 id="import-result">
            {t('ledger.import.result', { stored: result.stored.length, rejected: result.rejects.length })}
          </h2>
          {result.rejects.length ? (
            <Table head={[t('ledger.import.line'), t('ledger.import.problem')]}>
              {result.rejects.map((r) => (
                <tr>
                  <td>{r.line}</td>
                  <td>
                    {Object.entries(r.fields)
                      .map(([f, k]) => `${labels[f] ?? f}: ${t(k)}`)
                      .join('; ')}
                  </td>
                </tr>
              ))}
            </Table>
          ) : null}
          {result.stored.some((s) => s.receipt) ? (
            <>
              <h3>{t('ledger.import.receipts')}</h3>
              <p>{t('ledger.admin.receipt_lead')}</p>
              <Table head={[t('ledger.import.line'), t('ledger.field.entry'), t('ledger.receipt.code')]}>
                {result.stored
                  .filter((s) => s.receipt)
                  .map((s) => (
                    <tr>
                      <td>{s.line}</td>
                      <td>{describe(ctx, s.record)}</td>
                      <td>
                        <code>{s.receipt}</code>
                      </td>
                    </tr>
                  ))}
              </Table>
            </>
          ) : null}
        </section>
      ) : null}
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={`/${locale}/admin/ledger/import`} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={ctx} />
        <FileField
          ctx={ctx}
          name="file"
          label={t('ledger.field.file')}
          hint={t('ledger.import.hint')}
          errors={errors}
          accept=".csv,text/csv,text/plain"
        />
        <TextArea ctx={ctx} name="csv" label={t('ledger.import.paste')} values={values} errors={errors} rows={6} />
        <TextField
          ctx={ctx}
          name="purpose"
          label={t('ledger.field.purpose')}
          values={values}
          errors={errors}
          required
        />
        <TextField ctx={ctx} name="campaign" label={t('ledger.field.campaign')} values={values} errors={errors} />
        <Select
          ctx={ctx}
          name="category"
          label={t('ledger.import.category')}
          values={values}
          errors={errors}
          options={opts(SPEND_CATEGORIES, 'ledger.category')}
        />
        <Select
          ctx={ctx}
          name="payee_kind"
          label={t('ledger.import.payee_kind')}
          values={values}
          errors={errors}
          options={opts(PAYEE_KINDS, 'ledger.payee')}
        />
        <button class="button" type="submit">
          {t('ledger.import.submit')}
        </button>
      </form>
    </Layout>
  );
}

export function FiguresPage({
  ctx,
  sources,
  notice,
}: {
  ctx: PageContext;
  sources: FigureSource[];
  notice: AdminNotice | null;
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('ledger.admin.figures')} admin>
      <p class="breadcrumbs">
        <a href={`/${locale}/admin/ledger`}>{t('ledger.admin.title')}</a>
      </p>
      <h1>{t('ledger.admin.figures')}</h1>
      {notice ? (
        <p class="notice" role="status">
          {t(notice.key, notice.values)}
        </p>
      ) : null}
      <p>{t('ledger.figures.lead')}</p>
      {sources.length ? (
        <Table
          head={[
            t('ledger.field.campaign'),
            t('ledger.figures.what'),
            t('ledger.figures.value'),
            t('ledger.figures.publish'),
          ]}
        >
          {sources.map((s) => (
            <tr>
              <td>{pickText(s.campaignTitle, locale) || s.campaignSlug}</td>
              <td>{t(`ledger.figures.${s.type}`)}</td>
              <td class="num">{s.value}</td>
              <td>
                <form
                  method="post"
                  action={`/${locale}/admin/ledger/figures/${s.componentId}`}
                  enctype="multipart/form-data"
                  class="inline-form"
                >
                  <CsrfField ctx={ctx} />
                  {s.type === 'petition' ? (
                    <>
                      <label for={`x-${s.componentId}`}>{t('ledger.figures.export_file')}</label>
                      <input id={`x-${s.componentId}`} name="export" type="file" />
                    </>
                  ) : null}
                  <button class="button button--small" type="submit">
                    {t('ledger.figures.publish')}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t('ledger.figures.none')}</p>
      )}
    </Layout>
  );
}
