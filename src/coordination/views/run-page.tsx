// One analysis: its state while it runs (the page refreshes itself), then its figures, its clusters
// (strongest first, each linking to its evidence) and the exports.
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import type { PageContext } from '../../ui/context.ts';
import { Layout } from '../../ui/layout.tsx';
import { CsrfField } from '../../ui/widgets/forms.tsx';
import { Table } from '../../ui/widgets/table.tsx';
import type { ClusterRecord, RunRecord } from '../coordination.model.ts';
import { Caution } from './caution.tsx';
import { RunState } from './run-state.tsx';

export interface RunPageProps {
  ctx: PageContext;
  run: RunRecord;
  scopeName: string;
  /** The monitor page of the run's scope. */
  monitorHref: string;
  clusters: ClusterRecord[];
}

export function RunPage({ ctx, run, scopeName, monitorHref, clusters }: RunPageProps) {
  const { t, locale } = ctx;
  const base = `/${locale}/admin/coordination/runs/${run.id}`;
  const n = (v: number) => formatNumber(v, locale);
  const active = run.status === 'queued' || run.status === 'running';
  const heading = t('coordination.run.title', { type: t(`coordination.type.${run.type}`), scope: scopeName });
  return (
    <Layout ctx={ctx} title={heading} admin>
      <p>
        <a href={`/${locale}/admin/coordination`}>{t('coordination.title')}</a> ·{' '}
        <a href={monitorHref}>{t('coordination.to_monitor')}</a>
      </p>
      <h1>{heading}</h1>
      <Caution ctx={ctx} />
      <dl class="headline">
        <div>
          <dt>{t('coordination.col.state')}</dt>
          <dd>
            <RunState ctx={ctx} run={run} detailed />
          </dd>
        </div>
        <div>
          <dt>{t('coordination.field.window')}</dt>
          <dd>{t('coordination.window_s', { seconds: run.window })}</dd>
        </div>
        {run.status === 'done'
          ? (
              [
                ['coordination.figure.posts', run.messages],
                ['coordination.figure.accounts', run.users],
                ['coordination.figure.edges', run.edges],
                ['coordination.figure.significant', run.significant],
                ['coordination.col.clusters', run.clusters],
              ] as const
            ).map(([key, v]) => (
              <div>
                <dt>{t(key)}</dt>
                <dd>{n(v)}</dd>
              </div>
            ))
          : null}
      </dl>
      <p class="hint">
        {t('coordination.run.by', { who: run.startedBy, when: formatDateTime(run.createdAt, locale) })}
        {run.filter.from || run.filter.to || run.filter.platform
          ? ` · ${[run.filter.from, run.filter.to].filter(Boolean).join(' – ')} ${
              run.filter.platform ? t(`monitor.platform.${run.filter.platform}`) : ''
            }`
          : ''}
      </p>
      {active ? (
        <>
          <p aria-live="polite">{t('coordination.run.refreshing')}</p>
          <form method="post" action={`${base}/cancel`}>
            <CsrfField ctx={ctx} />
            <button class="button button--secondary" type="submit">
              {t('coordination.cancel')}
            </button>
          </form>
        </>
      ) : null}
      {run.status === 'done' ? <Clusters ctx={ctx} base={base} clusters={clusters} /> : null}
      {run.status === 'done' && clusters.length ? <Exports ctx={ctx} base={base} /> : null}
      {active ? null : (
        <form method="post" action={`${base}/delete`} class="danger-zone">
          <CsrfField ctx={ctx} />
          <button class="button button--danger" type="submit">
            {t('coordination.delete')}
          </button>
        </form>
      )}
    </Layout>
  );
}

function Clusters({ ctx, base, clusters }: { ctx: PageContext; base: string; clusters: ClusterRecord[] }) {
  const { t, locale } = ctx;
  if (!clusters.length) return <p>{t('coordination.no_clusters')}</p>;
  return (
    <>
      <h2>{t('coordination.clusters')}</h2>
      <p class="hint">{t('coordination.clusters_hint')}</p>
      <Table
        head={[
          t('coordination.col.cluster'),
          t('coordination.figure.accounts'),
          t('coordination.col.score'),
          t('coordination.col.members'),
        ]}
      >
        {clusters.map((c) => (
          <tr>
            <td>
              <a href={`${base}/clusters/${c.idx}`}>{t('coordination.cluster_n', { n: c.idx })}</a>
            </td>
            <td>{formatNumber(c.size, locale)}</td>
            <td>{formatNumber(Math.round(c.score), locale)}</td>
            <td>
              {c.members
                .slice(0, 5)
                .map((m) => m.handle)
                .join(', ')}
              {c.size > 5 ? ` … (+${formatNumber(c.size - 5, locale)})` : ''}
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}

function Exports({ ctx, base }: { ctx: PageContext; base: string }) {
  const { t } = ctx;
  return (
    <>
      <h2>{t('coordination.exports')}</h2>
      <form method="get" action={`${base}/export`} class="stack">
        <fieldset class="field">
          <legend>{t('coordination.export.format')}</legend>
          {(['gexf', 'edges', 'clusters'] as const).map((f, i) => (
            <div class="field field--checkbox">
              <input type="radio" id={`x-${f}`} name="format" value={f} checked={i === 0} />
              <label for={`x-${f}`}>{t(`coordination.export.${f}`)}</label>
            </div>
          ))}
        </fieldset>
        <div class="field field--checkbox">
          <input type="checkbox" id="x-pseudonymise" name="pseudonymise" value="1" checked />
          <label for="x-pseudonymise">{t('coordination.export.pseudonymise')}</label>
        </div>
        <button class="button" type="submit">
          {t('coordination.export.download')}
        </button>
      </form>
    </>
  );
}
