import type { PageContext } from '../../../../ui/context.ts';
import {
  CsrfField,
  ErrorSummary,
  TextArea,
  TextField,
  TranslatableField,
  type FormErrors,
  type FormValues,
} from '../../../../ui/widgets/forms.tsx';
import { Layout } from '../../../../ui/layout.tsx';
import { can } from '../../../accounts/index.ts';
import type { Campaign, CampaignComponent } from '../../campaign.ts';
import type { ComponentManifest } from '../../registry.ts';
import { StatusBadge } from '../parts.tsx';
import type { GoLive } from '../../go-live.ts';
import { GoLiveSteps } from './go-live.tsx';

export interface CampaignFormProps {
  ctx: PageContext;
  campaign: Campaign | null; // null when creating
  values: FormValues;
  errors: FormErrors;
  saved?: boolean;
  components: CampaignComponent[];
  /** For each component: what is still missing before the public sees it. */
  goLive: GoLive[];
  manifests: ComponentManifest<any>[];
}

const NEXT_STATUSES: Record<Campaign['status'], Campaign['status'][]> = {
  draft: ['live'],
  live: ['closed', 'draft'],
  closed: ['archived', 'live'],
  archived: ['closed'],
};

export function CampaignForm({
  ctx,
  campaign,
  values,
  errors,
  saved,
  components,
  goLive,
  manifests,
}: CampaignFormProps) {
  const { t, locale } = ctx;
  const action = campaign ? `/${locale}/admin/campaigns/${campaign.id}` : `/${locale}/admin/campaigns`;
  const labels: Record<string, string> = {
    slug: t('admin.campaign.slug'),
    starts_on: t('admin.campaign.starts_on'),
    ends_on: t('admin.campaign.ends_on'),
    hashtags: t('campaign.hashtags.title'),
    sources: t('campaign.sources'),
    figures: t('campaign.figures'),
  };
  for (const f of ['title', 'summary', 'body', 'organiser', 'goals', 'uncertainties'])
    for (const l of ['kk', 'ru', 'en']) labels[`${f}_${l}`] = `${t(`admin.campaign.${f}`)} (${l})`;
  return (
    <Layout ctx={ctx} title={campaign ? t('admin.campaign.edit') : t('admin.campaign.new')} admin>
      <p>
        <a href={`/${locale}/admin`}>← {t('admin.title')}</a>
      </p>
      <h1>{campaign ? t('admin.campaign.edit') : t('admin.campaign.new')}</h1>
      {saved ? (
        <p class="notice" role="status">
          {t('admin.saved')}
        </p>
      ) : null}
      {campaign ? (
        <div class="status-bar">
          <p>
            {t('admin.campaign.status')}: <StatusBadge ctx={ctx} status={campaign.status} />
          </p>
          <a href={`/${locale}/admin/campaigns/${campaign.id}/preview`}>{t('admin.preview')}</a>
          {NEXT_STATUSES[campaign.status].map((s) =>
            s === 'live' && !can(ctx.staff, 'campaign.publish', campaign) ? null : (
              <form method="post" action={`/${locale}/admin/campaigns/${campaign.id}/status`} class="inline">
                <CsrfField ctx={ctx} />
                <input type="hidden" name="status" value={s} />
                <button type="submit" class={s === 'live' ? 'button' : 'button button--secondary'}>
                  {t(`admin.campaign.to_${s}`)}
                </button>
              </form>
            ),
          )}
        </div>
      ) : null}
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={action} class="campaign-form" novalidate>
        <CsrfField ctx={ctx} />
        {campaign ? <input type="hidden" name="version" value={values.version ?? String(campaign.version)} /> : null}
        <TextField
          ctx={ctx}
          name="slug"
          label={labels.slug}
          hint={t('admin.campaign.slug_hint')}
          values={values}
          errors={errors}
          required
          maxLength={64}
        />
        <div class="row">
          <TextField
            ctx={ctx}
            name="starts_on"
            label={labels.starts_on}
            hint={t('admin.campaign.date_hint')}
            values={values}
            errors={errors}
            maxLength={10}
          />
          <TextField
            ctx={ctx}
            name="ends_on"
            label={labels.ends_on}
            hint={t('admin.campaign.date_hint')}
            values={values}
            errors={errors}
            maxLength={10}
          />
        </div>
        <TranslatableField
          ctx={ctx}
          name="title"
          label={t('admin.campaign.title')}
          values={values}
          errors={errors}
          required
          maxLength={140}
        />
        <TranslatableField
          ctx={ctx}
          name="summary"
          label={t('admin.campaign.summary')}
          values={values}
          errors={errors}
          multiline
          rows={3}
          maxLength={400}
        />
        <TranslatableField
          ctx={ctx}
          name="organiser"
          label={t('admin.campaign.organiser')}
          values={values}
          errors={errors}
          maxLength={200}
        />
        <TranslatableField
          ctx={ctx}
          name="body"
          label={t('admin.campaign.body')}
          hint={t('admin.campaign.body_hint')}
          values={values}
          errors={errors}
          multiline
          rows={10}
        />
        <TextArea
          ctx={ctx}
          name="hashtags"
          label={labels.hashtags}
          hint={t('admin.campaign.hashtags_hint')}
          values={values}
          errors={errors}
          rows={3}
        />
        <TranslatableField
          ctx={ctx}
          name="goals"
          label={t('admin.campaign.goals')}
          hint={t('admin.campaign.lines_hint')}
          values={values}
          errors={errors}
          multiline
          rows={3}
        />
        <TextArea
          ctx={ctx}
          name="figures"
          label={labels.figures}
          hint={t('admin.campaign.figures_hint')}
          values={values}
          errors={errors}
          rows={3}
        />
        <TranslatableField
          ctx={ctx}
          name="uncertainties"
          label={t('admin.campaign.uncertainties')}
          hint={t('admin.campaign.lines_hint')}
          values={values}
          errors={errors}
          multiline
          rows={3}
        />
        <TextArea
          ctx={ctx}
          name="sources"
          label={labels.sources}
          hint={t('admin.campaign.sources_hint')}
          values={values}
          errors={errors}
          rows={4}
        />
        <button class="button" type="submit">
          {campaign ? t('admin.save') : t('admin.campaign.create')}
        </button>
      </form>
      {campaign ? (
        <section class="components-admin">
          <h2>{t('admin.components.title')}</h2>
          {components.length ? (
            <ul>
              {components.map((c) => {
                const m = manifests.find((x) => x.type === c.type);
                const state = goLive.find((g) => g.componentId === c.id);
                return (
                  <li data-golive={c.id}>
                    <a href={`/${locale}/admin/components/${c.id}`}>{m ? t(m.labelKey) : c.type}</a> ·{' '}
                    {t(`component.status.${c.status}`)}
                    {state ? <GoLiveSteps ctx={ctx} state={state} /> : null}
                  </li>
                );
              })}
            </ul>
          ) : (
            <p>{t('admin.components.none')}</p>
          )}
          {manifests.length ? (
            <form method="get" action={`/${locale}/admin/campaigns/${campaign.id}/components/new`} class="inline-form">
              <label for="component-type">{t('admin.components.add')}</label>
              <select id="component-type" name="type">
                {manifests.map((m) => (
                  <option value={m.type}>{t(m.labelKey)}</option>
                ))}
              </select>
              <button type="submit" class="button button--secondary">
                {t('admin.components.add_submit')}
              </button>
            </form>
          ) : (
            <p class="hint">{t('admin.components.no_types')}</p>
          )}
        </section>
      ) : null}
    </Layout>
  );
}
