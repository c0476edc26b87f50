import type { Campaign } from '../../core/campaigns/index.ts';
import { formatNumber } from '../../i18n/format.ts';
import type { PageContext } from '../../ui/context.ts';
import { Tr } from '../../ui/widgets/translated.tsx';
import { Layout } from '../../ui/layout.tsx';
import { RegionMap } from '../../ui/region-map.tsx';
import { KINDS, type TimelineItem } from '../observatory.model.ts';
import { regionHref } from './map-page.tsx';
import { impactHref, ObservatoryNav, obsPath, type RegionNames } from './parts.tsx';
import { TimelineList } from './timeline.tsx';

export interface ObservatoryHomeProps {
  ctx: PageContext;
  counts: Record<string, number>;
  latest: TimelineItem[];
  regionCounts: Record<string, number>;
  regions: RegionNames;
  campaigns: Campaign[];
}

export function ObservatoryHome({ ctx, counts, latest, regionCounts, regions, campaigns }: ObservatoryHomeProps) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('observatory.title')} description={t('observatory.lead')}>
      <ObservatoryNav ctx={ctx} current="home" />
      <h1>{t('observatory.title')}</h1>
      <p class="lead">{t('observatory.lead')}</p>
      <ul class="obs-counts">
        {KINDS.map((k) => (
          <li>
            <a href={obsPath(ctx, k === 'source' ? '/sources' : `/search?kind=${k}`)}>
              <strong>{formatNumber(counts[k] ?? 0, locale)}</strong>{' '}
              {t(`observatory.kind.${k}.count`, { count: counts[k] ?? 0 })}
            </a>
          </li>
        ))}
      </ul>
      <section class="obs-home-map">
        <h2>{t('observatory.home.map')}</h2>
        <RegionMap
          id="home-map"
          counts={regionCounts}
          labels={regions}
          locale={locale}
          title={t('observatory.map.svg_title', { layer: t('observatory.map.layer.all') })}
          valueLabel={t('observatory.map.layer.all')}
          tableLabel={t('observatory.map.table')}
          regionLabel={t('observatory.filter.region')}
          href={(code) => regionHref(ctx, 'all', code)}
        />
        <p>
          <a href={obsPath(ctx, '/map')}>{t('observatory.home.open_map')}</a>
        </p>
      </section>
      <div class="campaign__grid">
        <div class="campaign__main">
          <h2>{t('observatory.home.latest')}</h2>
          <TimelineList ctx={ctx} items={latest} regions={regions} />
          <p>
            <a href={obsPath(ctx, '/timeline')}>{t('observatory.home.all_timeline')}</a>
          </p>
        </div>
        <aside class="campaign__aside">
          <section>
            <h2>{t('observatory.home.impact')}</h2>
            <p class="hint">{t('observatory.home.impact_hint')}</p>
            <ul>
              {campaigns.map((c) => (
                <li>
                  <a href={impactHref(ctx, c.slug)}>
                    <Tr ctx={ctx} value={c.title} />
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <section>
            <h2>{t('observatory.home.data')}</h2>
            <p>{t('observatory.home.data_text')}</p>
            <p>
              <a href={obsPath(ctx, '/data')}>{t('observatory.nav.data')}</a>
            </p>
          </section>
        </aside>
      </div>
    </Layout>
  );
}
