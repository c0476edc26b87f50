// The public directory: filters by region and need (a plain GET form), and the service cards.
// HelpCard is reused by the testimony confirmation page.
import type { Region } from '../../core/regions/index.ts';
import { formatPartialDate } from '../../i18n/format.ts';
import type { PageContext } from '../../ui/context.ts';
import { Tr } from '../../ui/widgets/translated.tsx';
import { Layout } from '../../ui/layout.tsx';
import { pickText } from '../../i18n/locales.ts';
import { NEEDS, splitPhones, type HelpEntry, type Need } from '../help.ts';

/** `level`: the card's heading level, 2 where the cards follow the page's h1 directly. */
export function HelpCard({
  ctx,
  entry,
  regionName,
  level = 3,
}: {
  ctx: PageContext;
  entry: HelpEntry;
  regionName: string;
  level?: 2 | 3;
}) {
  const { t, locale } = ctx;
  const s = entry;
  const city = pickText(s.city, locale);
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <article class="card help-card">
      <p class="card__meta">{t(`help.kind.${s.kind}`)}</p>
      <Heading class="card__title">
        <Tr ctx={ctx} value={s.name} />
      </Heading>
      {pickText(s.description, locale) ? <Tr ctx={ctx} value={s.description} as="p" class="card__summary" /> : null}
      <dl class="help-card__facts">
        {s.phone ? (
          <div>
            <dt>{t('help.field.phone')}</dt>
            <dd>
              {splitPhones(s.phone).map((p, i) => (
                <>
                  {i ? <br /> : null}
                  <a class="help-card__phone" href={`tel:${p.replace(/[^0-9+]/g, '')}`}>
                    {p}
                  </a>
                </>
              ))}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('help.field.where')}</dt>
          <dd>
            {s.regionCode ? regionName : t('help.national')}
            {city ? `, ${city}` : ''}
            {pickText(s.address, locale) ? (
              <>
                <br />
                <Tr ctx={ctx} value={s.address} />
              </>
            ) : null}
          </dd>
        </div>
        {pickText(s.hours, locale) ? (
          <div>
            <dt>{t('help.field.hours')}</dt>
            <dd>
              <Tr ctx={ctx} value={s.hours} />
            </dd>
          </div>
        ) : null}
        {s.serves.length ? (
          <div>
            <dt>{t('help.field.serves')}</dt>
            <dd>{s.serves.map((v) => t(`help.serves.${v}`)).join(', ')}</dd>
          </div>
        ) : null}
        {s.languages.length ? (
          <div>
            <dt>{t('help.field.languages')}</dt>
            <dd>{s.languages.map((l) => t(`language.${l}`)).join(', ')}</dd>
          </div>
        ) : null}
        {s.cost !== 'unknown' ? (
          <div>
            <dt>{t('help.field.cost')}</dt>
            <dd>{t(`help.cost.${s.cost}`)}</dd>
          </div>
        ) : null}
        {s.website ? (
          <div>
            <dt>{t('help.field.website')}</dt>
            <dd>
              <a href={s.website} rel="noreferrer nofollow">
                {s.website.replace(/^https?:\/\//, '')}
              </a>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('help.field.verified_on')}</dt>
          <dd>
            {!s.verifiedOn ? (
              t('help.not_verified')
            ) : s.stale ? (
              <strong class="help-card__stale">
                {t('help.stale', { date: formatPartialDate(s.verifiedOn, locale) })}
              </strong>
            ) : (
              formatPartialDate(s.verifiedOn, locale)
            )}
          </dd>
        </div>
      </dl>
    </article>
  );
}

export function HelpList({
  ctx,
  entries,
  regionName,
}: {
  ctx: PageContext;
  entries: HelpEntry[];
  regionName: (code: string) => string;
}) {
  if (!entries.length) return <p class="empty">{ctx.t('help.none')}</p>;
  return (
    <div class="cards">
      {entries.map((s) => (
        <HelpCard ctx={ctx} entry={s} regionName={s.regionCode ? regionName(s.regionCode) : ''} level={2} />
      ))}
    </div>
  );
}

export interface HelpPageProps {
  ctx: PageContext;
  entries: HelpEntry[];
  regions: readonly Region[];
  region: string;
  needs: Need[];
  q: string;
}

export function HelpPage({ ctx, entries, regions, region, needs, q }: HelpPageProps) {
  const { t, locale } = ctx;
  const regionName = (code: string) => pickText(regions.find((r) => r.code === code)?.name, locale) || code;
  return (
    <Layout ctx={ctx} title={t('help.title')} description={t('help.lead')} survivorFacing>
      <h1>{t('help.title')}</h1>
      <p class="lead">{t('help.lead')}</p>
      <p class="notice notice--urgent">{t('help.urgent')}</p>
      <form class="filters" method="get" action={`/${locale}/help`} role="search">
        <div class="field">
          <label for="region">{t('help.filter.region')}</label>
          <select id="region" name="region">
            <option value="">{t('help.filter.any_region')}</option>
            {regions.map((r) => (
              <option value={r.code} selected={r.code === region}>
                {pickText(r.name, locale)}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="field help-needs">
          <legend>{t('help.filter.need')}</legend>
          {NEEDS.map((n) => (
            <span class="help-needs__item">
              <input type="checkbox" id={`need-${n}`} name="need" value={n} checked={needs.includes(n)} />
              <label for={`need-${n}`}>{t(`help.need.${n}`)}</label>
            </span>
          ))}
        </fieldset>
        <div class="field">
          <label for="q">{t('help.filter.q')}</label>
          <input id="q" name="q" type="search" value={q} maxLength={100} />
        </div>
        <button type="submit" class="button">
          {t('help.filter.submit')}
        </button>
      </form>
      <p role="status">{t('help.count', { count: entries.length })}</p>
      <HelpList ctx={ctx} entries={entries} regionName={regionName} />
    </Layout>
  );
}
