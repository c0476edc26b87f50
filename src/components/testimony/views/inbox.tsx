// The caseworkers' inbox: metadata only (day, status, priority, assignee, consent, tags, deletion day).
import type { Staff } from '../../../core/accounts/index.ts';
import { formatPartialDate } from '../../../i18n/format.ts';
import type { PageContext } from '../../../ui/context.ts';
import { Table } from '../../../ui/widgets/table.tsx';
import { Layout } from '../../../ui/layout.tsx';
import { STATUSES, type Testimony } from '../testimony.ts';
import { CaseNav } from './casework-parts.tsx';

export function InboxPage({
  ctx,
  items,
  total,
  expiring,
  status,
  mine,
  staff,
}: {
  ctx: PageContext;
  items: Testimony[];
  total: number;
  expiring: number;
  status: string;
  mine: boolean;
  staff: Staff[];
}) {
  const { t, locale } = ctx;
  const who = (id: string | null) => (id ? (staff.find((s) => s.id === id)?.name ?? '—') : '—');
  return (
    <Layout ctx={ctx} title={t('testimony.admin.inbox')} admin>
      <h1>{t('testimony.admin.inbox')}</h1>
      <CaseNav ctx={ctx} />
      {expiring ? (
        <p class="notice notice--urgent" role="status">
          {t('testimony.admin.expiring', { count: expiring })}
        </p>
      ) : null}
      <form class="filters" method="get" action={`/${locale}/admin/testimonies`}>
        <div class="field">
          <label for="status">{t('testimony.thread.status')}</label>
          <select id="status" name="status">
            <option value="">{t('testimony.admin.open_cases')}</option>
            {[...STATUSES, 'all'].map((s) => (
              <option value={s} selected={s === status}>
                {s === 'all' ? t('campaigns.filter.all') : t(`testimony.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field field--checkbox">
          <input type="checkbox" id="mine" name="mine" value="1" checked={mine} />
          <label for="mine">{t('testimony.admin.mine')}</label>
        </div>
        <button class="button" type="submit">
          {t('campaigns.search.submit')}
        </button>
      </form>
      <p role="status">{t('testimony.admin.count', { count: total })}</p>
      <Table
        head={[
          t('testimony.thread.sent_on'),
          t('testimony.thread.status'),
          t('testimony.admin.priority'),
          t('testimony.admin.assignee'),
          t('testimony.admin.consent'),
          t('testimony.admin.tags'),
          t('testimony.admin.deletion_day'),
        ]}
      >
        {items.map((c) => (
          <tr>
            <td>
              <a href={`/${locale}/admin/testimonies/${c.id}`}>{formatPartialDate(c.createdOn, locale)}</a>
              {c.mode === 'server' ? <small> · {t('testimony.admin.server_mode')}</small> : null}
            </td>
            <td>{t(`testimony.status.${c.status}`)}</td>
            <td>{t(`testimony.priority.${c.priority}`)}</td>
            <td>{who(c.assigneeId)}</td>
            <td>{t(`testimony.consent.${c.consent}`)}</td>
            <td>{c.tags.join(', ')}</td>
            <td class={c.warnedOn ? 'warn' : undefined}>{formatPartialDate(c.expiresOn, locale)}</td>
          </tr>
        ))}
      </Table>
    </Layout>
  );
}
