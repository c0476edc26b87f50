import { compareRegionNames } from '../../core/regions/index.ts';
import { pickText } from '../../i18n/locales.ts';
import type { Campaign } from '../../core/campaigns/index.ts';
import type { PageContext } from '../../ui/context.ts';
import { Tr } from '../../ui/widgets/translated.tsx';
import { Layout } from '../../ui/layout.tsx';
import { STORY_KINDS, type TimelineItem } from '../observatory.model.ts';
import {
  DateRange,
  entityHref,
  FilterSelect,
  KindBadge,
  ObservatoryNav,
  obsPath,
  Pagination,
  participantsText,
  PermitBadge,
  PlaceLine,
  type RegionNames,
} from './parts.tsx';

export interface TimelineFilters {
  kind: string; // '' = all
  region: string;
  year: string;
  campaign: string;
  order: 'asc' | 'desc';
}

function TimelineEntry({ ctx, item, regions }: { ctx: PageContext; item: TimelineItem; regions: RegionNames }) {
  const e = item.entity;
  const participants = e.kind === 'event' && !item.step ? participantsText(ctx, e.details.participants) : null;
  return (
    <li class={`obs-entry obs-entry--${e.kind}`}>
      <p class="obs-entry__meta">
        <DateRange ctx={ctx} start={item.date} end={item.step ? null : e.dateEnd} />{' '}
        <KindBadge ctx={ctx} kind={e.kind} subtype={e.subtype} />{' '}
        {e.kind === 'event' && !item.step ? <PermitBadge ctx={ctx} details={e.details} /> : null}
      </p>
      <h3 class="obs-entry__title">
        {item.step ? (
          <span class="obs-entry__step">{ctx.t(`observatory.step.${e.kind}.${item.step.step}`)}: </span>
        ) : null}
        <a href={entityHref(ctx, e.kind, e.slug)}>
          <Tr ctx={ctx} value={e.title} />
        </a>
      </h3>
      {item.step && pickText(item.step.note, ctx.locale) ? (
        <Tr ctx={ctx} value={item.step.note} as="p" class="obs-entry__text" />
      ) : null}
      {!item.step ? <Tr ctx={ctx} value={e.summary} as="p" class="obs-entry__text" /> : null}
      <p class="obs-entry__where">
        <PlaceLine ctx={ctx} place={e.place} region={e.region} regions={regions} />
        {participants ? <span class="obs-entry__count"> · {participants}</span> : null}
      </p>
    </li>
  );
}

/** Entries grouped under their year, in the order given. */
export function TimelineList({
  ctx,
  items,
  regions,
}: {
  ctx: PageContext;
  items: TimelineItem[];
  regions: RegionNames;
}) {
  const groups: Array<{ year: string; items: TimelineItem[] }> = [];
  for (const item of items) {
    const year = item.date.slice(0, 4);
    if (groups.at(-1)?.year !== year) groups.push({ year, items: [] });
    groups.at(-1)!.items.push(item);
  }
  return (
    <div class="obs-timeline">
      {groups.map((g) => (
        <section class="obs-timeline__year" aria-labelledby={`y-${g.year}`}>
          <h2 id={`y-${g.year}`} class="obs-timeline__year-title">
            {g.year}
          </h2>
          <ol class="obs-timeline__list">
            {g.items.map((item) => (
              <TimelineEntry ctx={ctx} item={item} regions={regions} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

export interface TimelinePageProps {
  ctx: PageContext;
  items: TimelineItem[];
  total: number;
  page: number;
  pages: number;
  filters: TimelineFilters;
  years: number[];
  regions: RegionNames;
  campaigns: Campaign[];
}

export function TimelinePage({
  ctx,
  items,
  total,
  page,
  pages,
  filters,
  years,
  regions,
  campaigns,
}: TimelinePageProps) {
  const { t } = ctx;
  const query = (p: number) => {
    const q: Record<string, string> = {};
    for (const [k, v] of Object.entries(filters)) if (v && !(k === 'order' && v === 'desc')) q[k] = v;
    if (p > 1) q.page = String(p);
    return obsPath(ctx, `/timeline?${new URLSearchParams(q)}`);
  };
  const any = { value: '', label: t('observatory.filter.any') };
  return (
    <Layout ctx={ctx} title={t('observatory.timeline.title')} description={t('observatory.timeline.lead')}>
      <ObservatoryNav ctx={ctx} current="timeline" />
      <h1>{t('observatory.timeline.title')}</h1>
      <p class="lead">{t('observatory.timeline.lead')}</p>
      <form class="filters" method="get" action={obsPath(ctx, '/timeline')}>
        <FilterSelect
          id="kind"
          label={t('observatory.filter.kind')}
          value={filters.kind}
          options={[any, ...STORY_KINDS.map((k) => ({ value: k, label: t(`observatory.kind.${k}.other`) }))]}
        />
        <FilterSelect
          id="region"
          label={t('observatory.filter.region')}
          value={filters.region}
          options={[
            any,
            ...Object.entries(regions)
              .sort((a, b) => compareRegionNames(ctx.locale)(a[1], b[1]))
              .map(([code, name]) => ({ value: code, label: name })),
          ]}
        />
        <FilterSelect
          id="year"
          label={t('observatory.filter.year')}
          value={filters.year}
          options={[any, ...years.map((y) => ({ value: String(y), label: String(y) }))]}
        />
        <FilterSelect
          id="campaign"
          label={t('observatory.filter.campaign')}
          value={filters.campaign}
          options={[any, ...campaigns.map((c) => ({ value: c.slug, label: pickText(c.title, ctx.locale) }))]}
        />
        <FilterSelect
          id="order"
          label={t('observatory.filter.order')}
          value={filters.order}
          options={[
            { value: 'desc', label: t('observatory.filter.newest') },
            { value: 'asc', label: t('observatory.filter.oldest') },
          ]}
        />
        <button type="submit" class="button">
          {t('observatory.filter.submit')}
        </button>
      </form>
      <p role="status" class="result-count">
        {t('observatory.timeline.count', { count: total })}
      </p>
      {items.length ? (
        <TimelineList ctx={ctx} items={items} regions={regions} />
      ) : (
        <p class="empty">{t('observatory.timeline.none')}</p>
      )}
      <Pagination ctx={ctx} page={page} pages={pages} link={query} />
    </Layout>
  );
}
