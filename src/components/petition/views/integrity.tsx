// Moderators' overview: every petition with its state, count and recent alerts, and the
// allow/block lists for email domains, addresses (kept as keyed hashes) and IP-HMAC prefixes.
import { formatDateTime, formatNumber } from '../../../i18n/format.ts';
import type { PageContext } from '../../../ui/context.ts';
import {
  CsrfField,
  ErrorSummary,
  Select,
  TextField,
  type FormErrors,
  type FormValues,
} from '../../../ui/widgets/forms.tsx';
import { Table } from '../../../ui/widgets/table.tsx';
import { Tr } from '../../../ui/widgets/translated.tsx';
import { Layout } from '../../../ui/layout.tsx';
import type { ListRow, OverviewRow } from '../petition.ts';
import { StateBadge } from './parts.tsx';

export function IntegrityPage({
  ctx,
  petitions,
  entries,
  values,
  errors,
  mayLists,
}: {
  ctx: PageContext;
  petitions: OverviewRow[];
  entries: ListRow[];
  values: FormValues;
  errors: FormErrors;
  mayLists: boolean;
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('petition.admin.integrity_title')} admin>
      <p>
        <a href={`/${locale}/admin`}>← {t('admin.title')}</a>
      </p>
      <h1>{t('petition.admin.integrity_title')}</h1>
      <Table
        head={[
          t('petition.label'),
          t('petition.admin.state'),
          t('petition.admin.public_count'),
          t('petition.admin.alerts_24h'),
        ]}
      >
        {petitions.map((p) => (
          <tr class={p.alerts ? 'alert-row' : undefined}>
            <td>
              <a href={`/${locale}/admin/petitions/${p.id}`}>
                <Tr ctx={ctx} value={p.title} />
              </a>
            </td>
            <td>
              <StateBadge ctx={ctx} state={p.state} />
            </td>
            <td>{formatNumber(p.count, locale)}</td>
            <td>{p.alerts || '—'}</td>
          </tr>
        ))}
      </Table>
      {mayLists ? (
        <section>
          <h2>{t('petition.lists.title')}</h2>
          <p class="hint">{t('petition.lists.hint')}</p>
          {entries.length ? (
            <Table
              head={[
                t('petition.lists.kind'),
                t('petition.lists.value'),
                t('petition.lists.action'),
                t('petition.lists.note'),
                t('petition.lists.expires'),
                '',
              ]}
            >
              {entries.map((e) => (
                <tr>
                  <td>{t(`petition.lists.kind.${e.kind}`)}</td>
                  <td>
                    <code class="details">{e.kind === 'email' ? t('petition.lists.hashed') : e.value}</code>
                  </td>
                  <td>{t(`petition.lists.action.${e.action}`)}</td>
                  <td>{e.note}</td>
                  <td>{e.expires_at ? formatDateTime(e.expires_at, locale) : '—'}</td>
                  <td>
                    <form method="post" action={`/${locale}/admin/petitions/lists/${e.id}/remove`}>
                      <CsrfField ctx={ctx} />
                      <button class="button button--small button--secondary" type="submit">
                        {t('petition.lists.remove')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </Table>
          ) : (
            <p>{t('petition.lists.empty')}</p>
          )}
          <h3>{t('petition.lists.add')}</h3>
          <ErrorSummary
            ctx={ctx}
            errors={errors}
            labels={{
              kind: t('petition.lists.kind'),
              value: t('petition.lists.value'),
              action: t('petition.lists.action'),
              note: t('petition.lists.note'),
              days: t('petition.lists.days'),
            }}
          />
          <form method="post" action={`/${locale}/admin/petitions/lists`} class="narrow" novalidate>
            <CsrfField ctx={ctx} />
            <Select
              ctx={ctx}
              name="kind"
              label={t('petition.lists.kind')}
              values={values}
              errors={errors}
              options={(['domain', 'email', 'ip_prefix'] as const).map((k) => ({
                value: k,
                label: t(`petition.lists.kind.${k}`),
              }))}
            />
            <TextField
              ctx={ctx}
              name="value"
              label={t('petition.lists.value')}
              hint={t('petition.lists.value_hint')}
              values={values}
              errors={errors}
              required
            />
            <Select
              ctx={ctx}
              name="action"
              label={t('petition.lists.action')}
              values={values}
              errors={errors}
              options={(['block', 'allow'] as const).map((k) => ({ value: k, label: t(`petition.lists.action.${k}`) }))}
            />
            <TextField
              ctx={ctx}
              name="note"
              label={t('petition.lists.note')}
              values={values}
              errors={errors}
              maxLength={300}
            />
            <TextField
              ctx={ctx}
              name="days"
              label={t('petition.lists.days')}
              hint={t('petition.lists.days_hint')}
              values={values}
              errors={errors}
              inputMode="numeric"
            />
            <button class="button" type="submit">
              {t('petition.lists.add')}
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}
