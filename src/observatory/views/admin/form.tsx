// The staff record page: moderation bar, a proposed change awaiting review, the record form (fields
// depend on the kind), and the record's links and sources with the form that adds one.
import { compareRegionNames } from '../../../core/regions/names.ts';
import type { Campaign } from '../../../core/campaigns/campaign.ts';
import { formatDateTime } from '../../../i18n/format.ts';
import { pickText } from '../../../i18n/locales.ts';
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
} from '../../../ui/components/forms.tsx';
import { Tr } from '../../../ui/components/translated.tsx';
import { Layout } from '../../../ui/layout.tsx';
import {
  PERMIT_STATUSES,
  RELATIONS,
  STEPS,
  SUBTYPES,
  type Entity,
  type EntityStatus,
  type Kind,
  type LinkView,
} from '../../observatory.model.ts';
import { editMode, mayChangeStatus, mayPublish, mayRemoveLink } from '../../observatory.permissions.ts';
import { endpointHref, entityHref, KindBadge } from '../parts.tsx';
import { StatusTag } from './list.tsx';

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

const NEXT: Record<EntityStatus, EntityStatus[]> = {
  draft: ['review', 'published'],
  review: ['published', 'draft'],
  published: ['draft'],
};

function fieldLabels(ctx: PageContext): Record<string, string> {
  const { t } = ctx;
  const labels: Record<string, string> = {};
  for (const f of [
    'slug',
    'subtype',
    'region',
    'date_start',
    'date_end',
    'steps',
    'charges',
    'sentences',
    'articles',
    'permit_status',
    'permit_decided_on',
    'participants_min',
    'participants_max',
    'figures',
    'aliases',
    'website',
    'ref',
    'publisher',
    'url',
    'language',
    'authors',
    'sources',
    'version',
    'target',
    'relation',
    'from',
  ]) {
    labels[f] = t(`observatory.field.${f}`);
  }
  for (const f of ['title', 'summary', 'body', 'place', 'organiser', 'permit_reason', 'uncertainties', 'note'])
    for (const l of ['kk', 'ru', 'en']) labels[`${f}_${l}`] = `${t(`observatory.field.${f}`)} (${l})`;
  return labels;
}

function StatusBar({ ctx, entity }: { ctx: PageContext; entity: Entity }) {
  const { t, locale } = ctx;
  const base = `/${locale}/admin/observatory/${entity.id}`;
  return (
    <div class="status-bar">
      <p>
        {t('observatory.admin.status')}: <StatusTag ctx={ctx} entity={entity} />
      </p>
      <a href={`${base}/preview`}>{t('admin.preview')}</a>
      <a href={`${base}/history`}>{t('observatory.admin.history')}</a>
      {entity.status === 'published' ? (
        <a href={entityHref(ctx, entity.kind, entity.slug)}>{t('observatory.admin.public_page')}</a>
      ) : null}
      {NEXT[entity.status]
        .filter((s) => mayChangeStatus(ctx.staff, entity.status, s))
        .map((s) => (
          <form method="post" action={`${base}/status`} class="inline">
            <CsrfField ctx={ctx} />
            <input type="hidden" name="status" value={s} />
            <button type="submit" class={s === 'published' ? 'button' : 'button button--secondary'}>
              {t(`observatory.admin.to_${s}`)}
            </button>
          </form>
        ))}
    </div>
  );
}

function PendingBox({ ctx, entity, fields }: { ctx: PageContext; entity: Entity; fields: string[] }) {
  const { t, locale } = ctx;
  if (!entity.pending) return null;
  return (
    <section class="notice obs-pending">
      <h2>{t('observatory.admin.pending_title')}</h2>
      <p>
        {t('observatory.admin.pending_by', { who: entity.pending.by, date: formatDateTime(entity.pending.at, locale) })}
      </p>
      <p>
        {t('observatory.admin.pending_fields')}:{' '}
        {fields.length
          ? fields.map((f) => t(`observatory.field.${f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`)).join(', ')
          : '—'}
      </p>
      <p>
        <a href={`/${locale}/admin/observatory/${entity.id}/history`}>{t('observatory.admin.pending_diff')}</a>
      </p>
      {mayPublish(ctx.staff) ? (
        <div class="inline-form">
          {(['approve', 'reject'] as const).map((action) => (
            <form method="post" action={`/${locale}/admin/observatory/${entity.id}/pending`} class="inline">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="action" value={action} />
              <button type="submit" class={action === 'approve' ? 'button' : 'button button--secondary'}>
                {t(`observatory.admin.pending_${action}`)}
              </button>
            </form>
          ))}
        </div>
      ) : (
        <p class="hint">{t('observatory.admin.pending_wait')}</p>
      )}
    </section>
  );
}

function LinksSection({
  ctx,
  entity,
  links,
  values,
  errors,
  sources,
  campaigns,
}: {
  ctx: PageContext;
  entity: Entity;
  links: LinkView[];
  values: FormValues;
  errors: FormErrors;
  sources: Entity[];
  campaigns: Campaign[];
}) {
  const { t, locale } = ctx;
  return (
    <section class="obs-admin-links" id="links">
      <h2>{t('observatory.admin.links')}</h2>
      <p class="hint">{t('observatory.admin.links_hint')}</p>
      {links.length ? (
        <ul>
          {links.map((v) => (
            <li>
              {t(`observatory.relation.${v.link.relation}.${v.direction}`)}:{' '}
              {v.other.type === 'campaign' ? (
                <span class="obs-badge obs-badge--campaign">{t('observatory.campaign')}</span>
              ) : (
                <KindBadge ctx={ctx} kind={v.other.kind} />
              )}{' '}
              <a href={endpointHref(ctx, v.other)}>
                <Tr ctx={ctx} value={v.other.title} />
              </a>
              {pickText(v.link.note, locale) ? (
                <>
                  {' — '}
                  <Tr ctx={ctx} value={v.link.note} />
                </>
              ) : null}{' '}
              {v.link.approved ? null : (
                <span class="badge obs-status obs-status--review">{t('observatory.admin.link_waiting')}</span>
              )}
              {!v.link.approved && mayPublish(ctx.staff) ? (
                <form method="post" action={`/${locale}/admin/observatory/links/${v.link.id}/approve`} class="inline">
                  <CsrfField ctx={ctx} />
                  <input type="hidden" name="back" value={entity.id} />
                  <button type="submit" class="linklike">
                    {t('observatory.admin.link_approve')}
                  </button>
                </form>
              ) : null}{' '}
              {mayRemoveLink(ctx.staff, v.link) ? (
                <form method="post" action={`/${locale}/admin/observatory/links/${v.link.id}/delete`} class="inline">
                  <CsrfField ctx={ctx} />
                  <input type="hidden" name="back" value={entity.id} />
                  <button type="submit" class="linklike">
                    {t('observatory.admin.link_remove')}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('observatory.admin.no_links')}</p>
      )}
      <h3>{t('observatory.admin.add_link')}</h3>
      <ErrorSummary ctx={ctx} errors={errors} labels={fieldLabels(ctx)} />
      <form
        method="post"
        action={`/${locale}/admin/observatory/${entity.id}/links#links`}
        class="obs-link-form"
        novalidate
      >
        <CsrfField ctx={ctx} />
        <div class="row">
          <Select
            ctx={ctx}
            name="direction"
            label={t('observatory.field.direction')}
            values={values}
            errors={errors}
            options={[
              { value: 'out', label: t('observatory.admin.direction_out') },
              { value: 'in', label: t('observatory.admin.direction_in') },
            ]}
          />
          <Select
            ctx={ctx}
            name="relation"
            label={t('observatory.field.relation')}
            values={values}
            errors={errors}
            options={RELATIONS.map((r) => ({ value: r, label: t(`observatory.relation.${r}.out`) }))}
          />
          <Select
            ctx={ctx}
            name="target_type"
            label={t('observatory.field.target_type')}
            values={values}
            errors={errors}
            options={[
              { value: 'entity', label: t('observatory.admin.target_entity') },
              { value: 'campaign', label: t('observatory.campaign') },
            ]}
          />
        </div>
        <div class="field">
          <label for="f-target">{t('observatory.field.target')}</label>
          <p class="hint" id="h-target">
            {t('observatory.admin.target_hint')}
          </p>
          {errors.target ? (
            <p class="error" id="e-target">
              {t(errors.target)}
            </p>
          ) : null}
          <input
            id="f-target"
            name="target"
            type="text"
            list="obs-targets"
            value={values.target ?? ''}
            maxLength={80}
            aria-describedby={errors.target ? 'h-target e-target' : 'h-target'}
            aria-invalid={errors.target ? 'true' : undefined}
          />
          <datalist id="obs-targets">
            {sources.map((s) => (
              <option value={s.slug}>{pickText(s.title, locale)}</option>
            ))}
            {campaigns.map((c) => (
              <option value={c.slug}>{pickText(c.title, locale)}</option>
            ))}
          </datalist>
        </div>
        <TranslatableField
          ctx={ctx}
          name="note"
          label={t('observatory.field.note')}
          hint={t('observatory.admin.note_hint')}
          values={values}
          errors={errors}
          maxLength={400}
        />
        <button type="submit" class="button button--secondary">
          {t('observatory.admin.add_link_submit')}
        </button>
      </form>
    </section>
  );
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
        {kind === 'case' ? (
          <>
            <TextArea
              ctx={ctx}
              name="charges"
              label={labels.charges}
              hint={t('observatory.admin.charges_hint')}
              values={values}
              errors={errors}
              rows={3}
            />
            <TextArea
              ctx={ctx}
              name="sentences"
              label={labels.sentences}
              hint={t('observatory.admin.sentences_hint')}
              values={values}
              errors={errors}
              rows={3}
            />
          </>
        ) : null}
        {kind === 'law' ? (
          <TextArea
            ctx={ctx}
            name="articles"
            label={labels.articles}
            hint={t('observatory.admin.articles_hint')}
            values={values}
            errors={errors}
            rows={3}
          />
        ) : null}
        {kind === 'event' ? (
          <>
            <TranslatableField
              ctx={ctx}
              name="organiser"
              label={t('observatory.field.organiser')}
              hint={t('observatory.admin.organiser_hint')}
              values={values}
              errors={errors}
              maxLength={200}
            />
            <fieldset class="translatable">
              <legend>{t('observatory.event.permit')}</legend>
              <div class="row">
                <Select
                  ctx={ctx}
                  name="permit_status"
                  label={labels.permit_status}
                  values={values}
                  errors={errors}
                  options={[
                    { value: '', label: t('observatory.admin.permit_none') },
                    ...PERMIT_STATUSES.map((s) => ({ value: s, label: t(`observatory.permit.${s}`) })),
                  ]}
                />
                <TextField
                  ctx={ctx}
                  name="permit_decided_on"
                  label={labels.permit_decided_on}
                  hint={t('admin.campaign.date_hint')}
                  values={values}
                  errors={errors}
                  maxLength={10}
                />
              </div>
              <TranslatableField
                ctx={ctx}
                name="permit_reason"
                label={t('observatory.field.permit_reason')}
                hint={t('observatory.admin.reason_hint')}
                values={values}
                errors={errors}
                maxLength={400}
              />
            </fieldset>
            <div class="row">
              <TextField
                ctx={ctx}
                name="participants_min"
                label={labels.participants_min}
                values={values}
                errors={errors}
                inputMode="numeric"
                maxLength={15}
              />
              <TextField
                ctx={ctx}
                name="participants_max"
                label={labels.participants_max}
                values={values}
                errors={errors}
                inputMode="numeric"
                maxLength={15}
              />
            </div>
            <TextArea
              ctx={ctx}
              name="figures"
              label={labels.figures}
              hint={t('observatory.admin.figures_hint')}
              values={values}
              errors={errors}
              rows={2}
            />
          </>
        ) : null}
        {kind === 'organisation' ? (
          <>
            <TextArea
              ctx={ctx}
              name="aliases"
              label={labels.aliases}
              hint={t('observatory.admin.lines_hint')}
              values={values}
              errors={errors}
              rows={3}
            />
            <TextField
              ctx={ctx}
              name="website"
              label={labels.website}
              type="url"
              values={values}
              errors={errors}
              maxLength={300}
            />
          </>
        ) : null}
        {kind === 'source' ? (
          <>
            <div class="row">
              <TextField
                ctx={ctx}
                name="ref"
                label={labels.ref}
                hint={t('observatory.admin.ref_hint')}
                values={values}
                errors={errors}
                maxLength={20}
              />
              <TextField
                ctx={ctx}
                name="language"
                label={labels.language}
                hint={t('observatory.admin.language_hint')}
                values={values}
                errors={errors}
                maxLength={3}
              />
            </div>
            <TextField
              ctx={ctx}
              name="publisher"
              label={labels.publisher}
              values={values}
              errors={errors}
              maxLength={200}
            />
            <TextField
              ctx={ctx}
              name="url"
              label={labels.url}
              type="url"
              values={values}
              errors={errors}
              maxLength={500}
            />
            <TextArea
              ctx={ctx}
              name="authors"
              label={labels.authors}
              hint={t('observatory.admin.lines_hint')}
              values={values}
              errors={errors}
              rows={2}
            />
          </>
        ) : null}
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
