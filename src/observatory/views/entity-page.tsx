import { formatDateTime, formatPartialDate } from '../../i18n/format.ts';
import { pick, pickText } from '../../i18n/locales.ts';
import type { PageContext } from '../../ui/context.ts';
import { Markdown, Tr } from '../../ui/widgets/translated.tsx';
import { Layout } from '../../ui/layout.tsx';
import { KIND_PATH, RELATIONS, type Entity, type EntityPage, type LinkView } from '../observatory.model.ts';
import {
  DateRange,
  endpointHref,
  entityHref,
  impactHref,
  KindBadge,
  ObservatoryNav,
  obsPath,
  participantsText,
  PlaceLine,
  StepList,
  tOr,
  type RegionNames,
} from './parts.tsx';

/** A source as a citation line: [S1] Title. Publisher, date. */
function Citation({ ctx, source }: { ctx: PageContext; source: Entity }) {
  const d = source.details;
  const title = pick(source.title, ctx.locale);
  return (
    <>
      {d.ref ? <span class="ref">[{d.ref}]</span> : null}{' '}
      <cite lang={title.lang !== ctx.locale ? title.lang : undefined}>
        <a href={entityHref(ctx, 'source', source.slug)}>{title.text}</a>
      </cite>
      {d.publisher ? <span>. {d.publisher}</span> : null}
      {source.dateStart ? <span>, {formatPartialDate(source.dateStart, ctx.locale)}</span> : null}
      {d.url ? (
        <>
          {' · '}
          <a href={d.url} rel="noopener noreferrer nofollow" class="obs-external">
            {ctx.t('observatory.source.open')}
          </a>
        </>
      ) : null}
    </>
  );
}

/** Links grouped by how they read from this page: "Sparked", "Sparked by", "Organised by" … */
export function LinkGroups({
  ctx,
  links,
  max = Infinity,
}: {
  ctx: PageContext;
  links: LinkView[];
  /** per group; the rest is counted */ max?: number;
}) {
  const groups = RELATIONS.flatMap((relation) =>
    (['out', 'in'] as const).map((direction) => ({
      relation,
      direction,
      items: links.filter((l) => l.link.relation === relation && l.direction === direction),
    })),
  ).filter((g) => g.items.length);
  if (!groups.length) return null;
  return (
    <section class="obs-links">
      <h2>{ctx.t('observatory.entity.links')}</h2>
      <dl>
        {groups.map((g) => (
          <div>
            <dt>{ctx.t(`observatory.relation.${g.relation}.${g.direction}`)}</dt>
            {g.items.length > max ? (
              <dd class="hint">{ctx.t('observatory.entity.more_links', { count: g.items.length - max })}</dd>
            ) : null}
            {g.items.slice(0, max).map((v) => (
              <dd>
                {v.other.type === 'campaign' ? (
                  <span class="obs-badge obs-badge--campaign">{ctx.t('observatory.campaign')}</span>
                ) : (
                  <KindBadge ctx={ctx} kind={v.other.kind} />
                )}{' '}
                <a href={endpointHref(ctx, v.other)}>
                  <Tr ctx={ctx} value={v.other.title} />
                </a>
                {v.other.dateStart ? (
                  <>
                    {' '}
                    (<DateRange ctx={ctx} start={v.other.dateStart} />)
                  </>
                ) : null}
                {v.other.type === 'campaign' ? (
                  <>
                    {' · '}
                    <a href={impactHref(ctx, v.other.slug)}>{ctx.t('observatory.impact.link')}</a>
                  </>
                ) : null}
                {pickText(v.link.note, ctx.locale) ? (
                  <>
                    {' — '}
                    <Tr ctx={ctx} value={v.link.note} class="obs-note" />
                  </>
                ) : null}
              </dd>
            ))}
          </div>
        ))}
      </dl>
    </section>
  );
}

function Facts({ ctx, entity, regions }: { ctx: PageContext; entity: Entity; regions: RegionNames }) {
  const { t } = ctx;
  const d = entity.details;
  const rows: Array<[string, preact.ComponentChildren]> = [];
  if (entity.dateStart)
    rows.push([
      t(`observatory.date.${entity.kind}`),
      <DateRange ctx={ctx} start={entity.dateStart} end={entity.dateEnd} />,
    ]);
  if (entity.region || pickText(entity.place, ctx.locale))
    rows.push([
      t('observatory.entity.where'),
      <PlaceLine ctx={ctx} place={entity.place} region={entity.region} regions={regions} />,
    ]);
  if (d.organiser && pickText(d.organiser, ctx.locale))
    rows.push([t('observatory.event.organiser'), <Tr ctx={ctx} value={d.organiser} />]);
  if (d.permit) {
    rows.push([
      t('observatory.event.permit'),
      <>
        <span class={`obs-permit obs-permit--${d.permit.status}`}>{t(`observatory.permit.${d.permit.status}`)}</span>
        {d.permit.decidedOn ? (
          <> ({t('observatory.event.decided_on', { date: formatPartialDate(d.permit.decidedOn, ctx.locale) })})</>
        ) : null}
        {pickText(d.permit.reason, ctx.locale) ? (
          <>
            {' — '}
            {t('observatory.event.stated_reason')}: <Tr ctx={ctx} value={d.permit.reason} />
          </>
        ) : null}
      </>,
    ]);
  }
  const participants = participantsText(ctx, d.participants);
  if (participants) rows.push([t('observatory.event.participants'), participants]);
  for (const f of d.figures ?? [])
    rows.push([
      pickText(f.label, ctx.locale),
      t(`campaign.figure.${f.approx}`, { value: Number(f.value) || 0, raw: f.value }),
    ]);
  if (d.charges?.length) {
    rows.push([
      t('observatory.case.charges'),
      <ul class="obs-plain">
        {d.charges.map((c) => (
          <li>
            {c.article ? <strong>{t('observatory.case.article', { article: c.article })}</strong> : null}
            {c.article && pickText(c.label, ctx.locale) ? ' — ' : null}
            {pickText(c.label, ctx.locale) ? (
              <Tr ctx={ctx} value={c.label} />
            ) : c.article ? (
              tOr(ctx, `observatory.cc.${c.article}`, '').replace(/^./, (x) => ` — ${x}`)
            ) : null}
          </li>
        ))}
      </ul>,
    ]);
  }
  if (d.sentences?.length) {
    rows.push([
      t('observatory.case.sentences'),
      <ul class="obs-plain">
        {d.sentences.map((s) => (
          <li>
            {s.date ? (
              <>
                <DateRange ctx={ctx} start={s.date} />:{' '}
              </>
            ) : null}
            <Tr ctx={ctx} value={s.text} />
          </li>
        ))}
      </ul>,
    ]);
  }
  if (d.articles?.length) {
    rows.push([
      t('observatory.law.articles'),
      <ul class="obs-plain">
        {d.articles.map((a) => (
          <li>
            {t(`observatory.code.${a.code}`, { article: a.article })}
            {pickText(a.note, ctx.locale) ? (
              <>
                {' — '}
                <Tr ctx={ctx} value={a.note} />
              </>
            ) : null}
          </li>
        ))}
      </ul>,
    ]);
  }
  if (d.aliases?.length) rows.push([t('observatory.org.aliases'), d.aliases.join(' · ')]);
  if (d.website)
    rows.push([
      t('observatory.org.website'),
      <a href={d.website} rel="noopener noreferrer nofollow" class="obs-external">
        {d.website.replace(/^https?:\/\//, '')}
      </a>,
    ]);
  if (d.publisher) rows.push([t('observatory.source.publisher'), d.publisher]);
  if (d.authors?.length) rows.push([t('observatory.source.authors'), d.authors.join(', ')]);
  if (d.language) rows.push([t('observatory.source.language'), tOr(ctx, `language.${d.language}`, d.language)]);
  if (d.url)
    rows.push([
      t('observatory.source.address'),
      <a href={d.url} rel="noopener noreferrer nofollow" class="obs-external">
        {d.url}
      </a>,
    ]);
  if (!rows.length) return null;
  return (
    <dl class="obs-facts">
      {rows.map(([k, v]) => (
        <div>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export interface EntityPageProps {
  ctx: PageContext;
  page: EntityPage;
  regions: RegionNames;
  preview?: boolean;
}

export function EntityView({ ctx, page, regions, preview }: EntityPageProps) {
  const { t, locale } = ctx;
  const { entity } = page;
  const title = pickText(entity.title, locale);
  return (
    <Layout ctx={ctx} title={title} description={pickText(entity.summary, locale)} admin={preview} noindex={preview}>
      {preview ? (
        <p class="notice notice--preview" role="status">
          {t('observatory.preview.banner', { status: t(`observatory.status.${entity.status}`) })}
        </p>
      ) : null}
      <ObservatoryNav ctx={ctx} current={entity.kind === 'source' ? 'sources' : 'search'} />
      <nav class="breadcrumbs" aria-label={t('nav.breadcrumbs')}>
        <a href={obsPath(ctx)}>{t('observatory.title')}</a> ›{' '}
        <a href={obsPath(ctx, entity.kind === 'source' ? '/sources' : `/search?kind=${entity.kind}`)}>
          {t(`observatory.kind.${entity.kind}.other`)}
        </a>
      </nav>
      <article class={`obs-entity obs-entity--${entity.kind}`}>
        <header>
          <p class="card__meta">
            <KindBadge ctx={ctx} kind={entity.kind} subtype={entity.subtype} />{' '}
            <DateRange ctx={ctx} start={entity.dateStart} end={entity.dateEnd} />
          </p>
          <Tr ctx={ctx} value={entity.title} as="h1" />
          {pickText(entity.summary, locale) ? <Tr ctx={ctx} value={entity.summary} as="p" class="lead" /> : null}
        </header>
        <div class="campaign__grid">
          <div class="campaign__main">
            <Facts ctx={ctx} entity={entity} regions={regions} />
            {entity.steps.length ? (
              <section>
                <h2>{t(`observatory.steps.${entity.kind}`)}</h2>
                <StepList ctx={ctx} kind={entity.kind} steps={entity.steps} />
              </section>
            ) : null}
            {pickText(entity.body, locale) ? <Markdown ctx={ctx} value={entity.body} /> : null}
            {page.citedBy.length ? (
              <section class="obs-claims">
                <h2>{t('observatory.source.supports')}</h2>
                <ul>
                  {page.citedBy.map((v) => (
                    <li>
                      <a href={endpointHref(ctx, v.other)}>
                        <Tr ctx={ctx} value={v.other.title} />
                      </a>
                      {pickText(v.link.note, ctx.locale) ? (
                        <>
                          {': '}
                          <Tr ctx={ctx} value={v.link.note} class="obs-note" />
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </div>
          <aside class="campaign__aside">
            <LinkGroups ctx={ctx} links={page.links} />
          </aside>
        </div>

        {entity.uncertainties.length ? (
          <section class="uncertain">
            <h2>{t('campaign.uncertainties.title')}</h2>
            <p class="hint">{t('campaign.uncertainties.hint')}</p>
            <ul>
              {entity.uncertainties.map((u) => (
                <Tr ctx={ctx} value={u} as="li" />
              ))}
            </ul>
          </section>
        ) : null}

        {page.citations.length ? (
          <section class="sources">
            <h2>{t('campaign.sources')}</h2>
            <ol>
              {page.citations.map((c) => (
                <li id={c.source.details.ref ? `source-${c.source.details.ref}` : undefined}>
                  <Citation ctx={ctx} source={c.source} />
                  {pickText(c.link.note, locale) ? (
                    <p class="obs-claim">
                      {t('observatory.source.claim')}: <Tr ctx={ctx} value={c.link.note} />
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
        ) : entity.kind !== 'source' ? (
          <p class="notice">{t('observatory.entity.no_sources')}</p>
        ) : null}

        <footer class="obs-entity__footer">
          <p>
            {t('observatory.entity.updated', { date: formatDateTime(entity.updatedAt, locale) })} ·{' '}
            <a href={`/api/v1/observatory/${KIND_PATH[entity.kind]}/${entity.slug}`} type="application/json">
              {t('observatory.entity.json')}
            </a>{' '}
            · <a href={obsPath(ctx, '/data')}>{t('observatory.data.licence_short')}</a>
          </p>
        </footer>
      </article>
    </Layout>
  );
}
