// Public pages: the stories wall (each story behind its content warnings) and the statistics,
// as SVG bar charts with the same figures in tables; suppressed cells show as "fewer than 5".
import type { Region } from '../../../core/regions/index.ts';
import { pickText } from '../../../i18n/locales.ts';
import { formatNumber, formatPartialDate } from '../../../i18n/format.ts';
import type { PageContext } from '../../../ui/context.ts';
import { Table } from '../../../ui/widgets/table.tsx';
import { Layout } from '../../../ui/layout.tsx';
import { MIN_CELL, type Cell, type Statistics } from '../statistics.ts';
import type { Story } from '../testimony.ts';

export function StoriesPage({ ctx, stories, call }: { ctx: PageContext; stories: Story[]; call: string | null }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('testimony.stories.title')} survivorFacing>
      <h1>{t('testimony.stories.title')}</h1>
      {call ? <p class="lead">{call}</p> : null}
      <p class="notice">{t('testimony.stories.note')}</p>
      {stories.length ? (
        <div class="stories">
          {stories.map((s) => (
            <article class="story">
              <p class="card__meta">{formatPartialDate(s.publishedOn.slice(0, 7), locale)}</p>
              {s.warnings.length ? (
                <details>
                  <summary>
                    {t('testimony.stories.warning')}: {s.warnings.map((w) => t(`testimony.warning.${w}`)).join(', ')}.{' '}
                    {t('testimony.stories.open')}
                  </summary>
                  <div class="story__body">{s.body}</div>
                </details>
              ) : (
                <div class="story__body">{s.body}</div>
              )}
            </article>
          ))}
        </div>
      ) : (
        <p class="empty">{t('testimony.stories.none')}</p>
      )}
      <p>
        <a href={`/${locale}/tell`}>{t('testimony.component.cta')}</a> ·{' '}
        <a href={`/${locale}/help`}>{t('testimony.guide.help_link')}</a>
      </p>
    </Layout>
  );
}

function BarChart({
  ctx,
  cells,
  label,
  title,
}: {
  ctx: PageContext;
  cells: Cell[];
  label: (k: string) => string;
  title: string;
}) {
  const shown = cells.filter((c) => c.count !== null);
  if (!shown.length) return null;
  const max = Math.max(...shown.map((c) => c.count!));
  const row = 26;
  const labelW = 210;
  const barW = 330;
  const h = shown.length * row + 8;
  return (
    <svg class="chart" viewBox={`0 0 ${labelW + barW + 60} ${h}`} role="img" aria-label={title} width="600">
      {shown.map((c, i) => {
        const y = i * row + 4;
        const w = Math.max(2, Math.round((c.count! / max) * barW));
        return (
          <g>
            <text x={labelW - 8} y={y + 16} text-anchor="end" font-size="13" fill="#1d1b22">
              {label(c.key)}
            </text>
            <rect x={labelW} y={y + 3} width={w} height={row - 8} fill="#5b2a86" rx="3" />
            <text x={labelW + w + 6} y={y + 16} font-size="13" fill="#1d1b22">
              {formatNumber(c.count!, ctx.locale)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function Dimension({
  ctx,
  id,
  title,
  cells,
  label,
}: {
  ctx: PageContext;
  id: string;
  title: string;
  cells: Cell[];
  label: (k: string) => string;
}) {
  const { t, locale } = ctx;
  if (!cells.length) return null;
  return (
    <section aria-labelledby={id} class="stat-block">
      <h2 id={id}>{title}</h2>
      <BarChart ctx={ctx} cells={cells} label={label} title={title} />
      <Table head={[title, t('testimony.stats.count')]}>
        {cells.map((c) => (
          <tr>
            <td>{label(c.key)}</td>
            <td>
              {c.count === null ? t('testimony.stats.suppressed', { min: MIN_CELL }) : formatNumber(c.count, locale)}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

export function StatisticsPage({
  ctx,
  stats,
  regions,
}: {
  ctx: PageContext;
  stats: Statistics;
  regions: readonly Region[];
}) {
  const { t, locale } = ctx;
  const unknown = (k: string, f: (k: string) => string) => (k === 'unknown' ? t('testimony.stats.unknown') : f(k));
  return (
    <Layout ctx={ctx} title={t('testimony.stats.title')}>
      <h1>{t('testimony.stats.title')}</h1>
      <p class="lead">{t('testimony.stats.lead', { min: MIN_CELL })}</p>
      <dl class="stats">
        <div>
          <dt>{t('testimony.stats.total')}</dt>
          <dd>
            {stats.total === null
              ? t('testimony.stats.suppressed', { min: MIN_CELL })
              : formatNumber(stats.total, locale)}
          </dd>
        </div>
        <div>
          <dt>{t('testimony.stats.police_rate')}</dt>
          <dd>
            {stats.police.rate === null
              ? t('testimony.stats.suppressed_rate')
              : `${Math.round(stats.police.rate * 100)}%`}
          </dd>
        </div>
      </dl>
      {stats.total === null ? <p class="notice">{t('testimony.stats.too_few', { min: MIN_CELL })}</p> : null}
      <Dimension
        ctx={ctx}
        id="st-year"
        title={t('testimony.stats.by_year')}
        cells={stats.byYear}
        label={(k) => unknown(k, (x) => x)}
      />
      <Dimension
        ctx={ctx}
        id="st-region"
        title={t('testimony.stats.by_region')}
        cells={stats.byRegion}
        label={(k) => unknown(k, (x) => pickText(regions.find((r) => r.code === x)?.name, locale) || x)}
      />
      <Dimension
        ctx={ctx}
        id="st-rel"
        title={t('testimony.stats.by_relationship')}
        cells={stats.byRelationship}
        label={(k) => unknown(k, (x) => t(`testimony.relationship.${x}`))}
      />
      <Dimension
        ctx={ctx}
        id="st-delay"
        title={t('testimony.stats.by_delay')}
        cells={stats.byDelay}
        label={(k) => t(`testimony.stats.delay.${k}`)}
      />
    </Layout>
  );
}
