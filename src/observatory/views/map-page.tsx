import type { PageContext } from '../../ui/context.ts';
import { Layout } from '../../ui/layout.tsx';
import { RegionMap } from '../../ui/region-map.tsx';
import type { RegionLayer } from '../observatory.model.ts';
import { ObservatoryNav, obsPath, type RegionNames } from './parts.tsx';

export interface MapPageProps {
  ctx: PageContext;
  layers: RegionLayer[];
  layer: RegionLayer;
  counts: Record<string, number>;
  regions: RegionNames;
}

/** Where a tile leads: the timeline filtered by region, or the organisations of the region. */
export function regionHref(ctx: PageContext, layer: string, code: string): string | undefined {
  if (layer === 'organisation')
    return obsPath(ctx, `/search?${new URLSearchParams({ kind: 'organisation', region: code })}`);
  if (layer === 'all' || layer === 'event' || layer === 'case')
    return obsPath(
      ctx,
      `/timeline?${new URLSearchParams({ region: code, ...(layer === 'all' ? {} : { kind: layer }) })}`,
    );
  return undefined;
}

export function MapPage({ ctx, layers, layer, counts, regions }: MapPageProps) {
  const { t } = ctx;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return (
    <Layout ctx={ctx} title={t('observatory.map.title')} description={t('observatory.map.lead')}>
      <ObservatoryNav ctx={ctx} current="map" />
      <h1>{t('observatory.map.title')}</h1>
      <p class="lead">{t('observatory.map.lead')}</p>
      <nav class="obs-layers" aria-label={t('observatory.map.layers')}>
        <ul>
          {layers.map((l) => (
            <li>
              <a href={obsPath(ctx, `/map?layer=${l.name}`)} aria-current={l.name === layer.name ? 'page' : undefined}>
                {t(l.labelKey)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <RegionMap
        counts={counts}
        labels={regions}
        locale={ctx.locale}
        title={t('observatory.map.svg_title', { layer: t(layer.labelKey) })}
        valueLabel={t(layer.labelKey)}
        tableLabel={t('observatory.map.table')}
        regionLabel={t('observatory.filter.region')}
        href={(code) => regionHref(ctx, layer.name, code)}
      />
      <p class="hint">{t('observatory.map.total', { count: total })}</p>
      <p class="hint">{t('observatory.map.note')}</p>
    </Layout>
  );
}
