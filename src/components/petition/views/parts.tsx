// Small pieces shared by the petition pages and the campaign-page block.
import { formatNumber, formatPartialDate } from '../../../i18n/format.ts';
import type { PageContext } from '../../../ui/context.ts';
import { ScrollBox } from '../../../ui/widgets/table.tsx';
import type { Petition, PetitionSettings, PetitionState } from '../petition.ts';

export function StateBadge({ ctx, state }: { ctx: PageContext; state: PetitionState }) {
  const tone =
    state === 'open'
      ? 'live'
      : state === 'draft' || state === 'moderation'
        ? 'draft'
        : state === 'rejected'
          ? 'archived'
          : 'closed';
  return <span class={`badge badge--${tone}`}>{ctx.t(`petition.state.${state}`)}</span>;
}

/** The confirmed count toward the goal; offline signatures are shown apart, never added in. */
export function Progress({
  ctx,
  petition,
  settings,
}: {
  ctx: PageContext;
  petition: Pick<Petition, 'count' | 'referenceKey'>;
  settings: Pick<PetitionSettings, 'goal' | 'offline_count' | 'deadline'>;
}) {
  const { t, locale } = ctx;
  if (petition.referenceKey) {
    // A petition from the movement's history: its signatures were gathered elsewhere, as reported by the sources.
    return (
      <div class="petition-progress">
        <p class="petition-progress__count">
          <strong>{t('petition.count.external', { count: settings.offline_count ?? 0 })}</strong>
        </p>
        <p class="hint">{t('petition.count.external_hint')}</p>
      </div>
    );
  }
  return (
    <div class="petition-progress">
      <p class="petition-progress__count">
        <strong data-count>{formatNumber(petition.count, locale)}</strong>{' '}
        {t('petition.count.signatures', { count: petition.count })}
      </p>
      <progress
        max={settings.goal}
        value={Math.min(petition.count, settings.goal)}
        aria-label={t('petition.count.progress_label')}
      >
        {Math.round((petition.count / settings.goal) * 100)}%
      </progress>
      <p class="petition-progress__goal">{t('petition.count.goal', { goal: formatNumber(settings.goal, locale) })}</p>
      {settings.offline_count ? (
        <p class="petition-progress__offline">
          {t('petition.count.offline', {
            count: settings.offline_count,
            n: formatNumber(settings.offline_count, locale),
          })}
        </p>
      ) : null}
      {settings.deadline ? (
        <p class="hint">{t('petition.count.deadline', { date: formatPartialDate(settings.deadline, locale) })}</p>
      ) : null}
    </div>
  );
}

/** Counts by region as a table (staff previews, the printed delivery pack, "outside Kazakhstan" included). */
export function RegionCounts({
  ctx,
  counts,
  regionNames,
}: {
  ctx: PageContext;
  counts: Record<string, number>;
  regionNames: Record<string, string>;
}) {
  const { t, locale } = ctx;
  const rows = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || (regionNames[a[0]] ?? a[0]).localeCompare(regionNames[b[0]] ?? b[0], locale));
  if (!rows.length) return <p class="hint">{t('petition.regions.none')}</p>;
  const total = rows.reduce((s, [, n]) => s + n, 0);
  return (
    <ScrollBox label={t('petition.regions.title')}>
      <table class="region-counts">
        <caption class="visually-hidden">{t('petition.regions.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('petition.regions.region')}</th>
            <th scope="col" class="num">
              {t('petition.regions.signatures')}
            </th>
            <th scope="col" class="num">
              {t('petition.regions.share')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([code, n]) => (
            <tr data-region={code}>
              <th scope="row">{regionNames[code] ?? code}</th>
              <td class="num">{formatNumber(n, locale)}</td>
              <td class="num">
                {new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(n / total)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
