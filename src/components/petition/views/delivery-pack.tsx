// A printable delivery pack for the addressee: the text, goal, dates, counts by region, and the
// names of only those signers who agreed to have their name shown.
import { formatDateTime, formatNumber } from '../../../i18n/format.ts';
import type { PageContext } from '../../../ui/context.ts';
import { Markdown, Tr } from '../../../ui/widgets/translated.tsx';
import { Layout } from '../../../ui/layout.tsx';
import type { DeliveryPack } from '../petition.ts';
import { RegionCounts } from './parts.tsx';

export function DeliveryPackPage({
  ctx,
  pack,
  regionNames,
}: {
  ctx: PageContext;
  pack: DeliveryPack;
  regionNames: Record<string, string>;
}) {
  const { t, locale } = ctx;
  const { petition } = pack;
  const s = petition.settings;
  const byRegion = new Map<string, string[]>();
  for (const n of pack.names) byRegion.set(n.region, [...(byRegion.get(n.region) ?? []), n.name]);
  const date = (iso: string | null) => (iso ? formatDateTime(iso, locale) : '—');
  return (
    <Layout ctx={ctx} title={t('petition.admin.delivery_pack')} admin>
      <article class="delivery-pack">
        <p class="no-print">
          <a href={`/${locale}/admin/petitions/${petition.id}`}>← {t('petition.admin.title')}</a> ·{' '}
          {t('petition.pack.print_hint')}
        </p>
        <Tr ctx={ctx} value={s.title} as="h1" />
        <p>
          {t('petition.addressee')}: <Tr ctx={ctx} value={s.addressee} />
        </p>
        <p>
          {t('petition.addressee_from')}: <Tr ctx={ctx} value={pack.campaign.organiser} />
        </p>
        <dl class="pack-facts">
          <dt>{t('petition.pack.count')}</dt>
          <dd>{formatNumber(petition.count, locale)}</dd>
          <dt>{t('petition.pack.goal')}</dt>
          <dd>{formatNumber(s.goal, locale)}</dd>
          {s.offline_count ? (
            <>
              <dt>{t('petition.pack.offline')}</dt>
              <dd>{formatNumber(s.offline_count, locale)}</dd>
            </>
          ) : null}
          <dt>{t('petition.pack.opened')}</dt>
          <dd>{date(petition.openedAt)}</dd>
          <dt>{t('petition.pack.closed')}</dt>
          <dd>{date(petition.closedAt)}</dd>
        </dl>
        <Markdown ctx={ctx} value={s.text} />
        <h2>{t('petition.regions.title')}</h2>
        <RegionCounts ctx={ctx} counts={petition.byRegion} regionNames={regionNames} />
        <h2>{t('petition.pack.names', { count: pack.names.length })}</h2>
        <p class="hint">{t('petition.pack.names_hint')}</p>
        {[...byRegion.entries()].map(([region, names]) => (
          <section class="pack-region">
            <h3>
              {regionNames[region] ?? region} ({names.length})
            </h3>
            <p class="pack-names">{names.join(', ')}</p>
          </section>
        ))}
      </article>
    </Layout>
  );
}
