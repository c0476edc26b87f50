// The staff record page: moderation bar, a proposed change awaiting review, the record form (fields
// depend on the kind), and the record's links and sources with the form that adds one.
import { compareRegionNames } from '../../../core/regions/index.ts';
import type { Campaign } from '../../../core/campaigns/index.ts';
import type { PageContext } from '../../../ui/context.ts';
import {
  CsrfField,
  ErrorSummary,
  Select,
  TextArea,
  TextField,
  TranslatableField,
  type FormErrors,
  type FormValues,
} from '../../../ui/widgets/forms.tsx';
import { Layout } from '../../../ui/layout.tsx';
import { STEPS, SUBTYPES, type Entity, type Kind, type LinkView } from '../../observatory.model.ts';
import { editMode } from '../../observatory.permissions.ts';
import { fieldLabels } from './field-labels.ts';
import { KindFields } from './kind-fields.tsx';
import { LinksSection } from './links-section.tsx';
import { PendingBox, StatusBar } from './moderation-bar.tsx';

export interface AdminFormProps {
  ctx: PageContext;
  kind: Kind;
  entity: Entity | null; // null when creating
  values: FormValues;
  errors: FormErrors;
  regions: Record<string, string>;
  notice?: string | null; // message key
  links?: LinkView[];
  linkValues?: FormValues;
  linkErrors?: FormErrors;
  sources?: Entity[];
  campaigns?: Campaign[];
  pendingChanges?: string[]; // fields a proposal would change
}

export function AdminForm(p: AdminFormProps) {
  const { ctx, kind, entity, values, errors, regions } = p;
  const { t, locale } = ctx;
  const labels = fieldLabels(ctx);
  const action = entity ? `/${locale}/admin/observatory/${entity.id}` : `/${locale}/admin/observatory?kind=${kind}`;
  const title = entity
    ? t('observatory.admin.edit', { kind: t(`observatory.kind.${kind}.one`) })
    : t(`observatory.admin.new_${kind}`);
  const mode = entity ? editMode(ctx.staff, entity.status) : 'direct';
  const steps = STEPS[kind];
  return (
    <Layout ctx={ctx} title={title} admin>
      <p>
        <a href={`/${locale}/admin/observatory`}>← {t('observatory.admin.title')}</a>
      </p>
      <h1>{title}</h1>
      {p.notice ? (
        <p class="notice" role="status">
          {t(p.notice)}
        </p>
      ) : null}
      {entity ? <StatusBar ctx={ctx} entity={entity} /> : null}
      {entity ? <PendingBox ctx={ctx} entity={entity} fields={p.pendingChanges ?? []} /> : null}
      {mode === 'propose' ? <p class="notice notice--preview">{t('observatory.admin.propose_hint')}</p> : null}
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={action} class="campaign-form obs-form" novalidate>
        <CsrfField ctx={ctx} />
        {entity ? <input type="hidden" name="version" value={values.version ?? String(entity.version)} /> : null}
        <TextField
          ctx={ctx}
          name="slug"
          label={labels.slug}
          hint={t('observatory.admin.slug_hint')}
          values={values}
          errors={errors}
          required
          maxLength={64}
        />
        {SUBTYPES[kind].length ? (
          <Select
            ctx={ctx}
            name="subtype"
            label={labels.subtype}
            values={values}
            errors={errors}
            options={[
              { value: '', label: '—' },
              ...SUBTYPES[kind].map((s) => ({ value: s, label: t(`observatory.subtype.${kind}.${s}`) })),
            ]}
          />
        ) : null}
        <TranslatableField
          ctx={ctx}
          name="title"
          label={t('observatory.field.title')}
          values={values}
          errors={errors}
          required
          maxLength={200}
        />
        <TranslatableField
          ctx={ctx}
          name="summary"
          label={t('observatory.field.summary')}
          values={values}
          errors={errors}
          multiline
          rows={3}
          maxLength={600}
        />
        <div class="row">
          <TextField
            ctx={ctx}
            name="date_start"
            label={t(`observatory.date.${kind}`)}
            hint={t('admin.campaign.date_hint')}
            values={values}
            errors={errors}
            maxLength={10}
            required={kind !== 'organisation' && kind !== 'source'}
          />
          {kind !== 'source' ? (
            <TextField
              ctx={ctx}
              name="date_end"
              label={labels.date_end}
              hint={t('admin.campaign.date_hint')}
              values={values}
              errors={errors}
              maxLength={10}
            />
          ) : null}
        </div>
        {kind !== 'source' ? (
          <>
            <Select
              ctx={ctx}
              name="region"
              label={labels.region}
              values={values}
              errors={errors}
              options={[
                { value: '', label: t('observatory.admin.no_region') },
                ...Object.entries(regions)
                  .sort((a, b) => compareRegionNames(locale)(a[1], b[1]))
                  .map(([code, name]) => ({ value: code, label: `${name} (${code})` })),
              ]}
            />
            <TranslatableField
              ctx={ctx}
              name="place"
              label={t('observatory.field.place')}
              values={values}
              errors={errors}
              maxLength={120}
            />
          </>
        ) : null}
        <KindFields kind={kind} ctx={ctx} values={values} errors={errors} labels={labels} />
        {steps.length ? (
          <TextArea
            ctx={ctx}
            name="steps"
            label={labels.steps}
            hint={t('observatory.admin.steps_hint', { steps: steps.join(', ') })}
            values={values}
            errors={errors}
            rows={4}
          />
        ) : null}
        <TranslatableField
          ctx={ctx}
          name="body"
          label={t('observatory.field.body')}
          hint={t('admin.campaign.body_hint')}
          values={values}
          errors={errors}
          multiline
          rows={6}
        />
        <TranslatableField
          ctx={ctx}
          name="uncertainties"
          label={t('observatory.field.uncertainties')}
          hint={t('admin.campaign.lines_hint')}
          values={values}
          errors={errors}
          multiline
          rows={3}
        />
        <button class="button" type="submit">
          {!entity
            ? t('observatory.admin.create')
            : mode === 'propose'
              ? t('observatory.admin.propose')
              : t('admin.save')}
        </button>
      </form>
      {entity ? (
        <LinksSection
          ctx={ctx}
          entity={entity}
          links={p.links ?? []}
          values={p.linkValues ?? {}}
          errors={p.linkErrors ?? {}}
          sources={p.sources ?? []}
          campaigns={p.campaigns ?? []}
        />
      ) : null}
    </Layout>
  );
}
