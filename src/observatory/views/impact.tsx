import { formatNumber, formatPartialDate } from '../../i18n/format.ts';
import { pickText } from '../../i18n/locales.ts';
import type { PageContext } from '../../ui/context.ts';
import { Tr } from '../../ui/widgets/translated.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { ImpactData } from '../observatory.model.ts';
import { LinkGroups } from './entity-page.tsx';
import { ImpactChart } from './impact-chart.tsx';
import { campaignHref, ObservatoryNav, obsPath, type RegionNames } from './parts.tsx';
import { TimelineList } from './timeline.tsx';

/** The chart shows every moment; the list below it only the latest (the timeline pages through all). */
const LIST_MAX = 40;

export function ImpactPage({ ctx, data, regions }: { ctx: PageContext; data: ImpactData; regions: RegionNames }) {
  const { t, locale } = ctx;
  const { campaign } = data;
  const name = pickText(campaign.title, locale);
  const title = t('observatory.impact.title', { campaign: name });
  return (
    <Layout ctx={ctx} title={title} description={t('observatory.impact.lead')}>
      <ObservatoryNav ctx={ctx} current="impact" />
      <nav class="breadcrumbs" aria-label={t('nav.breadcrumbs')}>
        <a href={`/${locale}/campaigns`}>{t('nav.campaigns')}</a> ›{' '}
        <a href={campaignHref(ctx, campaign.slug)}>{name}</a>
      </nav>
      <h1>{title}</h1>
      <p class="lead">{t('observatory.impact.lead')}</p>
      <section class="obs-impact">
        <div class="obs-impact__scroll">
          <ImpactChart
            ctx={ctx}
            items={data.items}
            signals={data.signals}
            campaignStart={campaign.startsOn}
            title={t('observatory.impact.chart_title', { campaign: name })}
          />
        </div>
        {data.items.length || data.signals.length ? (
          <p class="hint obs-impact__legend">
            <span class="obs-dot obs-dot--exact" aria-hidden="true"></span> {t('observatory.impact.legend_exact')}{' '}
            <span class="obs-dot obs-dot--approx" aria-hidden="true"></span> {t('observatory.impact.legend_approx')}
          </p>
        ) : (
          <p class="empty">{t('observatory.impact.empty')}</p>
        )}
        {data.signals.length ? (
          <ul class="obs-impact__signals">
            {data.signals.map((s) => {
              const last = s.points[s.points.length - 1];
              return (
                <li>
                  <strong>{t(s.labelKey)}</strong>:{' '}
                  {t('observatory.impact.signal_summary', {
                    value: formatNumber(last.value, locale),
                    date: formatPartialDate(last.date, locale),
                    count: s.points.length,
                  })}
                </li>
              );
            })}
          </ul>
        ) : (
          <p class="hint">{t('observatory.impact.no_signals')}</p>
        )}
        {data.failedSignals.length ? (
          <p class="notice" role="status">
            {t('observatory.impact.failed', { names: data.failedSignals.map((k) => t(k)).join(', ') })}
          </p>
        ) : null}
      </section>
      <LinkGroups ctx={ctx} links={data.links} max={10} />
      {data.items.length ? (
        <section>
          <h2>{t('observatory.impact.what_happened')}</h2>
          {data.items.length > LIST_MAX ? (
            <p class="hint">{t('observatory.impact.latest_only', { shown: LIST_MAX, count: data.items.length })}</p>
          ) : null}
          <TimelineList ctx={ctx} items={data.items.slice(-LIST_MAX).reverse()} regions={regions} />
        </section>
      ) : null}
      <p>
        <a href={obsPath(ctx, `/timeline?campaign=${encodeURIComponent(campaign.slug)}`)}>
          {t('observatory.impact.timeline_link')}
        </a>
      </p>
      {pickText(campaign.summary, locale) ? (
        <aside class="obs-impact__about">
          <h2>{t('observatory.impact.about')}</h2>
          <Tr ctx={ctx} value={campaign.summary} as="p" />
        </aside>
      ) : null}
    </Layout>
  );
}
