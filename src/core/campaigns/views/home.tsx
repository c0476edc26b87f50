import type { PageContext } from '../../../ui/context.ts';
import { Layout } from '../../../ui/layout.tsx';
import type { Campaign } from '../campaign.ts';
import { CampaignCard } from './campaign-card.tsx';

export function HomePage({ ctx, live, recent }: { ctx: PageContext; live: Campaign[]; recent: Campaign[] }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('home.title')} description={t('home.lead')}>
      <section class="hero">
        <h1>{t('home.title')}</h1>
        <p class="lead">{t('home.lead')}</p>
        <p>
          <a class="button" href={`/${locale}/campaigns`}>
            {t('home.cta')}
          </a>
        </p>
      </section>
      <section aria-labelledby="pillars">
        <h2 id="pillars" class="visually-hidden">
          {t('home.pillars')}
        </h2>
        <ul class="pillars">
          {(['act', 'protect', 'measure', 'remember'] as const).map((p) => (
            <li>
              <h3>{t(`home.pillar.${p}.title`)}</h3>
              <p>{t(`home.pillar.${p}.text`)}</p>
            </li>
          ))}
        </ul>
      </section>
      {live.length ? (
        <section>
          <h2>{t('home.live')}</h2>
          <div class="cards">
            {live.map((c) => (
              <CampaignCard ctx={ctx} campaign={c} />
            ))}
          </div>
        </section>
      ) : null}
      <section>
        <h2>{t('home.recent')}</h2>
        <div class="cards">
          {recent.map((c) => (
            <CampaignCard ctx={ctx} campaign={c} />
          ))}
        </div>
        <p>
          <a href={`/${locale}/campaigns`}>{t('home.all_campaigns')}</a>
        </p>
      </section>
    </Layout>
  );
}
