// The flashmob block on the campaign page and its public uptake page. Pure views.
import type { Campaign, CampaignComponent, ComponentViewProps } from '../../core/campaigns/index.ts';
import { formatPartialDate, formatNumber } from '../../i18n/format.ts';
import { asShown, langTag, pick, pickText, type Translatable } from '../../i18n/locales.ts';
import { Table } from '../../ui/widgets/table.tsx';
import { Tr } from '../../ui/widgets/translated.tsx';
import type { PageContext } from '../../ui/context.ts';
import { Layout } from '../../ui/layout.tsx';

export interface Uptake {
  posts: number;
  authors: number;
  newAuthors: number;
  platforms: Array<{ key: string; posts: number }>;
  langs: Array<{ key: string; posts: number }>;
  series: Array<{ t: string; posts: number }>;
  stacked: Array<{ t: string; values: Record<string, number> }>;
  last: string | null;
}

type Settings = Record<string, any>;
const LANG_TAGS = ['kk', 'ru', 'en'] as const;

/** Hashtags per language: the kit's own, or else the campaign's alias groups. */
export function hashtagsByLang(settings: Settings, campaign: Campaign): Record<(typeof LANG_TAGS)[number], string[]> {
  const out = { kk: [] as string[], ru: [] as string[], en: [] as string[] };
  for (const l of LANG_TAGS) {
    const own = String(settings[`hashtags_${l}`] ?? '')
      .split(/[\s,]+/)
      .map((t) => t.replace(/^#+/, ''))
      .filter(Boolean);
    out[l] = own.length
      ? own
      : campaign.hashtagGroups
          .flat()
          .filter((h) => h.lang === l)
          .map((h) => h.tag);
  }
  return out;
}

export function FlashmobBlock({ ctx, campaign, component, settings, stats }: ComponentViewProps<Settings>) {
  const { t, locale } = ctx;
  const tags = hashtagsByLang(settings, campaign);
  const samples = pick(settings.samples as Translatable, locale);
  const stat = (k: string) => stats.find((s) => s.key === k)?.value ?? 0;
  const showUptake = settings.show_uptake !== false && stats.length > 0;
  return (
    <div class="flashmob">
      <h2>{t('flashmob.title')}</h2>
      <Tr ctx={ctx} value={settings.ask as Translatable} as="p" class="lead" />
      {settings.starts_on || settings.ends_on ? (
        <p class="card__meta">
          {settings.starts_on ? formatPartialDate(settings.starts_on, locale) : '…'} —{' '}
          {settings.ends_on ? formatPartialDate(settings.ends_on, locale) : '…'}
        </p>
      ) : null}
      <h3>{t('flashmob.hashtags')}</h3>
      {LANG_TAGS.filter((l) => tags[l].length).map((l) => (
        <p>
          <span class="hint">{t(`flashmob.lang.${l}`)}:</span>{' '}
          <span class="flashmob__tags" lang={asShown('', l, locale).lang}>
            {tags[l].map((tag) => (
              <span>#{asShown(tag, l, locale).text} </span>
            ))}
          </span>
        </p>
      ))}
      {samples.text ? (
        <>
          <h3>{t('flashmob.samples')}</h3>
          {samples.text.split(/\n+/).map((line) => (
            <blockquote class="flashmob__sample" lang={samples.lang === locale ? langTag(locale) : samples.lang}>
              {line}
            </blockquote>
          ))}
        </>
      ) : null}
      {(['instagram', 'tiktok', 'x', 'other'] as const).map((p) => {
        const ins = pickText(settings[`instructions_${p}`] as Translatable, locale);
        return ins ? (
          <details>
            <summary>{t(`flashmob.instructions.${p}`)}</summary>
            <Tr ctx={ctx} value={settings[`instructions_${p}`] as Translatable} as="p" />
          </details>
        ) : null;
      })}
      {showUptake ? (
        <section class="flashmob__uptake" aria-labelledby={`uptake-${component.id}`}>
          <h3 id={`uptake-${component.id}`}>{t('flashmob.uptake.title')}</h3>
          <dl class="headline">
            <div>
              <dt>{t('flashmob.stat.posts')}</dt>
              <dd>{formatNumber(stat('posts'), locale)}</dd>
            </div>
            <div>
              <dt>{t('flashmob.stat.authors')}</dt>
              <dd>{formatNumber(stat('authors'), locale)}</dd>
            </div>
            <div>
              <dt>{t('flashmob.stat.platforms')}</dt>
              <dd>{formatNumber(stat('platforms'), locale)}</dd>
            </div>
            <div>
              <dt>{t('flashmob.stat.languages')}</dt>
              <dd>{formatNumber(stat('languages'), locale)}</dd>
            </div>
          </dl>
          {stat('posts') ? (
            <img
              class="flashmob__chart"
              src={`/${locale}/c/${component.id}/uptake.svg`}
              alt={t('flashmob.uptake.chart_desc', { posts: stat('posts') })}
              width="640"
              height="180"
            />
          ) : null}
          <p>
            <a href={`/${locale}/c/${component.id}/uptake`}>{t('flashmob.uptake.details')}</a>
          </p>
          <p class="hint">{t('flashmob.uptake.source')}</p>
        </section>
      ) : null}
    </div>
  );
}

export function UptakePage({
  ctx,
  campaign,
  uptake,
}: {
  ctx: PageContext;
  campaign: Campaign;
  component: CampaignComponent;
  uptake: Uptake;
}) {
  const { t, locale } = ctx;
  const n = (v: number) => formatNumber(v, locale);
  const title = t('flashmob.uptake.page_title', { campaign: pickText(campaign.title, locale) });
  const platforms = uptake.platforms.map((p) => p.key);
  return (
    <Layout ctx={ctx} title={title}>
      <nav class="breadcrumbs" aria-label={t('nav.breadcrumbs')}>
        <a href={`/${locale}/campaigns`}>{t('nav.campaigns')}</a> ›{' '}
        <a href={`/${locale}/campaigns/${campaign.slug}`}>{pickText(campaign.title, locale)}</a>
      </nav>
      <h1>{title}</h1>
      <p class="hint">{t('flashmob.uptake.source')}</p>
      <dl class="headline">
        <div>
          <dt>{t('flashmob.stat.posts')}</dt>
          <dd>{n(uptake.posts)}</dd>
        </div>
        <div>
          <dt>{t('flashmob.stat.authors')}</dt>
          <dd>{n(uptake.authors)}</dd>
        </div>
        <div>
          <dt>{t('flashmob.stat.new_authors')}</dt>
          <dd>{n(uptake.newAuthors)}</dd>
        </div>
      </dl>
      <div class="grid-2">
        <section>
          <h2>{t('flashmob.stat.platforms')}</h2>
          <Table head={[t('flashmob.platform'), t('flashmob.stat.posts')]}>
            {uptake.platforms.map((p) => (
              <tr>
                <td>{t(`monitor.platform.${p.key}`)}</td>
                <td>{n(p.posts)}</td>
              </tr>
            ))}
          </Table>
        </section>
        <section>
          <h2>{t('flashmob.stat.languages')}</h2>
          <Table head={[t('flashmob.language'), t('flashmob.stat.posts')]}>
            {uptake.langs.map((l) => (
              <tr>
                <td>{t(`monitor.lang.${l.key}`)}</td>
                <td>{n(l.posts)}</td>
              </tr>
            ))}
          </Table>
        </section>
      </div>
      <section>
        <h2>{t('flashmob.uptake.by_day')}</h2>
        <Table
          head={[t('flashmob.day'), t('flashmob.stat.posts'), ...platforms.map((p) => t(`monitor.platform.${p}`))]}
        >
          {uptake.stacked.map((s, i) => (
            <tr>
              <td>{formatPartialDate(s.t, locale)}</td>
              <td>{n(uptake.series[i]?.posts ?? 0)}</td>
              {platforms.map((p) => (
                <td>{n(s.values[p] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </Table>
      </section>
    </Layout>
  );
}
