import { can } from '../../../accounts/index.ts';
import { Table } from '../../../../ui/widgets/table.tsx';
import { formatDateTime } from '../../../../i18n/format.ts';
import type { PageContext } from '../../../../ui/context.ts';
import { CsrfField } from '../../../../ui/widgets/forms.tsx';
import { NavLinks } from '../../../../ui/widgets/nav-links.tsx';
import { Tr } from '../../../../ui/widgets/translated.tsx';
import { Layout } from '../../../../ui/layout.tsx';
import type { Campaign } from '../../campaign.ts';
import { StatusBadge } from '../parts.tsx';
import { SetupList, type SetupItem } from '../../../setup/index.ts';

/** A health item as the dashboard shows it: its title and lines already in the reader's language. */
export interface StatusItem {
  titleKey: string;
  level: 'ok' | 'warning';
  lines: string[];
}

export function Dashboard({
  ctx,
  campaigns,
  setup,
  status = [],
}: {
  ctx: PageContext;
  campaigns: Campaign[];
  setup: SetupItem[];
  status?: StatusItem[];
}) {
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
            <NavLinks
              ctx={ctx}
              items={ctx.nav.admin.filter((item) => !item.anyOf || item.anyOf.some((a) => can(staff, a)))}
            />
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
      <SetupList ctx={ctx} items={setup} />
      {status.map((item) => (
        <section class={item.level === 'warning' ? 'notice notice--warning' : 'notice'}>
          <h2>{t(item.titleKey)}</h2>
          {item.lines.map((line) => (
            <p>{line}</p>
          ))}
        </section>
      ))}
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
