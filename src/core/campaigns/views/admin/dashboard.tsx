import { can } from '../../../accounts/accounts.permissions.ts';
import { Table } from '../../../../ui/components/table.tsx';
import { formatDateTime } from '../../../../i18n/format.ts';
import type { PageContext } from '../../../../ui/context.ts';
import { CsrfField } from '../../../../ui/components/forms.tsx';
import { Tr } from '../../../../ui/components/translated.tsx';
import { Layout } from '../../../../ui/layout.tsx';
import type { Campaign } from '../../campaign.ts';
import { StatusBadge } from '../parts.tsx';

export function Dashboard({ ctx, campaigns }: { ctx: PageContext; campaigns: Campaign[] }) {
  const { t, locale, staff } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.title')} admin>
      <div class="admin-head">
        <h1>{t('admin.title')}</h1>
        <p>{t('admin.signed_in_as', { email: staff?.email ?? '', role: t(`role.${staff?.role}`) })}</p>
        <nav aria-label={t('admin.nav')} class="admin-nav">
          <ul>
            {can(staff, 'campaign.create') ? (
              <li>
                <a class="button" href={`/${locale}/admin/campaigns/new`}>
                  {t('admin.campaign.new')}
                </a>
              </li>
            ) : null}
            {can(staff, 'observatory.edit') ? (
              <li>
                <a href={`/${locale}/admin/observatory`}>{t('observatory.admin.title')}</a>
              </li>
            ) : null}
            {can(staff, 'user.manage') ? (
              <li>
                <a href={`/${locale}/admin/users`}>{t('users.title')}</a>
              </li>
            ) : null}
            {can(staff, 'audit.view') ? (
              <li>
                <a href={`/${locale}/admin/audit`}>{t('audit.title')}</a>
              </li>
            ) : null}
            {can(staff, 'jobs.view') ? (
              <li>
                <a href={`/${locale}/admin/jobs`}>{t('jobs.title')}</a>
              </li>
            ) : null}
            {can(staff, 'mail.outbox') ? (
              <li>
                <a href={`/${locale}/admin/outbox`}>{t('mail.outbox.title')}</a>
              </li>
            ) : null}
            {can(staff, 'moderation.review') ? (
              <li>
                <a href={`/${locale}/admin/petitions`}>{t('petition.admin.integrity_title')}</a>
              </li>
            ) : null}
            {can(staff, 'recipients.manage') ? (
              <li>
                <a href={`/${locale}/admin/recipients`}>{t('appeal.recipients.title')}</a>
              </li>
            ) : null}
            {can(staff, 'casework.handle') || can(staff, 'moderation.review') ? (
              <li>
                <a href={`/${locale}/admin/testimonies`}>{t('testimony.admin.nav')}</a>
              </li>
            ) : null}
            {can(staff, 'casework.handle') || can(staff, 'campaign.create') ? (
              <li>
                <a href={`/${locale}/admin/help`}>{t('help.admin.nav')}</a>
              </li>
            ) : null}
            {can(staff, 'analytics.view') ? (
              <li>
                <a href={`/${locale}/admin/monitor`}>{t('monitor.title')}</a>
              </li>
            ) : null}
            <li>
              <a href={`/${locale}/admin/account`}>{t('account.title')}</a>
            </li>
            <li>
              <form method="post" action={`/${locale}/admin/logout`} class="inline">
                <CsrfField ctx={ctx} />
                <button type="submit" class="linklike">
                  {t('admin.sign_out')}
                </button>
              </form>
            </li>
          </ul>
        </nav>
      </div>
      <h2>{t('admin.campaigns')}</h2>
      <Table
        head={[t('admin.campaign.title'), t('admin.campaign.status'), t('admin.campaign.updated'), t('users.actions')]}
      >
        {campaigns.map((c) => (
          <tr>
            <td>
              <Tr ctx={ctx} value={c.title} />
              <br />
              <small>/{c.slug}</small>
            </td>
            <td>
              <StatusBadge ctx={ctx} status={c.status} />
            </td>
            <td>{formatDateTime(c.updatedAt, locale)}</td>
            <td class="actions">
              {can(staff, 'campaign.edit', c) ? (
                <a href={`/${locale}/admin/campaigns/${c.id}`}>{t('admin.edit')}</a>
              ) : null}{' '}
              <a href={`/${locale}/admin/campaigns/${c.id}/preview`}>{t('admin.preview')}</a>
            </td>
          </tr>
        ))}
      </Table>
    </Layout>
  );
}
