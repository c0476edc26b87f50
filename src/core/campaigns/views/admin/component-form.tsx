// The settings form of any component type, generated from its manifest's field list.
import type { PageContext } from '../../../../ui/context.ts';
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  Select,
  TextArea,
  TextField,
  TranslatableField,
  type FormErrors,
  type FormValues,
} from '../../../../ui/widgets/forms.tsx';
import { Layout } from '../../../../ui/layout.tsx';
import { Tr } from '../../../../ui/widgets/translated.tsx';
import type { Campaign, CampaignComponent } from '../../campaign.ts';
import type { ComponentManifest, ComponentStat, FieldSpec, SettingsLock } from '../../registry.ts';
import type { GoLive } from '../../go-live.ts';
import { GoLivePanel } from './go-live.tsx';

function Field({
  ctx,
  f,
  values,
  errors,
  lock,
}: {
  ctx: PageContext;
  f: FieldSpec;
  values: FormValues;
  errors: FormErrors;
  lock: SettingsLock | null;
}) {
  const label = ctx.t(f.label);
  const locked = !!lock?.fields.includes(f.name);
  const common = {
    ctx,
    name: f.name,
    label,
    values,
    errors,
    readOnly: locked,
    hint: locked ? ctx.t(lock!.reasonKey) : 'hint' in f && f.hint ? ctx.t(f.hint) : undefined,
  };
  switch (f.kind) {
    case 'translatable-text':
      return <TranslatableField {...common} required={f.required} maxLength={f.max} />;
    case 'translatable-textarea':
      return <TranslatableField {...common} required={f.required} multiline rows={5} maxLength={f.max} />;
    case 'textarea':
      return <TextArea {...common} required={f.required} maxLength={f.max} />;
    case 'number':
      return <TextField {...common} type="text" inputMode="numeric" required={f.required} />;
    case 'date':
      return <TextField {...common} type="date" required={f.required} />;
    case 'url':
      return <TextField {...common} type="url" required={f.required} maxLength={f.max} />;
    case 'select':
      return <Select {...common} options={f.options.map((o) => ({ value: o.value, label: ctx.t(o.label) }))} />;
    case 'checkbox':
      return <Checkbox ctx={ctx} name={f.name} label={label} values={values} errors={errors} />;
    default:
      return <TextField {...common} required={f.required} maxLength={f.max} />;
  }
}

export interface ComponentFormProps {
  ctx: PageContext;
  campaign: Campaign;
  manifest: ComponentManifest<any>;
  component: CampaignComponent | null;
  values: FormValues;
  errors: FormErrors;
  stats: ComponentStat[];
  canExport: boolean;
  /** Settings that can no longer change: shown read-only with the reason. */
  lock: SettingsLock | null;
  /** What is still missing before the public sees it (null while it is being added). */
  goLive: GoLive | null;
}

export function ComponentForm({
  ctx,
  campaign,
  manifest,
  component,
  values,
  errors,
  stats,
  canExport,
  lock,
  goLive,
}: ComponentFormProps) {
  const { t, locale } = ctx;
  const action = component
    ? `/${locale}/admin/components/${component.id}`
    : `/${locale}/admin/campaigns/${campaign.id}/components`;
  const labels = Object.fromEntries(
    manifest.settings.fields.flatMap((f) =>
      f.kind.startsWith('translatable')
        ? ['kk', 'ru', 'en'].map((l) => [`${f.name}_${l}`, `${t(f.label)} (${l})`])
        : [[f.name, t(f.label)]],
    ),
  );
  return (
    <Layout ctx={ctx} title={t(manifest.labelKey)} admin>
      <p>
        <a href={`/${locale}/admin/campaigns/${campaign.id}`}>
          ← <Tr ctx={ctx} value={campaign.title} />
        </a>
      </p>
      <h1>{t(manifest.labelKey)}</h1>
      <p class="hint">{t(manifest.descriptionKey)}</p>
      {goLive ? <GoLivePanel ctx={ctx} state={goLive} /> : null}
      {component && manifest.adminPath ? (
        <p>
          <a class="button button--secondary" href={`/${locale}${manifest.adminPath(component)}`}>
            {t('admin.components.manage')}
          </a>
        </p>
      ) : null}
      {stats.length ? (
        <dl class="stats">
          {stats.map((s) => (
            <div>
              <dt>{t(s.labelKey)}</dt>
              <dd>{s.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={action} novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="_type" value={manifest.type} />
        {manifest.settings.fields.map((f) => (
          <Field ctx={ctx} f={f} values={values} errors={errors} lock={lock} />
        ))}
        {component ? (
          <Select
            ctx={ctx}
            name="_status"
            label={t('admin.components.visibility')}
            values={values}
            errors={errors}
            options={(['draft', 'published'] as const).map((s) => ({ value: s, label: t(`component.status.${s}`) }))}
          />
        ) : null}
        <button class="button" type="submit">
          {component ? t('admin.save') : t('admin.components.add_submit')}
        </button>
      </form>
      {component && canExport && manifest.exporters?.length ? (
        <section>
          <h2>{t('admin.components.exports')}</h2>
          <ul>
            {manifest.exporters.map((e) => (
              <li>
                <a href={`/${locale}/admin/components/${component.id}/export/${e.name}`}>{t(e.labelKey)}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
