// Her e-mail notice settings: two choices (new testimonies and replies; cases about to be deleted),
// each right away / daily digest / never, and the language of the mails. Works without JavaScript.
import type { PageContext } from '../../../ui/context.ts';
import { Layout } from '../../../ui/layout.tsx';
import { CsrfField, ErrorSummary, Select, type FormErrors, type FormValues } from '../../../ui/widgets/forms.tsx';
import { FREQUENCIES, type NotifySettings } from '../notify.ts';

const LANGUAGES = [
  { value: 'kk', label: 'Қазақша' },
  { value: 'ru', label: 'Русский' },
  { value: 'en', label: 'English' },
];

function Choice({
  ctx,
  name,
  legend,
  values,
  errors,
  settings,
}: {
  ctx: PageContext;
  name: 'arrivals' | 'expiry';
  legend: string;
  values: FormValues;
  errors: FormErrors;
  settings: NotifySettings;
}) {
  const { t } = ctx;
  const hint = {
    immediate: t('testimony.notify.immediate_hint', { minutes: settings.intervalMinutes }),
    digest: t('testimony.notify.digest_hint', {
      hour: String(settings.digestHour).padStart(2, '0') + ':00',
      zone: settings.timeZone,
    }),
    none: '',
  };
  return (
    <fieldset class={'field checks' + (errors[name] ? ' field--error' : '')} id={`f-${name}`}>
      <legend>{legend}</legend>
      {errors[name] ? <p class="error">{t(errors[name])}</p> : null}
      {FREQUENCIES.map((f) => (
        <div class="field field--radio">
          <input type="radio" id={`f-${name}-${f}`} name={name} value={f} checked={values[name] === f} />
          <label for={`f-${name}-${f}`}>
            <strong>{t(`testimony.notify.${f}`)}</strong>
            {hint[f] ? <span class="hint"> {hint[f]}</span> : null}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

export function NotifyPage({
  ctx,
  values,
  errors,
  holder,
  settings,
  saved,
}: {
  ctx: PageContext;
  values: FormValues;
  errors: FormErrors;
  holder: boolean;
  settings: NotifySettings;
  saved: boolean;
}) {
  const { t, locale } = ctx;
  const labels = {
    arrivals: t('testimony.notify.arrivals'),
    expiry: t('testimony.notify.expiry', { days: settings.warningDays }),
    locale: t('testimony.notify.locale'),
  };
  return (
    <Layout ctx={ctx} title={t('testimony.notify.title')} admin>
      <div class="narrow">
        <h1>{t('testimony.notify.title')}</h1>
        <p>{t('testimony.notify.lead')}</p>
        {holder ? null : <p class="notice">{t('testimony.notify.not_holder')}</p>}
        {saved ? (
          <p class="notice" role="status">
            {t('testimony.notify.saved')}
          </p>
        ) : null}
        <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
        <form method="post" action={`/${locale}/admin/account/notifications`} novalidate>
          <CsrfField ctx={ctx} />
          <Choice
            ctx={ctx}
            name="arrivals"
            legend={labels.arrivals}
            values={values}
            errors={errors}
            settings={settings}
          />
          <Choice ctx={ctx} name="expiry" legend={labels.expiry} values={values} errors={errors} settings={settings} />
          <Select ctx={ctx} name="locale" label={labels.locale} values={values} errors={errors} options={LANGUAGES} />
          <button class="button" type="submit">
            {t('testimony.notify.save')}
          </button>
        </form>
        <p>
          <a href={`/${locale}/admin/account`}>{t('account.title')}</a>
        </p>
      </div>
    </Layout>
  );
}
