import type { PageContext } from '../../../ui/context.ts';
import { Layout } from '../../../ui/layout.tsx';
import type { Campaign, CampaignStatus } from '../campaign.ts';
import { CampaignCard } from './campaign-card.tsx';

export interface CampaignListProps {
  ctx: PageContext;
  items: Campaign[];
  total: number;
  page: number;
  pages: number;
  status: CampaignStatus | 'all';
  q: string;
}

export function CampaignList({ ctx, items, total, page, pages, status, q }: CampaignListProps) {
  const { t, locale } = ctx;
  const link = (p: number) =>
    `/${locale}/campaigns?${new URLSearchParams({ ...(status !== 'all' ? { status } : {}), ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <Layout ctx={ctx} title={t('campaigns.title')}>
      <h1>{t('campaigns.title')}</h1>
      <form class="filters" method="get" action={`/${locale}/campaigns`} role="search">
        <div class="field">
          <label for="q">{t('campaigns.search.label')}</label>
          <input id="q" name="q" type="search" value={q} maxLength={100} aria-describedby="q-hint" />
          <p class="hint" id="q-hint">
            {t('campaigns.search.hint')}
          </p>
        </div>
        <div class="field">
          <label for="status">{t('campaigns.filter.status')}</label>
          <select id="status" name="status">
            {(['all', 'live', 'closed', 'archived'] as const).map((s) => (
              <option value={s} selected={s === status}>
                {s === 'all' ? t('campaigns.filter.all') : t(`campaign.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button">
          {t('campaigns.search.submit')}
        </button>
      </form>
      <p role="status" class="result-count">
        {t('campaigns.count', { count: total })}
      </p>
      {items.length ? (
        <div class="cards">
          {items.map((c) => (
            <CampaignCard ctx={ctx} campaign={c} level={2} />
          ))}
        </div>
      ) : (
        <p class="empty">{t('campaigns.none')}</p>
      )}
      {pages > 1 ? (
        <nav class="pagination" aria-label={t('nav.pagination')}>
          {page > 1 ? (
            <a href={link(page - 1)} rel="prev">
              {t('nav.previous')}
            </a>
          ) : null}
          <span>{t('nav.page_of', { page, pages })}</span>
          {page < pages ? (
            <a href={link(page + 1)} rel="next">
              {t('nav.next')}
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}
