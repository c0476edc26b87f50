// Analytics of one scope (a campaign, a hashtag or everything): filters, headline figures, volume
// over time stacked by platform with spikes marked, platform and language split, top posts,
// top authors by reach, co-hashtags, and the exports with the same filters.
import { formatDateTime, formatNumber, formatPartialDate } from '../../i18n/format.ts';
import { inScript, pickText, type UiLocale } from '../../i18n/locales.ts';
import { Table } from '../../ui/widgets/table.tsx';
import { BarList, ColumnChart, type ChartFlag } from '../../ui/widgets/svg-charts.tsx';
import { Tr } from '../../ui/widgets/translated.tsx';
import type { PageContext } from '../../ui/context.ts';
import { Layout } from '../../ui/layout.tsx';
import { LANGS } from '../language.ts';
import { PLATFORMS } from '../post.ts';
import { isTagScope, type Overview, type Spike, type TopAuthor, type TopPost } from '../monitor.model.ts';
import { whenText, type SpikeEvent } from '../spike-events.ts';

export interface ScopePageProps {
  ctx: PageContext;
  heading: string;
  /** Base path of this page (without query), e.g. /en/admin/monitor/campaigns/ID. */
  base: string;
  query: Record<string, string>;
  errors: Record<string, string>;
  overview: Overview;
  topPosts: TopPost[];
  topAuthors: TopAuthor[];
  coHashtags: Array<{ key: string; tag: string; posts: number }>;
  exportBase: string;
}

export const platformLabel = (ctx: PageContext, p: string) => ctx.t(`monitor.platform.${p}`);
export const langLabel = (ctx: PageContext, l: string) => ctx.t(`monitor.lang.${l}`);

export function formatBucket(t: string, locale: UiLocale): string {
  const d = new Date(t.length === 13 ? `${t}:00:00Z` : `${t}T00:00:00Z`);
  const opts: Intl.DateTimeFormatOptions =
    t.length === 13
      ? { month: 'short', day: 'numeric', hour: '2-digit', timeZone: 'UTC' }
      : { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' };
  return inScript(new Intl.DateTimeFormat(locale, opts).format(d), locale);
}

function Filters({
  ctx,
  base,
  query,
  errors,
  hashtag,
}: Pick<ScopePageProps, 'ctx' | 'base' | 'query' | 'errors'> & { hashtag: boolean }) {
  const { t } = ctx;
  return (
    <form method="get" action={base} class="filters" aria-label={t('monitor.filters')}>
      {hashtag ? null : (
        <>
          <div class="field">
            <label for="f-platform">{t('monitor.filter.platform')}</label>
            <select id="f-platform" name="platform">
              <option value="">{t('monitor.filter.all')}</option>
              {PLATFORMS.map((p) => (
                <option value={p} selected={query.platform === p}>
                  {platformLabel(ctx, p)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-lang">{t('monitor.filter.lang')}</label>
            <select id="f-lang" name="lang">
              <option value="">{t('monitor.filter.all')}</option>
              {LANGS.map((l) => (
                <option value={l} selected={query.lang === l}>
                  {langLabel(ctx, l)}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
      {(['from', 'to'] as const).map((f) => (
        <div class={'field' + (errors[f] ? ' field--error' : '')}>
          <label for={`f-${f}`}>{t(`monitor.filter.${f}`)}</label>
          {errors[f] ? (
            <p class="error" id={`e-${f}`}>
              {t(errors[f])}
            </p>
          ) : null}
          <input
            id={`f-${f}`}
            name={f}
            type="date"
            value={query[f] ?? ''}
            aria-invalid={errors[f] ? 'true' : undefined}
            aria-describedby={errors[f] ? `e-${f}` : undefined}
          />
        </div>
      ))}
      {hashtag ? null : (
        <div class="field">
          <label for="f-g">{t('monitor.filter.granularity')}</label>
          <select id="f-g" name="g">
            <option value="day" selected={query.g !== 'hour'}>
              {t('monitor.filter.day')}
            </option>
            <option value="hour" selected={query.g === 'hour'}>
              {t('monitor.filter.hour')}
            </option>
          </select>
        </div>
      )}
      <button type="submit">{t('monitor.filter.apply')}</button>
    </form>
  );
}

export function Headline({ ctx, overview }: { ctx: PageContext; overview: Overview }) {
  const { t, locale } = ctx;
  const n = (v: number) => formatNumber(v, locale);
  const o = overview;
  const items: Array<[string, string]> = [
    [t('monitor.posts'), n(o.totals.posts)],
    ...(o.uniqueAuthors !== null ? ([[t('monitor.authors'), n(o.uniqueAuthors)]] as Array<[string, string]>) : []),
    // Hashtags keep no author rows (one per tag per post would cost too much): no new authors to show.
    ...(isTagScope(o.filter.scope)
      ? []
      : ([[t('monitor.new_authors'), n(o.totals.newAuthors)]] as Array<[string, string]>)),
    [t('monitor.likes'), n(o.totals.likes)],
    [t('monitor.comments'), n(o.totals.comments)],
    [t('monitor.shares'), n(o.totals.shares)],
    [t('monitor.views'), n(o.totals.views)],
  ];
  return (
    <dl class="headline">
      {items.map(([k, v]) => (
        <div>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

const eventDate = (e: SpikeEvent, locale: PageContext['locale']) =>
  e.end
    ? `${formatPartialDate(e.date, locale)} – ${formatPartialDate(e.end, locale)}`
    : formatPartialDate(e.date, locale);

/** Observatory events dated to the day, numbered in list order: the same numbers flag them on the chart. */
export function eventFlags(ctx: PageContext, spikes: Spike[]): { numbers: Map<string, number>; flags: ChartFlag[] } {
  const numbers = new Map<string, number>();
  const flags: ChartFlag[] = [];
  for (const e of spikes.flatMap((s) => s.events?.items ?? [])) {
    if (e.approximate || numbers.has(e.key)) continue;
    const n = numbers.size + 1;
    numbers.set(e.key, n);
    flags.push({
      from: e.date,
      to: e.end ?? e.date,
      n: String(n),
      label: `${n}. ${eventDate(e, ctx.locale)} — ${ctx.t(e.labelKey)}: ${pickText(e.title, ctx.locale)}`,
      href: `/${ctx.locale}${e.path}`,
    });
  }
  return { numbers, flags };
}

/** `daily`: a hashtag's spikes, found on daily counts (its volume is kept by day); others' are hours. */
function SpikeList({
  ctx,
  spikes,
  numbers,
  daily,
}: {
  ctx: PageContext;
  spikes: Spike[];
  numbers: Map<string, number>;
  daily: boolean;
}) {
  const { t, locale } = ctx;
  const annotated = spikes.some((s) => s.events);
  return (
    <>
      <h3>{t('monitor.spikes')}</h3>
      <p class="hint">{t(daily ? 'monitor.spikes_hint_daily' : 'monitor.spikes_hint')}</p>
      {annotated ? (
        <p class="hint">
          {t('monitor.spike_events_hint')} {t(daily ? 'monitor.spike_time_daily' : 'monitor.spike_time_hourly')}
        </p>
      ) : null}
      <ul class="spikes">
        {spikes.map((s) => (
          <li>
            {formatBucket(s.t, locale)} — {t('monitor.spike', { posts: s.posts, z: s.zScore })}
            {!s.events ? null : s.events.items.length ? (
              <ul class="spike-events">
                {s.events.items.map((e) => (
                  <li>
                    {numbers.has(e.key) ? <span class="spike-events__n">{numbers.get(e.key)}</span> : null}{' '}
                    <span class={`obs-badge obs-badge--${e.kind}`}>{t(e.labelKey)}</span>{' '}
                    <a href={`/${locale}${e.path}`}>
                      <Tr ctx={ctx} value={e.title} />
                    </a>{' '}
                    — {eventDate(e, locale)}, {whenText(t, e)}
                    {e.linked ? (
                      <>
                        {' '}
                        <span class="tag">{t('monitor.event.linked')}</span>
                      </>
                    ) : null}
                  </li>
                ))}
                {s.events.more ? <li class="hint">{t('monitor.event.more', { n: s.events.more })}</li> : null}
              </ul>
            ) : (
              <p class="hint">{t('monitor.event.none')}</p>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

const COORDINATION = '/admin/coordination';

export function ScopePage(p: ScopePageProps) {
  const { ctx, overview: o } = p;
  const { t, locale } = ctx;
  const n = (v: number) => formatNumber(v, locale);
  const hashtag = p.base.includes('/hashtags/');
  // Stacked by platform; a hashtag's daily volume has one series for all platforms.
  const platforms = [...new Set(o.stacked.flatMap((s) => Object.keys(s.values)))];
  const seriesLabel = (key: string) => (key === 'all' ? t('monitor.filter.all') : platformLabel(ctx, key));
  const qs = new URLSearchParams(
    Object.entries(p.query).filter(([k, v]) => v && ['platform', 'lang', 'from', 'to'].includes(k)),
  ).toString();
  const exp = (format: string, extra = '') => `${p.exportBase}&format=${format}${qs ? '&' + qs : ''}${extra}`;
  const spikeMarks =
    o.granularity === 'hour'
      ? o.spikes.map((s) => ({ t: s.t, label: t('monitor.spike', { posts: s.posts, z: s.zScore }) }))
      : o.spikes.map((s) => ({ t: s.t.slice(0, 10), label: t('monitor.spike', { posts: s.posts, z: s.zScore }) }));
  const { numbers, flags } = eventFlags(ctx, o.spikes);
  return (
    <Layout ctx={ctx} title={p.heading} admin>
      <nav class="breadcrumbs" aria-label={t('nav.breadcrumbs')}>
        <a href={`/${locale}/admin`}>{t('admin.title')}</a> ›{' '}
        <a href={`/${locale}/admin/monitor`}>{t('monitor.title')}</a>
      </nav>
      <h1>{p.heading}</h1>
      <Filters ctx={ctx} base={p.base} query={p.query} errors={p.errors} hashtag={hashtag} />
      {hashtag ? <p class="hint">{t('monitor.hashtag_hint')}</p> : null}
      <Headline ctx={ctx} overview={o} />
      {o.uniqueAuthors === null && !p.base.includes('/hashtags/') ? (
        <p class="hint">{t('monitor.authors_unfiltered')}</p>
      ) : null}

      <section>
        <h2>{t('monitor.volume')}</h2>
        {o.series.length ? (
          <>
            <ColumnChart
              id="volume"
              title={t('monitor.volume')}
              desc={
                t('monitor.volume_desc', { from: o.range.first ?? '', to: o.range.last ?? '' }) +
                (spikeMarks.length ? ' ' + t('monitor.volume_marks_desc') : '')
              }
              buckets={o.stacked.map((s) => s.t)}
              series={platforms.map((key) => ({
                key,
                label: seriesLabel(key),
                values: o.stacked.map((s) => s.values[key] ?? 0),
              }))}
              format={n}
              formatBucket={(b) => formatBucket(b, locale)}
              marks={spikeMarks}
              flags={flags}
            />
            <ul class="legend">
              {platforms.map((key) => (
                <li>
                  <span class={`swatch chart__bar--${key}`} aria-hidden="true"></span> {seriesLabel(key)}
                </li>
              ))}
              {spikeMarks.length ? (
                <li>
                  <span class="swatch swatch--spike" aria-hidden="true"></span> {t('monitor.legend.spike')}
                </li>
              ) : null}
              {flags.length ? (
                <li>
                  <span class="swatch swatch--event" aria-hidden="true"></span> {t('monitor.legend.event')}
                </li>
              ) : null}
            </ul>
            <details>
              <summary>{t('monitor.as_table')}</summary>
              <Table
                head={[
                  t('monitor.when'),
                  t('monitor.posts'),
                  ...(hashtag ? [] : [t('monitor.new_authors')]),
                  t('monitor.engagement'),
                ]}
              >
                {o.series.map((s) => (
                  <tr>
                    <td>{formatBucket(s.t, locale)}</td>
                    <td>{n(s.posts)}</td>
                    {hashtag ? null : <td>{n(s.newAuthors)}</td>}
                    <td>{n(s.engagement)}</td>
                  </tr>
                ))}
              </Table>
            </details>
          </>
        ) : (
          <p>{t('monitor.no_posts')}</p>
        )}
        {o.spikes.length ? <SpikeList ctx={ctx} spikes={o.spikes} numbers={numbers} daily={hashtag} /> : null}
      </section>

      <div class="grid-2">
        <section>
          <h2>{t('monitor.by_platform')}</h2>
          <BarList
            id="platforms"
            title={t('monitor.by_platform')}
            desc={t('monitor.by_platform')}
            items={o.byPlatform.map((x) => ({
              key: x.key,
              label: platformLabel(ctx, x.key),
              value: x.posts,
              cls: `chart__bar--${x.key}`,
            }))}
            format={n}
          />
        </section>
        <section>
          <h2>{t('monitor.by_lang')}</h2>
          <BarList
            id="langs"
            title={t('monitor.by_lang')}
            desc={t('monitor.by_lang')}
            items={o.byLang.map((x) => ({
              key: x.key,
              label: langLabel(ctx, x.key),
              value: x.posts,
              cls: `chart__bar--lang-${x.key}`,
            }))}
            format={n}
          />
        </section>
      </div>

      <section>
        <h2>{t('monitor.top_posts')}</h2>
        {p.topPosts.length ? (
          <Table
            head={[
              t('monitor.when'),
              t('monitor.filter.platform'),
              t('monitor.author'),
              t('monitor.text'),
              t('monitor.engagement'),
            ]}
          >
            {p.topPosts.map((x) => (
              <tr>
                <td>{formatDateTime(x.createdAt, locale)}</td>
                <td>{platformLabel(ctx, x.platform)}</td>
                <td>{x.author ?? '—'}</td>
                <td lang={x.lang === 'kk' || x.lang === 'ru' || x.lang === 'en' ? x.lang : undefined}>
                  {x.text.length > 200 ? x.text.slice(0, 199) + '…' : x.text}{' '}
                  {x.url ? (
                    <a href={x.url} rel="noopener noreferrer nofollow">
                      {t('monitor.open')}
                    </a>
                  ) : null}
                </td>
                <td>{n(x.likes + x.comments + x.shares)}</td>
              </tr>
            ))}
          </Table>
        ) : (
          <p>{t('monitor.no_posts')}</p>
        )}
      </section>

      {p.topAuthors.length ? (
        <section>
          <h2>{t('monitor.top_authors')}</h2>
          <Table
            head={[
              t('monitor.author'),
              t('monitor.filter.platform'),
              t('monitor.followers'),
              t('monitor.posts'),
              t('monitor.engagement'),
            ]}
          >
            {p.topAuthors.map((a) => (
              <tr>
                <td>
                  {a.handle ? '@' + a.handle : '—'}
                  {a.name ? <small> {a.name}</small> : null}
                </td>
                <td>{platformLabel(ctx, a.platform)}</td>
                <td>{n(a.followers)}</td>
                <td>{n(a.posts)}</td>
                <td>{n(a.engagement)}</td>
              </tr>
            ))}
          </Table>
        </section>
      ) : null}

      <section>
        <h2>{t('monitor.co_hashtags')}</h2>
        {p.coHashtags.length ? (
          <>
            <BarList
              id="cotags"
              title={t('monitor.co_hashtags')}
              desc={t('monitor.co_hashtags')}
              items={p.coHashtags.map((c) => ({ key: c.key, label: '#' + c.tag, value: c.posts }))}
              format={n}
            />
            <p>
              {p.coHashtags.map((c) => (
                <>
                  <a class="tag" href={`/${locale}/admin/monitor/hashtags/${encodeURIComponent(c.key)}`}>
                    #{c.tag}
                  </a>{' '}
                </>
              ))}
            </p>
          </>
        ) : (
          <p>{t('monitor.no_posts')}</p>
        )}
      </section>

      <section>
        <h2>{t('monitor.exports')}</h2>
        <p class="hint">{t('monitor.exports_hint')}</p>
        <ul>
          <li>
            <a href={exp('csv')}>CSV</a> · <a href={exp('ndjson')}>NDJSON</a>
          </li>
          <li>
            {t('monitor.pseudonymised')}: <a href={exp('csv', '&pseudonymise=1')}>CSV</a> ·{' '}
            <a href={exp('ndjson', '&pseudonymise=1')}>NDJSON</a>
          </li>
          <li>
            <a href={exp('gexf')}>{t('monitor.gexf')}</a>
          </li>
        </ul>
      </section>
      {/* Offered when a module serves the analysis (it puts its page in the staff navigation). */}
      {ctx.nav.admin.some((i) => i.href === COORDINATION) ? (
        <p>
          <a href={`/${locale}${COORDINATION}?scope=${encodeURIComponent(o.filter.scope)}`}>
            {t('coordination.from_monitor')}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}
