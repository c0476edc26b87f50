// The moderation controls above a staff record: its status with the moves this staff member may make,
// and a proposed change awaiting review.
import { formatDateTime } from '../../../i18n/format.ts';
import type { PageContext } from '../../../ui/context.ts';
import { CsrfField } from '../../../ui/widgets/forms.tsx';
import type { Entity, EntityStatus } from '../../observatory.model.ts';
import { mayChangeStatus, mayPublish } from '../../observatory.permissions.ts';
import { entityHref } from '../parts.tsx';
import { StatusTag } from './list.tsx';

const NEXT: Record<EntityStatus, EntityStatus[]> = {
  draft: ['review', 'published'],
  review: ['published', 'draft'],
  published: ['draft'],
};

export function StatusBar({ ctx, entity }: { ctx: PageContext; entity: Entity }) {
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

export function PendingBox({ ctx, entity, fields }: { ctx: PageContext; entity: Entity; fields: string[] }) {
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
