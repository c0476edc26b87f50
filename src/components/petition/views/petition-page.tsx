// The public petition page: text, live count toward the goal, counts by region, recent signers who
// agreed to be shown, the state (with reasons and answers), officials' responses, and the sign form while it is open.
import { compareRegionNames } from '../../../core/regions/index.ts';
import { formatDateTime, formatNumber } from '../../../i18n/format.ts';
import { pick } from '../../../i18n/locales.ts';
import type { Campaign } from '../../../core/campaigns/index.ts';
import type { PageContext } from '../../../ui/context.ts';
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  RequiredNote,
  Select,
  TextField,
  type FormErrors,
  type FormValues,
} from '../../../ui/widgets/forms.tsx';
import { Markdown, Tr } from '../../../ui/widgets/translated.tsx';
import { Layout } from '../../../ui/layout.tsx';
import { RegionMap } from '../../../ui/region-map.tsx';
import { ResponseBlock, type OfficialResponse } from '../../../responses/index.ts';
import { ABROAD, parseMilestones, type PetitionView } from '../petition.ts';
import { Progress, RegionCounts, StateBadge } from './parts.tsx';

export interface PetitionPageProps {
  ctx: PageContext;
  petition: PetitionView;
  campaign: Campaign;
  /** Officials' responses, newest first. */
  responses?: OfficialResponse[];
  regionNames: Record<string, string>;
  values?: FormValues;
  errors?: FormErrors;
}

const OFFICIAL_SIGN_URL = { epetition: 'https://epetition.kz/', eotinish: 'https://eotinish.kz/' } as const;

function OfficialCounterpart({ ctx, petition }: { ctx: PageContext; petition: PetitionView }) {
  const { t } = ctx;
  const platform = petition.settings.official_platform;
  if (platform === 'none') return null;
  const url = petition.settings.official_url || OFFICIAL_SIGN_URL[platform];
  return (
    <section class="petition-official" aria-labelledby="official-h">
      <h2 id="official-h">{t(`petition.official.${platform}.title`)}</h2>
      <p>{t('petition.official.explain')}</p>
      <p>
        <a href={url} rel="noopener noreferrer nofollow">
          {t(`petition.official.${platform}.link`)}
        </a>
      </p>
    </section>
  );
}

function StateNotice({ ctx, petition }: { ctx: PageContext; petition: PetitionView }) {
  const { t, locale } = ctx;
  switch (petition.state) {
    case 'rejected':
      return (
        <div class="notice notice--rejected" role="note">
          <h2>{t('petition.notice.rejected')}</h2>
          <p class="prewrap">{petition.stateReason}</p>
        </div>
      );
    case 'closed':
      return (
        <p class="notice">
          {t('petition.notice.closed', { date: petition.closedAt ? formatDateTime(petition.closedAt, locale) : '—' })}
        </p>
      );
    case 'delivered':
      return (
        <p class="notice">
          {t('petition.notice.delivered', {
            date: petition.deliveredAt ? formatDateTime(petition.deliveredAt, locale) : '—',
          })}
        </p>
      );
    case 'answered':
      return (
        <div class="notice" role="note">
          <h2>{t('petition.notice.answered')}</h2>
          <p class="prewrap">{petition.answer}</p>
          {petition.answerUrl ? (
            <p>
              <a href={petition.answerUrl} rel="noopener noreferrer nofollow">
                {t('petition.notice.answer_link')}
              </a>
            </p>
          ) : null}
        </div>
      );
    default:
      return null;
  }
}

export function regionOptions(ctx: PageContext, regionNames: Record<string, string>) {
  return [
    { value: '', label: ctx.t('petition.sign.region_choose') },
    ...Object.entries(regionNames)
      .filter(([code]) => code !== ABROAD)
      .sort((a, b) => compareRegionNames(ctx.locale)(a[1], b[1]))
      .map(([value, label]) => ({ value, label })),
    { value: ABROAD, label: ctx.t('petition.region.abroad') },
  ];
}

const signLabels = ({ t }: PageContext) => ({
  name: t('petition.sign.name'),
  email: t('petition.sign.email'),
  region: t('petition.sign.region'),
});

function SignForm({
  ctx,
  petition,
  regionNames,
  values,
  errors,
}: {
  ctx: PageContext;
  petition: PetitionView;
  regionNames: Record<string, string>;
  values: FormValues;
  errors: FormErrors;
}) {
  const { t, locale } = ctx;
  const labels = signLabels(ctx);
  return (
    <section class="sign" aria-labelledby="sign-h" id="sign">
      <h2 id="sign-h">{t('petition.sign.title')}</h2>
      <form
        method="post"
        action={`/${locale}/petitions/${petition.id}/sign`}
        class="sign-form"
        data-pow="/api/v1/petitions/challenge"
        novalidate
      >
        <CsrfField ctx={ctx} />
        <RequiredNote ctx={ctx} />
        <TextField
          ctx={ctx}
          name="name"
          label={labels.name}
          values={values}
          errors={errors}
          required
          autocomplete="name"
          maxLength={100}
        />
        <TextField
          ctx={ctx}
          name="email"
          type="email"
          label={labels.email}
          hint={t('petition.sign.email_hint')}
          values={values}
          errors={errors}
          required
          autocomplete="email"
          maxLength={254}
        />
        <Select
          ctx={ctx}
          name="region"
          label={labels.region}
          values={values}
          errors={errors}
          options={regionOptions(ctx, regionNames)}
          required
        />
        <Checkbox ctx={ctx} name="show_name" label={t('petition.sign.show_name')} values={values} errors={errors} />
        <Checkbox ctx={ctx} name="updates" label={t('petition.sign.updates')} values={values} errors={errors} />
        <div class="hp" aria-hidden="true">
          <label for="f-website">{t('petition.sign.honeypot')}</label>
          <input id="f-website" name="website" type="text" tabIndex={-1} autocomplete="off" value="" />
        </div>
        <input type="hidden" name="pow" value="" />
        <p class="privacy-notice">{t('petition.sign.privacy')}</p>
        <button class="button" type="submit">
          {t('petition.sign.submit')}
        </button>
        <p class="hint" data-pow-status="" aria-live="polite"></p>
      </form>
    </section>
  );
}

export function PetitionPage({
  ctx,
  petition,
  campaign,
  responses = [],
  regionNames,
  values = {},
  errors = {},
}: PetitionPageProps) {
  const { t, locale } = ctx;
  const s = petition.settings;
  const milestones = (parseMilestones(s.milestones) ?? []).filter((m) => m !== s.goal);
  return (
    <Layout
      ctx={ctx}
      title={pick(s.title, locale).text}
      description={t('petition.meta.description', { count: petition.count })}
    >
      <nav class="breadcrumbs" aria-label={t('nav.breadcrumbs')}>
        <a href={`/${locale}/campaigns`}>{t('nav.campaigns')}</a> ›{' '}
        <a href={`/${locale}/campaigns/${campaign.slug}`}>
          <Tr ctx={ctx} value={campaign.title} />
        </a>
      </nav>
      <article class="petition">
        <header class="petition__header">
          <p class="card__meta">
            {t('petition.label')} · <StateBadge ctx={ctx} state={petition.state} />
          </p>
          <Tr ctx={ctx} value={s.title} as="h1" />
          <p class="petition__addressee">
            {t('petition.addressee')}: <Tr ctx={ctx} value={s.addressee} />
          </p>
        </header>
        {/* At the top, not by the form: on a phone the form comes after the petition's text, and a page sent
            back without JavaScript opens at the top. Each entry links to its field. */}
        <ErrorSummary ctx={ctx} errors={errors} labels={signLabels(ctx)} />
        <div class="petition__grid">
          <div class="petition__main">
            <StateNotice ctx={ctx} petition={petition} />
            <ResponseBlock ctx={ctx} responses={responses} />
            <Markdown ctx={ctx} value={s.text} />
            {petition.state === 'open' ? <OfficialCounterpart ctx={ctx} petition={petition} /> : null}
          </div>
          <aside class="petition__aside">
            <Progress ctx={ctx} petition={petition} settings={s} />
            {s.offline_count && s.offline_note && pick(s.offline_note, locale).text ? (
              <Tr ctx={ctx} value={s.offline_note} as="p" class="hint" />
            ) : null}
            {milestones.length ? (
              <ul class="milestones" aria-label={t('petition.milestones.title')}>
                {milestones.map((m) => (
                  <li class={petition.milestonesReached[m] ? 'milestones__reached' : undefined}>
                    {petition.milestonesReached[m]
                      ? t('petition.milestones.reached', {
                          n: formatNumber(m, locale),
                          date: formatDateTime(petition.milestonesReached[m], locale),
                        })
                      : t('petition.milestones.ahead', { n: formatNumber(m, locale) })}
                  </li>
                ))}
              </ul>
            ) : null}
            {petition.state === 'open' ? (
              <SignForm ctx={ctx} petition={petition} regionNames={regionNames} values={values} errors={errors} />
            ) : null}
            {petition.recentSigners.length ? (
              <section aria-labelledby="recent-h">
                <h2 id="recent-h">{t('petition.recent.title')}</h2>
                <ul class="recent-signers">
                  {petition.recentSigners.map((r) => (
                    <li>
                      {r.name} · <span class="hint">{regionNames[r.region] ?? r.region}</span>
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </aside>
        </div>
        <section aria-labelledby="regions-h">
          <h2 id="regions-h">{t('petition.regions.title')}</h2>
          {petition.count ? (
            <>
              <RegionMap
                counts={petition.byRegion}
                labels={regionNames}
                locale={locale}
                title={t('petition.regions.title')}
                valueLabel={t('petition.regions.signatures')}
                tableLabel={t('petition.regions.title')}
                regionLabel={t('petition.regions.region')}
                id="petition-map"
              />
              {petition.byRegion[ABROAD] ? (
                <p>{t('petition.regions.abroad', { n: formatNumber(petition.byRegion[ABROAD], locale) })}</p>
              ) : null}
            </>
          ) : (
            <RegionCounts ctx={ctx} counts={petition.byRegion} regionNames={regionNames} />
          )}
          {petition.countedAt ? (
            <p class="hint">{t('petition.count.updated', { date: formatDateTime(petition.countedAt, locale) })}</p>
          ) : null}
        </section>
      </article>
    </Layout>
  );
}
