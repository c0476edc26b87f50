// Admin-only pages: staff accounts and the audit log.
import { formatDateTime } from '../../../i18n/format.ts';
import type { PageContext } from '../../../ui/context.ts';
import {
  CsrfField,
  ErrorSummary,
  Select,
  TextField,
  type FormErrors,
  type FormValues,
} from '../../../ui/widgets/forms.tsx';
import { RowAction, RowsTable, StaffPage } from '../../../ui/staff-table-page.tsx';
import type { AuditLine } from '../audit.describe.ts';
import { ROLES, type StaffListEntry } from '../roles.ts';

export function UsersPage({
  ctx,
  users,
  values,
  errors,
  created,
}: {
  ctx: PageContext;
  users: StaffListEntry[];
  values: FormValues;
  errors: FormErrors;
  created?: string;
}) {
  const { t, locale } = ctx;
  return (
    <StaffPage ctx={ctx} title={t('users.title')} notice={created ? t('users.created', { email: created }) : null}>
      <RowsTable
        head={[t('login.email'), t('users.role'), t('users.totp'), t('users.last_login'), t('users.actions')]}
        rows={users}
        row={(u) => (
          <tr class={u.disabled ? 'muted' : undefined}>
            <td>
              {u.email}
              <br />
              <small>{u.name}</small>
              {u.lockedUntil ? (
                <>
                  <br />
                  <small>{t('users.locked_until', { time: formatDateTime(u.lockedUntil, locale) })}</small>
                </>
              ) : null}
            </td>
            <td>{t(`role.${u.role}`)}</td>
            <td>{u.totpEnabled ? t('users.totp_on') : t('users.totp_off')}</td>
            <td>{u.lastLoginAt ? formatDateTime(u.lastLoginAt, locale) : '—'}</td>
            <td>
              {u.lockedUntil ? (
                <RowAction ctx={ctx} action={`/admin/users/${u.id}/unlock`} label={t('users.unlock')} />
              ) : null}
              {u.id === ctx.staff?.id ? null : (
                <RowAction
                  ctx={ctx}
                  action={`/admin/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`}
                  label={u.disabled ? t('users.enable') : t('users.disable')}
                  secondary
                />
              )}
            </td>
          </tr>
        )}
      />
      <h2>{t('users.new')}</h2>
      <ErrorSummary
        ctx={ctx}
        errors={errors}
        labels={{
          email: t('login.email'),
          name: t('users.name'),
          role: t('users.role'),
          password: t('login.password'),
        }}
      />
      <form method="post" action={`/${locale}/admin/users`} class="narrow" novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          ctx={ctx}
          name="email"
          type="email"
          label={t('login.email')}
          values={values}
          errors={errors}
          required
        />
        <TextField ctx={ctx} name="name" label={t('users.name')} values={values} errors={errors} required />
        <Select
          ctx={ctx}
          name="role"
          label={t('users.role')}
          values={values}
          errors={errors}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
        <TextField
          ctx={ctx}
          name="password"
          type="password"
          label={t('users.initial_password')}
          hint={t('account.password.hint')}
          values={{}}
          errors={errors}
          autocomplete="new-password"
          required
        />
        <button class="button" type="submit">
          {t('users.create')}
        </button>
      </form>
    </StaffPage>
  );
}

export function AuditPage({ ctx, lines, next }: { ctx: PageContext; lines: AuditLine[]; next: string | null }) {
  const { t, locale } = ctx;
  return (
    <StaffPage ctx={ctx} title={t('audit.title')} hint={t('audit.hint')}>
      <RowsTable
        head={[t('audit.when'), t('audit.what'), t('audit.details')]}
        rows={lines}
        row={({ entry: e, sentence, unknownCode, details }) => (
          <tr>
            <td>
              <time datetime={e.at}>{formatDateTime(e.at, locale)}</time>
            </td>
            <td>
              {sentence}
              {unknownCode ? (
                <>
                  {' '}
                  <code>{unknownCode}</code>
                </>
              ) : null}
            </td>
            <td>
              {details.length ? (
                <dl class="audit-details">
                  {details.map((d) => (
                    <div>
                      <dt>{d.label}</dt>
                      <dd>{d.value}</dd>
                    </div>
                  ))}
                </dl>
              ) : null}
              {/* The entry exactly as stored, for an admin who needs the codes. */}
              <details>
                <summary>{t('audit.raw')}</summary>
                <code class="details">
                  {JSON.stringify({
                    action: e.action,
                    actor: e.actorLabel,
                    subject: e.subjectType ? `${e.subjectType}:${e.subjectId}` : null,
                    details: e.details,
                  })}
                </code>
              </details>
            </td>
          </tr>
        )}
      />
      {next ? (
        <p>
          <a href={`/${locale}/admin/audit?before=${encodeURIComponent(next)}`}>{t('nav.older')}</a>
        </p>
      ) : null}
    </StaffPage>
  );
}
