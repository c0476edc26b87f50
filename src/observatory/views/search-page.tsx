import { compareRegionNames } from '../../core/regions/index.ts';
import type { PageContext } from '../../ui/context.ts';
import { Tr } from '../../ui/widgets/translated.tsx';
import { Layout } from '../../ui/layout.tsx';
import { KINDS, type Entity } from '../observatory.model.ts';
import {
  DateRange,
  entityHref,
  FilterSelect,
  KindBadge,
  ObservatoryNav,
  obsPath,
  Pagination,
  PlaceLine,
  type RegionNames,
} from './parts.tsx';

function EntityCard({ ctx, entity, regions }: { ctx: PageContext; entity: Entity; regions: RegionNames }) {
  return (
    <li class={`obs-result obs-result--${entity.kind}`}>
      <p class="card__meta">
        <KindBadge ctx={ctx} kind={entity.kind} subtype={entity.subtype} />{' '}
        <DateRange ctx={ctx} start={entity.dateStart} end={entity.dateEnd} />{' '}
        {entity.details.ref ? <span class="ref">[{entity.details.ref}]</span> : null}
      </p>
      <h2 class="card__title">
        <a href={entityHref(ctx, entity.kind, entity.slug)}>
          <Tr ctx={ctx} value={entity.title} />
        </a>
      </h2>
      <Tr ctx={ctx} value={entity.summary} as="p" class="card__summary" />
      <p class="obs-entry__where">
        <PlaceLine ctx={ctx} place={entity.place} region={entity.region} regions={regions} />
        {entity.details.publisher ? <span>{entity.details.publisher}</span> : null}
      </p>
    </li>
  );
}

export interface SearchPageProps {
  ctx: PageContext;
  items: Entity[];
  total: number;
  page: number;
  pages: number;
  q: string;
  kind: string;
  region: string;
  regions: RegionNames;
  /** The sources list is this page with the kind fixed. */
  sourcesOnly?: boolean;
}

export function SearchPage({ ctx, items, total, page, pages, q, kind, region, regions, sourcesOnly }: SearchPageProps) {
  const { t } = ctx;
  const base = sourcesOnly ? '/sources' : '/search';
  const link = (p: number) =>
    obsPath(
      ctx,
      `${base}?${new URLSearchParams({ ...(q ? { q } : {}), ...(kind && !sourcesOnly ? { kind } : {}), ...(region ? { region } : {}), ...(p > 1 ? { page: String(p) } : {}) })}`,
    );
  const title = sourcesOnly ? t('observatory.sources.title') : t('observatory.search.title');
  const any = { value: '', label: t('observatory.filter.any') };
  return (
    <Layout ctx={ctx} title={title}>
      <ObservatoryNav ctx={ctx} current={sourcesOnly ? 'sources' : 'search'} />
      <h1>{title}</h1>
      <p class="lead">{sourcesOnly ? t('observatory.sources.lead') : t('observatory.search.lead')}</p>
      <form class="filters" method="get" action={obsPath(ctx, base)} role="search">
        <div class="field">
          <label for="q">{t('observatory.search.label')}</label>
          <input id="q" name="q" type="search" value={q} maxLength={100} aria-describedby="q-hint" />
          <p class="hint" id="q-hint">
            {t('observatory.search.hint')}
          </p>
        </div>
        {sourcesOnly ? null : (
          <FilterSelect
            id="kind"
            label={t('observatory.filter.kind')}
            value={kind}
            options={[any, ...KINDS.map((k) => ({ value: k, label: t(`observatory.kind.${k}.other`) }))]}
          />
        )}
        {sourcesOnly ? null : (
          <FilterSelect
            id="region"
            label={t('observatory.filter.region')}
            value={region}
            options={[
              any,
              ...Object.entries(regions)
                .sort((a, b) => compareRegionNames(ctx.locale)(a[1], b[1]))
                .map(([code, name]) => ({ value: code, label: name })),
            ]}
          />
        )}
        <button type="submit" class="button">
          {t('observatory.filter.submit')}
        </button>
      </form>
      <p role="status" class="result-count">
        {t('observatory.search.count', { count: total })}
      </p>
      {items.length ? (
        <ol class="obs-results">
          {items.map((e) => (
            <EntityCard ctx={ctx} entity={e} regions={regions} />
          ))}
        </ol>
      ) : (
        <p class="empty">{t('observatory.search.none')}</p>
      )}
      <Pagination ctx={ctx} page={page} pages={pages} link={link} />
    </Layout>
  );
}
