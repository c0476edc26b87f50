// The standing intake at /{lang}/tell (and a campaign's call for testimonies): first what happens to
// her words and how to stay safer, then the form. Works without JavaScript; with it, everything is
// encrypted in the browser before it is sent.
import type { Region } from '../../../core/regions/index.ts';
import { inScript, pickText } from '../../../i18n/locales.ts';
import { NEEDS } from '../../../help/index.ts';
import type { PageContext } from '../../../ui/context.ts';
import {
  CsrfField,
  ErrorSummary,
  RequiredNote,
  Select,
  TextArea,
  TextField,
  type FormErrors,
  type FormValues,
} from '../../../ui/widgets/forms.tsx';
import { Layout } from '../../../ui/layout.tsx';
import { CONSENTS, LIMITS, POLICE, RELATIONSHIPS } from '../testimony.ts';
import { ATTACHMENT_TYPES } from '../../../core/file-metadata.ts';
import { Honeypot, ModeNotice, TellScript } from './parts.tsx';

export interface IntakeProps {
  ctx: PageContext;
  regions: readonly Region[];
  orgKey: { id: string; publicKey: string } | null;
  componentId: string | null;
  call: string | null;
  powChallenge: string;
  values: FormValues;
  errors: FormErrors;
  /** Today (UTC day): the year list ends at this year. */
  today: string;
}

export function Guidance({ ctx }: { ctx: PageContext }) {
  const { t, locale } = ctx;
  return (
    <section class="tell-guide" aria-labelledby="guide-title">
      <h2 id="guide-title">{t('testimony.guide.title')}</h2>
      <div class="tell-guide__grid">
        <div>
          <h3>{t('testimony.guide.words.title')}</h3>
          <p>{t('testimony.guide.words.text')}</p>
        </div>
        <div>
          <h3>{t('testimony.guide.readers.title')}</h3>
          <p>{t('testimony.guide.readers.text')}</p>
        </div>
        <div>
          <h3>{t('testimony.guide.risks.title')}</h3>
          <p>{t('testimony.guide.risks.text')}</p>
        </div>
        <div>
          <h3>{t('testimony.guide.safer.title')}</h3>
          <ul>
            <li>{t('testimony.guide.safer.private')}</li>
            <li>{t('testimony.guide.safer.tor')}</li>
            <li>{t('testimony.guide.safer.history')}</li>
            <li>{t('testimony.guide.safer.exit')}</li>
          </ul>
        </div>
      </div>
      <p>
        {t('testimony.guide.urgent')} <a href={`/${locale}/help`}>{t('testimony.guide.help_link')}</a>
      </p>
    </section>
  );
}

/** The last 60 years, this one first. */
const yearsUpTo = (today: string) => {
  const year = Number(today.slice(0, 4));
  return Array.from({ length: 60 }, (_, i) => String(year - i));
};

export function IntakePage({
  ctx,
  regions,
  orgKey,
  componentId,
  call,
  powChallenge,
  values: given,
  errors,
  today,
}: IntakeProps) {
  const { t, locale } = ctx;
  // Nothing is assumed about her: the choices start at "rather not say".
  const values: FormValues = { relationship: 'unsaid', police: 'unsaid', ...given };
  const labels = {
    story: t('testimony.form.story'),
    consent: t('testimony.form.consent'),
    when_year: t('testimony.form.when'),
    region: t('testimony.form.region'),
    attachments: t('testimony.form.attachments'),
    contact: t('testimony.form.contact'),
  };
  return (
    <Layout ctx={ctx} title={t('testimony.title')} survivorFacing>
      <h1>{t('testimony.title')}</h1>
      {call ? <p class="lead">{call}</p> : <p class="lead">{t('testimony.lead')}</p>}
      <Guidance ctx={ctx} />
      <p>
        <a href={`/${locale}/tell/follow-up`}>{t('testimony.followup.link')}</a>
      </p>
      {!orgKey ? (
        <p class="notice notice--urgent" role="status">
          {t('testimony.closed')}
        </p>
      ) : (
        <>
          <h2 id="form-title">{t('testimony.form.title')}</h2>
          <ModeNotice ctx={ctx} />
          <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
          <p class="tell-status" role="status" aria-live="polite" data-tell-status=""></p>
          <form
            method="post"
            action={`/${locale}/tell`}
            enctype="multipart/form-data"
            class="tell-form"
            data-tell=""
            data-org-key={orgKey.publicKey}
            data-key-id={orgKey.id}
            aria-labelledby="form-title"
            novalidate
          >
            <CsrfField ctx={ctx} />
            <input type="hidden" name="pow_challenge" value={powChallenge} />
            {componentId ? <input type="hidden" name="component" value={componentId} /> : null}
            <Honeypot ctx={ctx} />
            <RequiredNote ctx={ctx} />
            <TextArea
              ctx={ctx}
              name="story"
              label={t('testimony.form.story')}
              hint={t('testimony.form.story_hint')}
              values={values}
              errors={errors}
              rows={10}
              maxLength={LIMITS.story}
              required
            />
            <fieldset class="field tell-when">
              <legend>{t('testimony.form.when')}</legend>
              <p class="hint">{t('testimony.form.when_hint')}</p>
              {errors.when_year ? <p class="error">{t(errors.when_year)}</p> : null}
              <div class="row">
                <Select
                  ctx={ctx}
                  name="when_month"
                  label={t('testimony.form.month')}
                  values={values}
                  errors={{}}
                  options={[
                    { value: '', label: t('testimony.form.unknown') },
                    ...Array.from({ length: 12 }, (_, i) => ({
                      value: String(i + 1),
                      label: inScript(
                        new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(
                          new Date(Date.UTC(2024, i, 1)),
                        ),
                        locale,
                      ),
                    })),
                  ]}
                />
                <Select
                  ctx={ctx}
                  name="when_year"
                  label={t('testimony.form.year')}
                  values={values}
                  errors={{}}
                  options={[
                    { value: '', label: t('testimony.form.unknown') },
                    ...yearsUpTo(today).map((y) => ({ value: y, label: y })),
                  ]}
                />
              </div>
              <TextField
                ctx={ctx}
                name="when_note"
                label={t('testimony.form.when_note')}
                values={values}
                errors={errors}
                maxLength={LIMITS.whenNote}
              />
            </fieldset>
            <div class="row">
              <Select
                ctx={ctx}
                name="region"
                label={t('testimony.form.region')}
                values={values}
                errors={errors}
                options={[
                  { value: '', label: t('testimony.form.prefer_not') },
                  ...regions.map((r) => ({ value: r.code, label: pickText(r.name, locale) })),
                ]}
              />
              <TextField
                ctx={ctx}
                name="city"
                label={t('testimony.form.city')}
                values={values}
                errors={errors}
                maxLength={LIMITS.city}
              />
            </div>
            <Select
              ctx={ctx}
              name="relationship"
              label={t('testimony.form.relationship')}
              values={values}
              errors={errors}
              options={RELATIONSHIPS.map((r) => ({ value: r, label: t(`testimony.relationship.${r}`) }))}
            />
            <Select
              ctx={ctx}
              name="police"
              label={t('testimony.form.police')}
              values={values}
              errors={errors}
              options={POLICE.map((p) => ({ value: p, label: t(`testimony.police.${p}`) }))}
            />
            <TextArea
              ctx={ctx}
              name="since"
              label={t('testimony.form.since')}
              values={values}
              errors={errors}
              rows={4}
              maxLength={LIMITS.since}
            />
            <fieldset class="field checks">
              <legend>{t('testimony.form.help')}</legend>
              {NEEDS.map((n) => (
                <span class="help-needs__item">
                  <input
                    type="checkbox"
                    id={`f-help-${n}`}
                    name="help"
                    value={n}
                    checked={(values.help ?? '').split(',').includes(n)}
                  />
                  <label for={`f-help-${n}`}>{t(`help.need.${n}`)}</label>
                </span>
              ))}
            </fieldset>
            <fieldset class={'field checks' + (errors.consent ? ' field--error' : '')} id="f-consent">
              <legend>
                {t('testimony.form.consent')} <span class="req">({t('form.required')})</span>
              </legend>
              {errors.consent ? <p class="error">{t(errors.consent)}</p> : null}
              {CONSENTS.map((c) => (
                <div class="tell-choice">
                  <input
                    type="radio"
                    id={`f-consent-${c}`}
                    name="consent"
                    value={c}
                    checked={values.consent === c}
                    required
                  />
                  <label for={`f-consent-${c}`}>
                    <strong>{t(`testimony.consent.${c}`)}</strong>{' '}
                    <span class="hint">{t(`testimony.consent.${c}.hint`)}</span>
                  </label>
                </div>
              ))}
            </fieldset>
            <div class="field field--checkbox">
              <input
                id="f-referral"
                name="referral"
                type="checkbox"
                value="1"
                checked={!!values.referral}
                aria-describedby="h-referral"
              />
              <label for="f-referral">{t('testimony.form.referral')}</label>
              <p class="hint" id="h-referral">
                {t('testimony.form.referral_hint')}
              </p>
            </div>
            <TextArea
              ctx={ctx}
              name="contact"
              label={t('testimony.form.contact')}
              hint={t('testimony.form.contact_hint')}
              values={values}
              errors={errors}
              rows={2}
              maxLength={LIMITS.contact}
            />
            <div class={'field' + (errors.attachments ? ' field--error' : '')}>
              <label for="f-attachments">{t('testimony.form.attachments')}</label>
              <p class="hint" id="h-attachments">
                {t('testimony.form.attachments_hint', { count: LIMITS.files, mb: LIMITS.fileBytes / 1024 / 1024 })}
              </p>
              {errors.attachments ? (
                <p class="error" id="e-attachments">
                  {t(errors.attachments)}
                </p>
              ) : null}
              <input
                id="f-attachments"
                name="attachments"
                type="file"
                multiple
                accept={ATTACHMENT_TYPES.join(',')}
                aria-describedby="h-attachments"
              />
            </div>
            <button class="button" type="submit" data-tell-submit="">
              {t('testimony.form.submit')}
            </button>
          </form>
        </>
      )}
      <TellScript ctx={ctx} />
    </Layout>
  );
}
