// The upload form (with the recent uploads) and an upload's status page: a progress bar while the
// import runs (kept current by the page's script, or by the page reloading itself without one),
// then the same summary and rejected lines as `dauys monitor import` prints, and the rejects as CSV.
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import type { UiLocale } from '../../i18n/locales.ts';
import type { PageContext } from '../../ui/context.ts';
import { Layout } from '../../ui/layout.tsx';
import {
  ErrorSummary,
  FileField,
  Select,
  TextField,
  type FormErrors,
  type FormValues,
} from '../../ui/widgets/forms.tsx';
import { Table } from '../../ui/widgets/table.tsx';
import { importReport } from '../import-report.ts';
import { FORMATS } from '../monitor.import.ts';
import { PLATFORMS } from '../post.ts';
import type { Upload } from '../upload.model.ts';

const mb = (bytes: number, locale: UiLocale) =>
  formatNumber(Math.max(0.1, Math.round((bytes / 2 ** 20) * 10) / 10), locale);

function statusText(ctx: PageContext, u: Upload): string {
  return ctx.t(`monitor.upload.status.${u.stalled ? 'stalled' : u.status}`);
}

function Breadcrumbs({ ctx }: { ctx: PageContext }) {
  const { t, locale } = ctx;
  return (
    <nav class="breadcrumbs" aria-label={t('nav.breadcrumbs')}>
      <a href={`/${locale}/admin`}>{t('admin.title')}</a> ›{' '}
      <a href={`/${locale}/admin/monitor`}>{t('monitor.title')}</a>
    </nav>
  );
}

export function UploadPage(p: {
  ctx: PageContext;
  values: FormValues;
  errors: FormErrors;
  /** The refusal's detail (columns found, columns missing …), shown under the error summary. */
  detail?: string;
  maxBytes: number;
  campaigns: Array<{ id: string; title: string }>;
  uploads: Upload[];
}) {
  const { ctx } = p;
  const { t, locale } = ctx;
  const labels = {
    file: t('monitor.upload.file'),
    format: t('monitor.upload.format'),
    platform: t('monitor.upload.platform'),
    columns: t('monitor.upload.columns'),
    campaign: t('monitor.upload.campaign'),
  };
  return (
    <Layout ctx={ctx} title={t('monitor.upload.title')} admin>
      <Breadcrumbs ctx={ctx} />
      <h1>{t('monitor.upload.title')}</h1>
      <ErrorSummary ctx={ctx} errors={p.errors} labels={labels} />
      {p.detail ? <p class="error">{t('monitor.upload.detail', { detail: p.detail })}</p> : null}
      <p class="lead">{t('monitor.upload.intro')}</p>
      <form
        method="post"
        action={`/${locale}/admin/monitor/upload`}
        enctype="multipart/form-data"
        data-max-bytes={String(p.maxBytes)}
        data-too-large={t('monitor.upload.error.too_large')}
      >
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <Select
          ctx={ctx}
          name="format"
          label={labels.format}
          values={p.values}
          errors={p.errors}
          options={[
            { value: 'auto', label: t('monitor.upload.format.auto') },
            ...FORMATS.map((f) => ({ value: f, label: t(`monitor.upload.format.${f}`) })),
          ]}
        />
        <Select
          ctx={ctx}
          name="platform"
          label={labels.platform}
          hint={t('monitor.upload.platform_hint')}
          values={p.values}
          errors={p.errors}
          options={[
            { value: '', label: t('monitor.upload.platform.auto') },
            ...PLATFORMS.map((x) => ({ value: x, label: x })),
          ]}
        />
        <TextField
          ctx={ctx}
          name="columns"
          label={labels.columns}
          hint={t('monitor.upload.columns_hint')}
          values={p.values}
          errors={p.errors}
          maxLength={1000}
        />
        <Select
          ctx={ctx}
          name="campaign"
          label={labels.campaign}
          values={p.values}
          errors={p.errors}
          options={[
            { value: '', label: t('monitor.upload.campaign.none') },
            ...p.campaigns.map((c) => ({ value: c.id, label: c.title })),
          ]}
        />
        {/* The file comes last: the server checks the fields above before it reads a byte of it. */}
        <FileField
          ctx={ctx}
          name="file"
          label={labels.file}
          hint={t('monitor.upload.file_hint', { max: formatNumber(Math.round(p.maxBytes / 2 ** 20), locale) })}
          errors={p.errors}
          required
          accept=".ndjson,.json,.jsonl,.csv,.tsv,.txt,text/csv,application/x-ndjson"
        />
        <button type="submit">{t('monitor.upload.submit')}</button>
      </form>

      <section>
        <h2>{t('monitor.upload.recent')}</h2>
        {p.uploads.length ? (
          <Table
            head={[
              t('monitor.file'),
              t('monitor.when'),
              t('monitor.upload.by'),
              t('monitor.upload.size'),
              t('monitor.status'),
              t('monitor.new'),
              t('monitor.rejected'),
            ]}
          >
            {p.uploads.map((u) => (
              <tr>
                <td>
                  <a href={`/${locale}/admin/monitor/uploads/${u.id}`}>{u.fileName}</a> <small>({u.format})</small>
                </td>
                <td>{formatDateTime(u.createdAt, locale)}</td>
                <td>{u.uploadedBy}</td>
                <td>{t('monitor.upload.megabytes', { mb: mb(u.size, locale) })}</td>
                <td>{statusText(ctx, u)}</td>
                <td>{formatNumber(u.inserted, locale)}</td>
                <td>{formatNumber(u.rejected, locale)}</td>
              </tr>
            ))}
          </Table>
        ) : (
          <p>{t('monitor.upload.none')}</p>
        )}
      </section>
    </Layout>
  );
}

export function UploadStatusPage({ ctx, upload: u }: { ctx: PageContext; upload: Upload }) {
  const { t, locale } = ctx;
  const n = (v: number) => formatNumber(v, locale);
  const going = u.status === 'queued' || u.status === 'running';
  const base = `/${locale}/admin/monitor/uploads/${u.id}`;
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
    u.status === 'done' ? 1 : u.size ? Math.min(1, u.bytesRead / u.size) : 0,
  );
  const report = u.summary ? importReport(u.summary, t) : null;
  return (
    <Layout ctx={ctx} title={`${u.fileName} · ${t('monitor.upload.title')}`} admin refreshWithoutScript={going ? 5 : 0}>
      <Breadcrumbs ctx={ctx} />
      <h1>{u.fileName}</h1>
      <p>
        {t('monitor.upload.megabytes', { mb: mb(u.size, locale) })} · {u.format} · {u.uploadedBy} ·{' '}
        {formatDateTime(u.createdAt, locale)}
      </p>
      <section data-upload-status={going ? `${base}/status` : undefined}>
        <h2>{t('monitor.upload.progress')}</h2>
        <p>
          <strong data-upload-field="status">{statusText(ctx, u)}</strong>
        </p>
        <label for="upload-progress">{t('monitor.upload.progress')}</label>{' '}
        <progress id="upload-progress" max={u.size || 1} value={u.status === 'done' ? u.size || 1 : u.bytesRead}>
          {percent}
        </progress>
        <p role="status" data-upload-field="text">
          {t('monitor.upload.progress_text', {
            percent,
            read: u.read,
            inserted: n(u.inserted),
            updated: n(u.updated),
            rejected: n(u.rejected),
          })}
        </p>
        {u.stalled ? <p>{t('monitor.upload.stalled')}</p> : null}
        {going ? (
          <p>
            {t('monitor.upload.refresh_note')} <a href={base}>{t('monitor.upload.reload')}</a>
          </p>
        ) : null}
      </section>
      {u.status === 'failed' ? (
        <div class="error-summary" role="alert">
          <h2>{t('monitor.upload.failed')}</h2>
          <p>{t(`monitor.upload.error.${u.error ?? 'internal'}`)}</p>
          {u.errorDetail && u.error !== 'file_missing' ? (
            <p>{t('monitor.upload.detail', { detail: u.errorDetail })}</p>
          ) : null}
        </div>
      ) : null}
      {report && !going ? (
        <section>
          <h2>{t('monitor.upload.summary')}</h2>
          {u.summary?.encoding ? (
            <p>
              {t('monitor.upload.summary_meta', { encoding: u.summary.encoding, platform: u.summary.platform ?? '—' })}
            </p>
          ) : null}
          <dl class="figures">
            <dt>{t('monitor.read')}</dt>
            <dd>{n(report.read)}</dd>
            <dt>{t('monitor.new')}</dt>
            <dd>{n(report.inserted)}</dd>
            <dt>{t('monitor.updated')}</dt>
            <dd>{n(report.updated)}</dd>
            <dt>{t('monitor.rejected')}</dt>
            <dd>{n(report.rejected)}</dd>
          </dl>
          {report.reasons.length ? (
            <>
              <h3>{t('monitor.upload.reasons')}</h3>
              <ul class="reasons">
                {report.reasons.map((r) => (
                  <li data-reason={r.reason}>
                    {r.text}: {n(r.n)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {report.rejects.length ? (
            <>
              <h3>{t('monitor.upload.rejected_lines')}</h3>
              <ul class="rejects">
                {report.rejects.map((r) => (
                  <li data-line={r.line}>
                    {t('monitor.upload.line', { line: r.line })}: {r.text}
                  </li>
                ))}
              </ul>
              {report.more ? <p>{t('monitor.upload.more', { n: report.more })}</p> : null}
              <p>
                <a href={`${base}/rejects.csv`} download>
                  {t('monitor.upload.download_rejects')}
                </a>
              </p>
            </>
          ) : null}
        </section>
      ) : null}
      <p>
        <a href={`/${locale}/admin/monitor/upload`}>{t('monitor.upload.another')}</a>
      </p>
    </Layout>
  );
}
