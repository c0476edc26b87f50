// Staff pages of a petition: state and transitions, signature tally, exports and delivery pack,
// updates to signers, hourly trending reports with alerts, and bulk invalidation with a preview.
import { formatDateTime, formatNumber } from '../../../i18n/format.ts';
import type { PageContext } from '../../../ui/context.ts';
import {
  CsrfField,
  ErrorSummary,
  Select,
  TextArea,
  TextField,
  type FormErrors,
  type FormValues,
} from '../../../ui/widgets/forms.tsx';
import { Table } from '../../../ui/widgets/table.tsx';
import { Tr } from '../../../ui/widgets/translated.tsx';
import { Layout } from '../../../ui/layout.tsx';
import type { Campaign } from '../../../core/campaigns/index.ts';
import type {
  InvalidationPreview,
  InvalidationRow,
  PetitionState,
  PetitionView,
  SignatureTally,
  TrendAlert,
  TrendReport,
} from '../petition.ts';
import { regionOptions } from './petition-page.tsx';
import { RegionCounts, StateBadge } from './parts.tsx';

export interface PetitionAdminProps {
  ctx: PageContext;
  petition: PetitionView;
  campaign: Campaign;
  tally: SignatureTally;
  next: PetitionState[];
  may: { manage: boolean; invalidate: boolean; export: boolean };
  reports: Array<{ hour: string; report: TrendReport; alerts: TrendAlert[] }>;
  invalidations: InvalidationRow[];
  regionNames: Record<string, string>;
  values: FormValues;
  errors: FormErrors;
  preview?: InvalidationPreview | null;
  notice?: string;
}

export const CRITERIA_FIELDS = [
  'domain',
  'ipHash',
  'ipPrefixHash',
  'from',
  'to',
  'region',
  'namePattern',
  'quarantinedOnly',
] as const;

function Transition({
  ctx,
  petition,
  to,
  values,
  errors,
}: {
  ctx: PageContext;
  petition: PetitionView;
  to: PetitionState;
  values: FormValues;
  errors: FormErrors;
}) {
  const { t, locale } = ctx;
  return (
    <form method="post" action={`/${locale}/admin/petitions/${petition.id}/state`} class="transition">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="to" value={to} />
      {to === 'rejected' ? (
        <TextArea
          ctx={ctx}
          name="reason"
          label={t('petition.admin.reason')}
          hint={t('petition.admin.reason_hint')}
          values={values}
          errors={errors}
          rows={3}
          required
        />
      ) : null}
      {to === 'answered' ? (
        <>
          <TextArea
            ctx={ctx}
            name="answer"
            label={t('petition.admin.answer')}
            values={values}
            errors={errors}
            rows={4}
            required
          />
          <TextField
            ctx={ctx}
            name="answerUrl"
            type="url"
            label={t('petition.admin.answer_url')}
            values={values}
            errors={errors}
          />
        </>
      ) : null}
      <button type="submit" class={to === 'open' ? 'button' : 'button button--secondary'}>
        {t(`petition.admin.to.${to}`)}
      </button>
    </form>
  );
}

function Reports({ ctx, reports }: { ctx: PageContext; reports: PetitionAdminProps['reports'] }) {
  const { t, locale } = ctx;
  if (!reports.length) return <p class="hint">{t('petition.admin.reports_none')}</p>;
  const top = (rows: TrendReport['domains']) => (rows ?? []).map((r) => `${r.key} (${r.n})`).join(', ') || '—';
  return (
    <Table
      head={[
        t('petition.admin.hour'),
        t('petition.admin.signatures'),
        t('petition.admin.top_domains'),
        t('petition.admin.top_ips'),
        t('petition.admin.top_regions'),
        t('petition.admin.alerts'),
      ]}
    >
      {reports.map((r) => (
        <tr class={r.alerts.length ? 'alert-row' : undefined}>
          <td>{formatDateTime(r.hour, locale)}</td>
          <td>
            {formatNumber(r.report.total ?? 0, locale)}
            <br />
            <small>
              {t('petition.admin.report_detail', {
                quarantined: r.report.quarantined ?? 0,
                nopow: r.report.withoutPow ?? 0,
                baseline: r.report.baselinePerHour ?? 0,
              })}
            </small>
          </td>
          <td>{top(r.report.domains)}</td>
          <td>
            <code class="details">{top(r.report.ipHashes)}</code>
            <br />
            <small>{t('petition.admin.prefixes')}</small> <code class="details">{top(r.report.ipPrefixes)}</code>
          </td>
          <td>{top(r.report.regions)}</td>
          <td>
            {r.alerts.length ? (
              <ul>
                {r.alerts.map((a) => (
                  <li>{t(`petition.alert.${a.kind}`, { n: a.n, key: a.key ?? '' })}</li>
                ))}
              </ul>
            ) : (
              '—'
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}

function Invalidation({
  ctx,
  petition,
  regionNames,
  values,
  errors,
  preview,
}: {
  ctx: PageContext;
  petition: PetitionView;
  regionNames: Record<string, string>;
  values: FormValues;
  errors: FormErrors;
  preview?: InvalidationPreview | null;
}) {
  const { t, locale } = ctx;
  const labels: Record<string, string> = Object.fromEntries(
    CRITERIA_FIELDS.map((f) => [f, t(`petition.admin.criteria.${f}`)]),
  );
  labels.reason = t('petition.admin.reason');
  return (
    <section aria-labelledby="inv-h">
      <h2 id="inv-h">{t('petition.admin.invalidate_title')}</h2>
      <p class="hint">{t('petition.admin.invalidate_hint')}</p>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="get" action={`/${locale}/admin/petitions/${petition.id}`} class="criteria" novalidate>
        <div class="row">
          <TextField ctx={ctx} name="domain" label={labels.domain} values={values} errors={errors} />
          <TextField ctx={ctx} name="ipHash" label={labels.ipHash} values={values} errors={errors} />
          <TextField ctx={ctx} name="ipPrefixHash" label={labels.ipPrefixHash} values={values} errors={errors} />
        </div>
        <div class="row">
          <TextField
            ctx={ctx}
            name="from"
            label={labels.from}
            hint={t('petition.admin.time_hint')}
            values={values}
            errors={errors}
          />
          <TextField ctx={ctx} name="to" label={labels.to} values={values} errors={errors} />
          <Select
            ctx={ctx}
            name="region"
            label={labels.region}
            values={values}
            errors={errors}
            options={[
              { value: '', label: t('petition.admin.any_region') },
              ...regionOptions(ctx, regionNames).slice(1),
            ]}
          />
          <TextField
            ctx={ctx}
            name="namePattern"
            label={labels.namePattern}
            hint={t('petition.admin.name_hint')}
            values={values}
            errors={errors}
          />
        </div>
        <div class="field field--checkbox">
          <input id="f-quarantinedOnly" type="checkbox" name="quarantinedOnly" checked={!!values.quarantinedOnly} />
          <label for="f-quarantinedOnly">{labels.quarantinedOnly}</label>
        </div>
        <input type="hidden" name="preview" value="1" />
        <button class="button button--secondary" type="submit">
          {t('petition.admin.preview')}
        </button>
      </form>
      {preview ? (
        <div class="preview" role="status">
          <h3>{t('petition.admin.preview_count', { count: preview.count })}</h3>
          <p>
            {Object.entries(preview.byStatus)
              .map(([s, n]) => `${t(`petition.tally.${s}`)}: ${n}`)
              .join(' · ')}
          </p>
          <RegionCounts ctx={ctx} counts={preview.byRegion} regionNames={regionNames} />
          {preview.sample.length ? (
            <Table
              head={[
                t('petition.admin.sample_name'),
                t('petition.regions.region'),
                t('petition.admin.criteria.domain'),
                t('petition.admin.sample_time'),
                t('petition.admin.sample_status'),
              ]}
            >
              {preview.sample.map((r) => (
                <tr>
                  <td>{r.name}</td>
                  <td>{regionNames[r.region] ?? r.region}</td>
                  <td>{r.domain}</td>
                  <td>{formatDateTime(r.createdAt, locale)}</td>
                  <td>{t(`petition.tally.${r.quarantined ? 'quarantined' : r.status}`)}</td>
                </tr>
              ))}
            </Table>
          ) : null}
          {preview.count ? (
            <form method="post" action={`/${locale}/admin/petitions/${petition.id}/invalidate`} class="narrow">
              <CsrfField ctx={ctx} />
              {CRITERIA_FIELDS.map((f) => (values[f] ? <input type="hidden" name={f} value={values[f]} /> : null))}
              <TextArea
                ctx={ctx}
                name="reason"
                label={labels.reason}
                hint={t('petition.admin.invalidate_reason_hint')}
                values={values}
                errors={errors}
                rows={3}
                required
              />
              <button class="button button--danger" type="submit">
                {t('petition.admin.invalidate_submit', { count: preview.count })}
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

export function PetitionAdminPage(p: PetitionAdminProps) {
  const { ctx, petition, campaign, tally } = p;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('petition.admin.title')} admin>
      <p>
        <a href={`/${locale}/admin/petitions`}>← {t('petition.admin.integrity_title')}</a> ·{' '}
        <a href={`/${locale}/admin/campaigns/${campaign.id}`}>
          <Tr ctx={ctx} value={campaign.title} />
        </a>
      </p>
      <h1>
        <Tr ctx={ctx} value={petition.settings.title} />
      </h1>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      <div class="status-bar">
        <p>
          {t('petition.admin.state')}: <StateBadge ctx={ctx} state={petition.state} />
        </p>
        <a href={`/${locale}/petitions/${petition.id}`}>{t('petition.admin.public_page')}</a>
        {p.may.manage ? (
          <a href={`/${locale}/admin/components/${petition.id}`}>{t('petition.admin.settings')}</a>
        ) : null}
        {p.may.manage && petition.state !== 'draft' && petition.state !== 'moderation' ? (
          <a href={`/${locale}/admin/responses/petition/${petition.id}`}>{t('petition.admin.responses')}</a>
        ) : null}
      </div>
      {petition.stateReason ? (
        <p class="hint prewrap">
          {t('petition.admin.rejection')}: {petition.stateReason}
        </p>
      ) : null}
      {p.next.map((to) => (
        <Transition ctx={ctx} petition={petition} to={to} values={p.values} errors={p.errors} />
      ))}

      <h2>{t('petition.admin.signatures')}</h2>
      <dl class="stats">
        {(['confirmed', 'pending', 'quarantined', 'withdrawn', 'invalidated'] as const).map((k) => (
          <div>
            <dt>{t(`petition.tally.${k}`)}</dt>
            <dd data-tally={k}>{formatNumber(tally[k], locale)}</dd>
          </div>
        ))}
        <div>
          <dt>{t('petition.admin.public_count')}</dt>
          <dd data-public-count="">{formatNumber(petition.count, locale)}</dd>
        </div>
      </dl>
      <p class="hint">{t('petition.admin.count_hint')}</p>

      {p.may.export ? (
        <section>
          <h2>{t('petition.admin.delivery')}</h2>
          <ul>
            <li>
              <a href={`/${locale}/admin/components/${petition.id}/export/counts`}>{t('petition.export.counts')}</a>
            </li>
            <li>
              <a href={`/${locale}/admin/components/${petition.id}/export/names`}>{t('petition.export.names')}</a>
            </li>
            <li>
              <a href={`/${locale}/admin/petitions/${petition.id}/delivery`}>{t('petition.admin.delivery_pack')}</a>
            </li>
          </ul>
        </section>
      ) : null}

      {p.may.manage && petition.state !== 'draft' && petition.state !== 'moderation' ? (
        <section>
          <h2>{t('petition.admin.update_title')}</h2>
          <p class="hint">{t('petition.admin.update_hint')}</p>
          <form method="post" action={`/${locale}/admin/petitions/${petition.id}/update`} class="narrow" novalidate>
            <CsrfField ctx={ctx} />
            <TextField
              ctx={ctx}
              name="subject"
              label={t('petition.admin.update_subject')}
              values={p.values}
              errors={p.errors}
              maxLength={150}
              required
            />
            <TextArea
              ctx={ctx}
              name="text"
              label={t('petition.admin.update_text')}
              values={p.values}
              errors={p.errors}
              rows={6}
              required
            />
            <button class="button button--secondary" type="submit">
              {t('petition.admin.update_send')}
            </button>
          </form>
        </section>
      ) : null}

      {p.may.invalidate ? (
        <>
          <section>
            <h2>{t('petition.admin.reports')}</h2>
            <Reports ctx={ctx} reports={p.reports} />
          </section>
          <Invalidation
            ctx={ctx}
            petition={petition}
            regionNames={p.regionNames}
            values={p.values}
            errors={p.errors}
            preview={p.preview}
          />
          {p.invalidations.length ? (
            <section>
              <h2>{t('petition.admin.invalidations')}</h2>
              <Table
                head={[
                  t('audit.when'),
                  t('petition.admin.signatures'),
                  t('petition.admin.reason'),
                  t('petition.admin.criteria_title'),
                ]}
              >
                {p.invalidations.map((i) => (
                  <tr>
                    <td>{formatDateTime(i.created_at, locale)}</td>
                    <td>{i.count}</td>
                    <td class="prewrap">{i.reason}</td>
                    <td>
                      <code class="details">{i.criteria}</code>
                    </td>
                  </tr>
                ))}
              </Table>
            </section>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}
