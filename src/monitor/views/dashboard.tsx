// The monitor's front page for analysts and organisers: everything monitored at a glance, each
// campaign's volume, share of voice between chosen campaigns, the hashtag directory, recent
// imports with their rejects, and how to bring data in.
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { pickText } from '../../i18n/locales.ts';
import { Table } from '../../ui/widgets/table.tsx';
import { ColumnChart } from '../../ui/widgets/svg-charts.tsx';
import type { PageContext } from '../../ui/context.ts';
import { Layout } from '../../ui/layout.tsx';
import type { Campaign } from '../../core/campaigns/index.ts';
import type { Overview } from '../monitor.model.ts';
import { formatBucket, Headline } from './scope-page.tsx';

export interface DashboardProps {
  ctx: PageContext;
  overview: Overview;
  campaigns: Array<{ campaign: Campaign; posts: number; last: string | null }>;
  compare: {
    ids: string[];
    buckets: string[];
    series: Array<{ id: string; label: string; posts: number; values: number[] }>;
  };
  hashtags: Array<{ key: string; tag: string; posts: number; lastAt: string }>;
  /** The hashtag search (the q parameter). */
  search: string;
  connectors: {
    names: string[];
    queries: Array<{
      connector: string;
      query: string;
      lastRunAt: string | null;
      lastError: string | null;
      fetched: number;
    }>;
  };
  imports: Array<{
    id: string;
    fileName: string;
    format: string;
    status: string;
    read: number;
    inserted: number;
    updated: number;
    rejected: number;
    startedBy: string;
    startedAt: string;
    reasons: Record<string, number>;
  }>;
}

export function MonitorDashboard(p: DashboardProps) {
  const { ctx } = p;
  const { t, locale } = ctx;
  const n = (v: number) => formatNumber(v, locale);
  const totalCompared = p.compare.series.reduce((s, x) => s + x.posts, 0);
  return (
    <Layout ctx={ctx} title={t('monitor.title')} admin>
      <nav class="breadcrumbs" aria-label={t('nav.breadcrumbs')}>
        <a href={`/${locale}/admin`}>{t('admin.title')}</a>
      </nav>
      <h1>{t('monitor.title')}</h1>
      <p class="lead">{t('monitor.intro')}</p>
      <Headline ctx={ctx} overview={p.overview} />
      <p>
        <a href={`/${locale}/admin/monitor/all`}>{t('monitor.all_posts')}</a>
      </p>

      <section>
        <h2>{t('monitor.campaigns')}</h2>
        <Table head={[t('admin.campaign.title'), t('monitor.posts'), t('monitor.last_post')]}>
          {p.campaigns.map(({ campaign, posts, last }) => (
            <tr>
              <td>
                <a href={`/${locale}/admin/monitor/campaigns/${campaign.id}`}>{pickText(campaign.title, locale)}</a>
                <br />
                <small>
                  {campaign.hashtagGroups
                    .flat()
                    .map((h) => '#' + h.tag)
                    .join(' ')}
                </small>
              </td>
              <td>{n(posts)}</td>
              <td>{last ? formatBucket(last, locale) : '—'}</td>
            </tr>
          ))}
        </Table>
      </section>

      <section>
        <h2>{t('monitor.share_of_voice')}</h2>
        <p class="hint">{t('monitor.share_of_voice_hint')}</p>
        <form method="get" action={`/${locale}/admin/monitor`} class="compare">
          <fieldset>
            <legend>{t('monitor.compare')}</legend>
            {p.campaigns.map(({ campaign }) => (
              <label class="check">
                <input type="checkbox" name="c" value={campaign.id} checked={p.compare.ids.includes(campaign.id)} />{' '}
                {pickText(campaign.title, locale)}
              </label>
            ))}
          </fieldset>
          <button type="submit">{t('monitor.compare')}</button>
        </form>
        {p.compare.series.length && totalCompared ? (
          <>
            <ColumnChart
              id="sov"
              title={t('monitor.share_of_voice')}
              desc={t('monitor.share_of_voice_hint')}
              buckets={p.compare.buckets}
              series={p.compare.series.map((s, i) => ({ key: `s${i % 6}`, label: s.label, values: s.values }))}
              format={n}
              formatBucket={(b) => formatBucket(b, locale)}
            />
            <Table head={[t('admin.campaign.title'), t('monitor.posts'), t('monitor.share')]}>
              {p.compare.series.map((s, i) => (
                <tr>
                  <td>
                    <span class={`swatch chart__bar--s${i % 6}`} aria-hidden="true"></span> {s.label}
                  </td>
                  <td>{n(s.posts)}</td>
                  <td>
                    {new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
                      s.posts / totalCompared,
                    )}
                  </td>
                </tr>
              ))}
            </Table>
          </>
        ) : null}
      </section>

      <section>
        <h2>{t('monitor.hashtags')}</h2>
        <form method="get" action={`/${locale}/admin/monitor`} class="search" role="search">
          <label for="f-q">{t('monitor.hashtag_search')}</label>
          <input id="f-q" name="q" type="search" value={p.search} maxLength={100} />
          <button type="submit">{t('monitor.search')}</button>
        </form>
        {p.hashtags.length ? (
          <Table head={[t('monitor.hashtag'), t('monitor.posts'), t('monitor.last_post')]}>
            {p.hashtags.map((h) => (
              <tr>
                <td>
                  <a href={`/${locale}/admin/monitor/hashtags/${encodeURIComponent(h.key)}`}>#{h.tag}</a>
                </td>
                <td>{n(h.posts)}</td>
                <td>{formatDateTime(h.lastAt, locale)}</td>
              </tr>
            ))}
          </Table>
        ) : (
          <p>{t('monitor.no_posts')}</p>
        )}
      </section>

      <section>
        <h2>{t('monitor.connectors')}</h2>
        {p.connectors.names.length ? (
          <>
            <p>{t('monitor.connectors_on', { names: p.connectors.names.join(', ') })}</p>
            {p.connectors.queries.length ? (
              <Table
                head={[
                  t('monitor.connector'),
                  t('monitor.query'),
                  t('monitor.last_run'),
                  t('monitor.fetched'),
                  t('monitor.status'),
                ]}
              >
                {p.connectors.queries.map((q) => (
                  <tr>
                    <td>{q.connector}</td>
                    <td>{q.query}</td>
                    <td>{q.lastRunAt ? formatDateTime(q.lastRunAt, locale) : '—'}</td>
                    <td>{n(q.fetched)}</td>
                    <td>{q.lastError ?? t('monitor.ok')}</td>
                  </tr>
                ))}
              </Table>
            ) : null}
          </>
        ) : (
          <p>{t('monitor.connectors_none')}</p>
        )}
      </section>

      <section>
        <h2>{t('monitor.imports')}</h2>
        <p>
          <a href={`/${locale}/admin/monitor/upload`}>{t('monitor.upload.link')}</a>
        </p>
        <p>{t('monitor.import_how')}</p>
        <pre class="code" tabIndex={0}>
          npx dauys monitor import FILE --format zeeschuimer|4cat|csv [--platform …] [--campaign SLUG]
        </pre>
        {p.imports.length ? (
          <Table
            head={[
              t('monitor.file'),
              t('monitor.when'),
              t('monitor.status'),
              t('monitor.read'),
              t('monitor.new'),
              t('monitor.updated'),
              t('monitor.rejected'),
            ]}
          >
            {p.imports.map((i) => (
              <tr>
                <td>
                  {i.fileName} <small>({i.format})</small>
                </td>
                <td>{formatDateTime(i.startedAt, locale)}</td>
                <td>{t(`monitor.import_status.${i.status}`)}</td>
                <td>{n(i.read)}</td>
                <td>{n(i.inserted)}</td>
                <td>{n(i.updated)}</td>
                <td>
                  {n(i.rejected)}
                  {Object.keys(i.reasons).length ? (
                    <ul class="reasons">
                      {Object.entries(i.reasons).map(([r, c]) => (
                        <li>
                          {t(`monitor.reject.${r}`)}: {n(c)}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </td>
              </tr>
            ))}
          </Table>
        ) : null}
      </section>
    </Layout>
  );
}
