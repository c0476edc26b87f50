// Sign-in, second factor, two-factor enrolment and recovery codes.
import type { PageContext } from '../../../ui/context.ts';
import { CsrfField, ErrorSummary, TextField, type FormErrors, type FormValues } from '../../../ui/widgets/forms.tsx';
import { Layout } from '../../../ui/layout.tsx';

export function LoginPage({
  ctx,
  values,
  errors,
  next,
  notice,
}: {
  ctx: PageContext;
  values: FormValues;
  errors: FormErrors;
  next: string;
  notice?: string;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('login.title')} admin>
      <div class="narrow">
        <h1>{t('login.title')}</h1>
        {notice ? (
          <p class="notice" role="status">
            {t(notice)}
          </p>
        ) : null}
        <ErrorSummary ctx={ctx} errors={errors} labels={{ email: t('login.email'), password: t('login.password') }} />
        <form method="post" action={`/${ctx.locale}/admin/login`} novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="next" value={next} />
          <TextField
            ctx={ctx}
            name="email"
            type="email"
            label={t('login.email')}
            values={values}
            errors={errors}
            autocomplete="username"
            required
          />
          <TextField
            ctx={ctx}
            name="password"
            type="password"
            label={t('login.password')}
            values={{}}
            errors={errors}
            autocomplete="current-password"
            required
          />
          <button class="button" type="submit">
            {t('login.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

export function VerifyPage({ ctx, errors }: { ctx: PageContext; errors: FormErrors }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('login.verify.title')} admin>
      <div class="narrow">
        <h1>{t('login.verify.title')}</h1>
        <ErrorSummary ctx={ctx} errors={errors} labels={{ code: t('login.verify.code') }} />
        <form method="post" action={`/${ctx.locale}/admin/login/verify`} novalidate>
          <CsrfField ctx={ctx} />
          <TextField
            ctx={ctx}
            name="code"
            label={t('login.verify.code')}
            hint={t('login.verify.hint')}
            values={{}}
            errors={errors}
            autocomplete="one-time-code"
            required
          />
          <button class="button" type="submit">
            {t('login.verify.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

export function SetupTwoFactorPage({
  ctx,
  secret,
  qrDataUri,
  errors,
}: {
  ctx: PageContext;
  secret: string;
  qrDataUri: string;
  errors: FormErrors;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('totp.setup.title')} admin>
      <div class="narrow">
        <h1>{t('totp.setup.title')}</h1>
        <p>{t('totp.setup.intro')}</p>
        <ErrorSummary ctx={ctx} errors={errors} labels={{ code: t('login.verify.code') }} />
        <ol>
          <li>
            {t('totp.setup.step_scan')}
            <img class="qr" src={qrDataUri} alt={t('totp.setup.qr_alt')} width="200" height="200" />
          </li>
          <li>
            {t('totp.setup.step_manual')} <code class="secret">{secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </li>
          <li>{t('totp.setup.step_confirm')}</li>
        </ol>
        <form method="post" action={`/${ctx.locale}/admin/setup-2fa`} novalidate>
          <CsrfField ctx={ctx} />
          <TextField
            ctx={ctx}
            name="code"
            label={t('login.verify.code')}
            values={{}}
            errors={errors}
            autocomplete="one-time-code"
            inputMode="numeric"
            required
          />
          <button class="button" type="submit">
            {t('totp.setup.submit')}
          </button>
        </form>
        <form method="post" action={`/${ctx.locale}/admin/setup-2fa/new`}>
          <CsrfField ctx={ctx} />
          <p class="hint">{t('totp.setup.new_hint')}</p>
          <button class="button button--secondary" type="submit">
            {t('totp.setup.new')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

export function RecoveryCodesPage({ ctx, codes }: { ctx: PageContext; codes: string[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('totp.codes.title')} admin>
      <div class="narrow">
        <h1>{t('totp.codes.title')}</h1>
        <p class="notice">{t('totp.codes.intro')}</p>
        <ul class="codes">
          {codes.map((c) => (
            <li>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <p>
          <a class="button" href={`/${ctx.locale}/admin`}>
            {t('totp.codes.done')}
          </a>
        </p>
      </div>
    </Layout>
  );
}
