// The analyst's starting point: start an analysis of a campaign, a hashtag or everything, and the
// analyses run so far with their state.
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import type { PageContext } from '../../ui/context.ts';
import { Layout } from '../../ui/layout.tsx';
import { CsrfField, ErrorSummary, type FormErrors, type FormValues } from '../../ui/widgets/forms.tsx';
import { Table } from '../../ui/widgets/table.tsx';
import { TYPES } from '../keys.ts';
import type { RunRecord } from '../coordination.model.ts';
import { Caution } from './caution.tsx';
import { RunState } from './run-state.tsx';

export interface RunsPageProps {
  ctx: PageContext;
  runs: RunRecord[];
  scopeNames: Record<string, string>;
  campaigns: Array<{ id: string; title: string }>;
  platforms: readonly string[];
  values: FormValues;
  errors: FormErrors;
}

export function RunsPage({ ctx, runs, scopeNames, campaigns, platforms, values, errors }: RunsPageProps) {
  const { t, locale } = ctx;
  const base = `/${locale}/admin/coordination`;
  const field = (name: string) => (errors[name] ? 'field field--error' : 'field');
  const err = (name: string) =>
    errors[name] ? (
      <p class="error" id={`e-${name}`}>
        {t(errors[name])}
      </p>
    ) : null;
  return (
    <Layout ctx={ctx} title={t('coordination.title')} admin>
      <h1>{t('coordination.title')}</h1>
      <p>{t('coordination.intro')}</p>
      <Caution ctx={ctx} />
      <h2>{t('coordination.new')}</h2>
      <ErrorSummary
        ctx={ctx}
        errors={errors}
        labels={{
          scope: t('coordination.field.scope'),
          hashtag: t('coordination.field.hashtag'),
          type: t('coordination.field.type'),
          window: t('coordination.field.window'),
          from: t('monitor.filter.from'),
          to: t('monitor.filter.to'),
        }}
      />
      <form method="post" action={`${base}/runs`} class="stack">
        <CsrfField ctx={ctx} />
        <div class={field('scope')}>
          <label for="f-scope">{t('coordination.field.scope')}</label>
          {err('scope')}
          <select id="f-scope" name="scope">
            <option value="a" selected={values.scope === 'a'}>
              {t('coordination.scope.all')}
            </option>
            {campaigns.map((c) => (
              <option value={`c:${c.id}`} selected={values.scope === `c:${c.id}`}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        <div class={field('hashtag')}>
          <label for="f-hashtag">{t('coordination.field.hashtag')}</label>
          <p class="hint" id="h-hashtag">
            {t('coordination.field.hashtag_hint')}
          </p>
          {err('hashtag')}
          <input
            id="f-hashtag"
            name="hashtag"
            value={values.hashtag ?? ''}
            maxLength={120}
            aria-describedby="h-hashtag"
          />
        </div>
        <div class={field('type')}>
          <label for="f-type">{t('coordination.field.type')}</label>
          {err('type')}
          <select id="f-type" name="type">
            {TYPES.map((type) => (
              <option value={type} selected={(values.type || 'co-repost') === type}>
                {t(`coordination.type.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <div class={field('window')}>
          <label for="f-window">{t('coordination.field.window')}</label>
          <p class="hint" id="h-window">
            {t('coordination.field.window_hint')}
          </p>
          {err('window')}
          <input
            id="f-window"
            name="window"
            type="number"
            min="0"
            max="604800"
            inputMode="numeric"
            value={values.window ?? '60'}
            aria-describedby="h-window"
          />
        </div>
        <div class="filters">
          {(['from', 'to'] as const).map((f) => (
            <div class={field(f)}>
              <label for={`f-${f}`}>{t(`monitor.filter.${f}`)}</label>
              {err(f)}
              <input id={`f-${f}`} name={f} type="date" value={values[f] ?? ''} />
            </div>
          ))}
          <div class="field">
            <label for="f-platform">{t('monitor.filter.platform')}</label>
            <select id="f-platform" name="platform">
              <option value="">{t('monitor.filter.all')}</option>
              {platforms.map((p) => (
                <option value={p} selected={values.platform === p}>
                  {t(`monitor.platform.${p}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button class="button" type="submit">
          {t('coordination.start')}
        </button>
      </form>
      <h2>{t('coordination.runs')}</h2>
      {runs.length ? (
        <Table
          head={[
            t('coordination.col.started'),
            t('coordination.field.scope'),
            t('coordination.field.type'),
            t('coordination.col.state'),
            t('coordination.col.clusters'),
          ]}
        >
          {runs.map((r) => (
            <tr>
              <td>
                <a href={`${base}/runs/${r.id}`}>{formatDateTime(r.createdAt, locale)}</a>
              </td>
              <td>{scopeNames[r.scope] ?? r.scope}</td>
              <td>
                {t(`coordination.type.${r.type}`)}, {t('coordination.window_s', { seconds: r.window })}
              </td>
              <td>
                <RunState ctx={ctx} run={r} />
              </td>
              <td>{r.status === 'done' ? formatNumber(r.clusters, locale) : '—'}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t('coordination.no_runs')}</p>
      )}
    </Layout>
  );
}
