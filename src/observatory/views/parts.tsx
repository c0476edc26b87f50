// Small pieces every observatory page shares: links, dates, badges, step lists, the section nav.
import { withoutCityWord } from '../../core/regions/index.ts';
import { formatNumber, formatPartialDate } from '../../i18n/format.ts';
import { pickText, type Translatable } from '../../i18n/locales.ts';
import type { PageContext } from '../../ui/context.ts';
import { Tr } from '../../ui/widgets/translated.tsx';
import {
  KIND_PATH,
  type Endpoint,
  type EntityDetails,
  type Kind,
  type Range,
  type Step,
} from '../observatory.model.ts';

export const obsPath = (ctx: PageContext, rest = '') => `/${ctx.locale}/observatory${rest}`;
export const entityHref = (ctx: PageContext, kind: Kind, slug: string) => obsPath(ctx, `/${KIND_PATH[kind]}/${slug}`);
export const campaignHref = (ctx: PageContext, slug: string) => `/${ctx.locale}/campaigns/${slug}`;
export const impactHref = (ctx: PageContext, slug: string) => obsPath(ctx, `/impact/${slug}`);
export const endpointHref = (ctx: PageContext, e: Endpoint) =>
  e.type === 'campaign' ? campaignHref(ctx, e.slug) : entityHref(ctx, e.kind, e.slug);

/** A message that may not exist (an article or language without a name): the fallback then. */
export function tOr(ctx: PageContext, key: string, fallback: string): string {
  const s = ctx.t(key);
  return s === key ? fallback : s;
}

/** Region names in the reader's language, by code. */
export type RegionNames = Readonly<Record<string, string>>;

export function DateRange({ ctx, start, end }: { ctx: PageContext; start: string | null; end?: string | null }) {
  if (!start) return null;
  return (
    <span class="obs-date">
      <time datetime={start}>{formatPartialDate(start, ctx.locale)}</time>
      {end ? (
        <>
          {' – '}
          <time datetime={end}>{formatPartialDate(end, ctx.locale)}</time>
        </>
      ) : null}
    </span>
  );
}

export function KindBadge({ ctx, kind, subtype }: { ctx: PageContext; kind: Kind; subtype?: string | null }) {
  return (
    <span class={`obs-badge obs-badge--${kind}`}>
      {subtype ? ctx.t(`observatory.subtype.${kind}.${subtype}`) : ctx.t(`observatory.kind.${kind}.one`)}
    </span>
  );
}

export function PermitBadge({ ctx, details }: { ctx: PageContext; details: EntityDetails }) {
  if (!details.permit) return null;
  return (
    <span class={`obs-permit obs-permit--${details.permit.status}`}>
      {ctx.t(`observatory.permit.${details.permit.status}`)}
    </span>
  );
}

export function participantsText(ctx: PageContext, r: Range | null | undefined): string | null {
  if (!r || (r.min === null && r.max === null)) return null;
  const f = (n: number) => formatNumber(n, ctx.locale);
  if (r.min !== null && r.max !== null)
    return r.min === r.max
      ? ctx.t('observatory.participants.exact', { n: f(r.min) })
      : ctx.t('observatory.participants.range', { min: f(r.min), max: f(r.max) });
  return r.min !== null
    ? ctx.t('observatory.participants.at_least', { n: f(r.min) })
    : ctx.t('observatory.participants.up_to', { n: f(r.max!) });
}

export function PlaceLine({
  ctx,
  place,
  region,
  regions,
}: {
  ctx: PageContext;
  place: Translatable;
  region: string | null;
  regions: RegionNames;
}) {
  const p = pickText(place, ctx.locale);
  // The region is added unless the place already names it ("Almaty" in Almaty (city)).
  const name = region ? regions[region] : undefined;
  const r = name && !(p && p.includes(withoutCityWord(name))) ? name : '';
  if (!p && !r) return null;
  return (
    <span class="obs-place">
      {p ? <Tr ctx={ctx} value={place} /> : null}
      {p && r ? ', ' : null}
      {r || null}
    </span>
  );
}

/** A dated status history: reported → investigation → verdict …, or drafted → readings → signed. */
export function StepList({ ctx, kind, steps }: { ctx: PageContext; kind: Kind; steps: Step[] }) {
  if (!steps.length) return null;
  return (
    <ol class="obs-steps">
      {steps.map((s) => (
        <li>
          <span class="obs-steps__date">
            {s.date ? <DateRange ctx={ctx} start={s.date} /> : ctx.t('observatory.date_unknown')}
          </span>
          <strong class="obs-steps__step">{ctx.t(`observatory.step.${kind}.${s.step}`)}</strong>
          {pickText(s.note, ctx.locale) ? (
            <>
              {' — '}
              <Tr ctx={ctx} value={s.note} />
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export function ObservatoryNav({
  ctx,
  current,
}: {
  ctx: PageContext;
  current: 'home' | 'timeline' | 'map' | 'search' | 'sources' | 'data' | 'impact';
}) {
  const items = [
    ['home', '', 'observatory.nav.home'],
    ['timeline', '/timeline', 'observatory.nav.timeline'],
    ['map', '/map', 'observatory.nav.map'],
    ['search', '/search', 'observatory.nav.search'],
    ['sources', '/sources', 'observatory.nav.sources'],
    ['data', '/data', 'observatory.nav.data'],
  ] as const;
  return (
    <nav class="obs-nav" aria-label={ctx.t('observatory.nav.label')}>
      <ul>
        {items.map(([key, path, label]) => (
          <li>
            <a href={obsPath(ctx, path)} aria-current={key === current ? 'page' : undefined}>
              {ctx.t(label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Pagination({
  ctx,
  page,
  pages,
  link,
}: {
  ctx: PageContext;
  page: number;
  pages: number;
  link: (p: number) => string;
}) {
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={ctx.t('nav.pagination')}>
      {page > 1 ? (
        <a href={link(page - 1)} rel="prev">
          {ctx.t('nav.previous')}
        </a>
      ) : null}
      <span>{ctx.t('nav.page_of', { page, pages })}</span>
      {page < pages ? (
        <a href={link(page + 1)} rel="next">
          {ctx.t('nav.next')}
        </a>
      ) : null}
    </nav>
  );
}

/** A labelled select for GET filter forms. */
export function FilterSelect({
  id,
  label,
  value,
  options,
}: {
  id: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={id}>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
