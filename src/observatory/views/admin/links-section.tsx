// A staff record's links and sources, each with its approve and remove buttons, and the form that adds one.
import type { Campaign } from '../../../core/campaigns/index.ts';
import { pickText } from '../../../i18n/locales.ts';
import type { PageContext } from '../../../ui/context.ts';
import {
  CsrfField,
  ErrorSummary,
  Select,
  TranslatableField,
  type FormErrors,
  type FormValues,
} from '../../../ui/widgets/forms.tsx';
import { Tr } from '../../../ui/widgets/translated.tsx';
import { RELATIONS, type Entity, type LinkView } from '../../observatory.model.ts';
import { mayPublish, mayRemoveLink } from '../../observatory.permissions.ts';
import { endpointHref, KindBadge } from '../parts.tsx';
import { fieldLabels } from './field-labels.ts';

export function LinksSection({
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
