import { formatDateTime } from '../../../i18n/format.ts';
import type { PageContext } from '../../../ui/context.ts';
import { Table } from '../../../ui/widgets/table.tsx';
import { Tr } from '../../../ui/widgets/translated.tsx';
import { Layout } from '../../../ui/layout.tsx';
import { KINDS, type Entity } from '../../observatory.model.ts';
import { mayPublish } from '../../observatory.permissions.ts';
import { FilterSelect, KindBadge, Pagination } from '../parts.tsx';

export interface AdminListProps {
  ctx: PageContext;
  items: Entity[];
  total: number;
  page: number;
  pages: number;
  filters: { q: string; kind: string; status: string };
  pendingCount: number;
}

export const StatusTag = ({ ctx, entity }: { ctx: PageContext; entity: Entity }) => (
  <>
    <span class={`badge obs-status obs-status--${entity.status}`}>{ctx.t(`observatory.status.${entity.status}`)}</span>
    {entity.pending ? (
      <span class="badge obs-status obs-status--pending"> {ctx.t('observatory.admin.has_pending')}</span>
    ) : null}
  </>
);

export function AdminList({ ctx, items, total, page, pages, filters, pendingCount }: AdminListProps) {
  const { t, locale } = ctx;
  const base = `/${locale}/admin/observatory`;
  const link = (p: number) =>
    `${base}?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), ...(p > 1 ? { page: String(p) } : {}) })}`;
  const any = { value: '', label: t('observatory.filter.any') };
  return (
    <Layout ctx={ctx} title={t('observatory.admin.title')} admin>
      <p>
        <a href={`/${locale}/admin`}>← {t('admin.title')}</a>
      </p>
      <h1>{t('observatory.admin.title')}</h1>
      {pendingCount && mayPublish(ctx.staff) ? (
        <p class="notice" role="status">
          <a href={`${base}?status=waiting`}>{t('observatory.admin.waiting', { count: pendingCount })}</a>
        </p>
      ) : null}
      <nav aria-label={t('observatory.admin.new')} class="admin-nav">
        <ul>
          {KINDS.map((k) => (
            <li>
              <a class="button button--secondary" href={`${base}/new?kind=${k}`}>
                {t(`observatory.admin.new_${k}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form class="filters" method="get" action={base} role="search">
        <div class="field">
          <label for="q">{t('observatory.search.label')}</label>
          <input id="q" name="q" type="search" value={filters.q} maxLength={100} />
        </div>
        <FilterSelect
          id="kind"
          label={t('observatory.filter.kind')}
          value={filters.kind}
          options={[any, ...KINDS.map((k) => ({ value: k, label: t(`observatory.kind.${k}.other`) }))]}
        />
        <FilterSelect
          id="status"
          label={t('observatory.admin.status')}
          value={filters.status}
          options={[
            any,
            ...(['draft', 'review', 'published'] as const).map((s) => ({
              value: s,
              label: t(`observatory.status.${s}`),
            })),
            { value: 'waiting', label: t('observatory.admin.filter_waiting') },
          ]}
        />
        <button type="submit" class="button">
          {t('observatory.filter.submit')}
        </button>
      </form>
      <p role="status" class="result-count">
        {t('observatory.search.count', { count: total })}
      </p>
      <Table
        head={[
          t('observatory.admin.record'),
          t('observatory.admin.status'),
          t('admin.campaign.updated'),
          t('users.actions'),
        ]}
      >
        {items.map((e) => (
          <tr>
            <td>
              <KindBadge ctx={ctx} kind={e.kind} subtype={e.subtype} /> <Tr ctx={ctx} value={e.title} />
              <br />
              <small>/{e.slug}</small>
            </td>
            <td>
              <StatusTag ctx={ctx} entity={e} />
            </td>
            <td>{formatDateTime(e.updatedAt, locale)}</td>
            <td class="actions">
              <a href={`${base}/${e.id}`}>{t('admin.edit')}</a>{' '}
              <a href={`${base}/${e.id}/preview`}>{t('admin.preview')}</a>{' '}
              <a href={`${base}/${e.id}/history`}>{t('observatory.admin.history')}</a>
            </td>
          </tr>
        ))}
      </Table>
      <Pagination ctx={ctx} page={page} pages={pages} link={link} />
    </Layout>
  );
}
