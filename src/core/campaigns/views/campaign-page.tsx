import type { VNode } from 'preact';
import { formatPartialDate } from '../../../i18n/format.ts';
import { pick } from '../../../i18n/locales.ts';
import type { PageContext } from '../../../ui/context.ts';
import { Layout } from '../../../ui/layout.tsx';
import { Markdown, Tr } from '../../../ui/widgets/translated.tsx';
import type { Campaign } from '../campaign.ts';
import { CampaignDates, HashtagGroup, StatusBadge } from './parts.tsx';

export interface CampaignPageProps {
  ctx: PageContext;
  campaign: Campaign;
  /** Blocks rendered by each published component's manifest, in order. */
  components: Array<{ id: string; type: string; node: VNode }>;
  preview?: boolean;
}

export function CampaignPage({ ctx, campaign, components, preview }: CampaignPageProps) {
  const { t } = ctx;
  const title = pick(campaign.title, ctx.locale).text;
  return (
    <Layout
      ctx={ctx}
      title={title}
      description={pick(campaign.summary, ctx.locale).text}
      noindex={preview}
      admin={preview}
    >
      {preview ? (
        <p class="notice notice--preview" role="status">
          {t('admin.preview.banner')}
        </p>
      ) : null}
      <nav class="breadcrumbs" aria-label={t('nav.breadcrumbs')}>
        <a href={`/${ctx.locale}/campaigns`}>{t('nav.campaigns')}</a>
      </nav>
      <article class="campaign">
        <header class="campaign__header">
          <p class="card__meta">
            <StatusBadge ctx={ctx} status={campaign.status} /> <CampaignDates ctx={ctx} campaign={campaign} />
          </p>
          <Tr ctx={ctx} value={campaign.title} as="h1" />
          <Tr ctx={ctx} value={campaign.summary} as="p" class="lead" />
          {pick(campaign.organiser, ctx.locale).text ? (
            <p class="organiser">
              {t('campaign.organiser')}: <Tr ctx={ctx} value={campaign.organiser} />
            </p>
          ) : null}
        </header>

        <div class="campaign__grid">
          <div class="campaign__main">
            <Markdown ctx={ctx} value={campaign.body} />
            {components.map((c) => (
              <section class={`component component--${c.type}`} id={`c-${c.id}`}>
                {c.node}
              </section>
            ))}
          </div>

          <aside class="campaign__aside">
            {campaign.hashtagGroups.length ? (
              <section>
                <h2>{t('campaign.hashtags.title')}</h2>
                <p class="hint">{t('campaign.hashtags.hint')}</p>
                {campaign.hashtagGroups.map((g) => (
                  <HashtagGroup ctx={ctx} group={g} />
                ))}
              </section>
            ) : null}
            {campaign.goals.length ? (
              <section>
                <h2>{t('campaign.goals')}</h2>
                <ul>
                  {campaign.goals.map((g) => (
                    <Tr ctx={ctx} value={g} as="li" />
                  ))}
                </ul>
              </section>
            ) : null}
            {campaign.figures.length ? (
              <section>
                <h2>{t('campaign.figures')}</h2>
                <dl class="figures">
                  {campaign.figures.map((f) => (
                    <div>
                      <dt>{t(`campaign.figure.${f.approx}`, { value: Number(f.value) || 0, raw: f.value })}</dt>
                      <dd>
                        <Tr ctx={ctx} value={f.label} />
                        {f.source ? <span class="figure__source"> ({f.source})</span> : null}
                      </dd>
                    </div>
                  ))}
                </dl>
              </section>
            ) : null}
          </aside>
        </div>

        {campaign.uncertainties.length ? (
          <section class="uncertain">
            <h2>{t('campaign.uncertainties.title')}</h2>
            <p class="hint">{t('campaign.uncertainties.hint')}</p>
            <ul>
              {campaign.uncertainties.map((u) => (
                <Tr ctx={ctx} value={u} as="li" />
              ))}
            </ul>
          </section>
        ) : null}

        {campaign.sources.length ? (
          <section class="sources">
            <h2>{t('campaign.sources')}</h2>
            <ol>
              {campaign.sources.map((s) => (
                <li id={s.ref ? `source-${s.ref}` : undefined}>
                  {s.ref ? <span class="ref">[{s.ref}]</span> : null}{' '}
                  <cite>
                    {s.url ? (
                      <a href={s.url} rel="noopener noreferrer nofollow">
                        {s.title}
                      </a>
                    ) : (
                      s.title
                    )}
                  </cite>
                  {s.publisher ? <span>. {s.publisher}</span> : null}
                  {s.date ? <span>, {formatPartialDate(s.date, ctx.locale)}</span> : null}
                  {s.note ? (
                    <>
                      {' — '}
                      <Tr ctx={ctx} value={s.note} />
                    </>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
        ) : null}
      </article>
    </Layout>
  );
}
