import type { PageContext } from '../../../ui/context.ts';
import { can } from '../accounts.permissions.ts';
import { CsrfField, ErrorSummary, TextField, type FormErrors } from '../../../ui/widgets/forms.tsx';
import { Layout } from '../../../ui/layout.tsx';

export function AccountPage({
  ctx,
  errors,
  saved,
  totpEnabled,
}: {
  ctx: PageContext;
  errors: FormErrors;
  saved: boolean;
  totpEnabled: boolean;
}) {
  const { t, staff } = ctx;
  // Settings pages other modules add for whoever may use them (e.g. casework e-mail notices).
  const more = (ctx.nav.account ?? []).filter((item) => !item.anyOf || item.anyOf.some((a) => can(staff, a)));
  return (
    <Layout ctx={ctx} title={t('account.title')} admin>
      <div class="narrow">
        <h1>{t('account.title')}</h1>
        <p>
          {staff?.email} · {t(`role.${staff?.role}`)}
        </p>
        <p>{totpEnabled ? t('account.totp_on') : t('account.totp_off')}</p>
        {totpEnabled ? null : (
          <p>
            <a href={`/${ctx.locale}/admin/setup-2fa`}>{t('account.totp_enable')}</a>
          </p>
        )}
        {more.length ? (
          <>
            <h2>{t('account.more')}</h2>
            <ul>
              {more.map((item) => (
                <li>
                  <a href={`/${ctx.locale}${item.href}`}>{t(item.labelKey)}</a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h2>{t('account.password.title')}</h2>
        {saved ? (
          <p class="notice" role="status">
            {t('account.password.saved')}
          </p>
        ) : null}
        <ErrorSummary
          ctx={ctx}
          errors={errors}
          labels={{ current: t('account.password.current'), password: t('account.password.new') }}
        />
        <form method="post" action={`/${ctx.locale}/admin/account/password`} novalidate>
          <CsrfField ctx={ctx} />
          <TextField
            ctx={ctx}
            name="current"
            type="password"
            label={t('account.password.current')}
            values={{}}
            errors={errors}
            autocomplete="current-password"
            required
          />
          <TextField
            ctx={ctx}
            name="password"
            type="password"
            label={t('account.password.new')}
            hint={t('account.password.hint')}
            values={{}}
            errors={errors}
            autocomplete="new-password"
            required
          />
          <button class="button" type="submit">
            {t('account.password.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}
