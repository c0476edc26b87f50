// Public appeal pages: the appeal with its recipients, counts per channel and reply rates; the
// letter editor; the prepared letter with mailto links, copy and eOtinish; confirmation and
// follow-up pages. Everything works without JavaScript.
import { compareRegionNames } from '../../../core/regions/index.ts';
import { formatNumber } from '../../../i18n/format.ts';
import { LOCALES, pick, type Locale } from '../../../i18n/locales.ts';
import type { PageContext } from '../../../ui/context.ts';
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  RequiredNote,
  Select,
  TextArea,
  TextField,
  type FormErrors,
  type FormValues,
} from '../../../ui/widgets/forms.tsx';
import { Tr } from '../../../ui/widgets/translated.tsx';
import { Layout } from '../../../ui/layout.tsx';
import {
  CHANNELS,
  EOTINISH_URL,
  type AppealView,
  type LetterDetails,
  type Recipient,
  type ReplyRow,
} from '../appeal.ts';
import { RecipientLine, ReplyRates } from './parts.tsx';
import { ResponseBlock, type OfficialResponse } from '../../../responses/index.ts';

const LANG_NAMES: Record<Locale, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

function Head({ ctx, appeal }: { ctx: PageContext; appeal: AppealView }) {
  const { t, locale } = ctx;
  return (
    <>
      <nav class="breadcrumbs" aria-label={t('nav.breadcrumbs')}>
        <a href={`/${locale}/campaigns`}>{t('nav.campaigns')}</a> ›{' '}
        <a href={`/${locale}/campaigns/${appeal.campaign.slug}`}>
          <Tr ctx={ctx} value={appeal.campaign.title} />
        </a>{' '}
        › <a href={`/${locale}/appeals/${appeal.id}`}>{t('appeal.label')}</a>
      </nav>
      <p class="card__meta">{t('appeal.label')}</p>
      <Tr ctx={ctx} value={appeal.settings.subject} as="h1" />
    </>
  );
}

function RecipientList({
  ctx,
  recipients,
  regionNames,
}: {
  ctx: PageContext;
  recipients: Recipient[];
  regionNames: Record<string, string>;
}) {
  return (
    <ul class="recipients">
      {recipients.map((r) => (
        <li>
          <RecipientLine ctx={ctx} r={r} regionNames={regionNames} />
        </li>
      ))}
    </ul>
  );
}

function regionOptions(ctx: PageContext, regionNames: Record<string, string>) {
  return [
    { value: '', label: ctx.t('appeal.write.region_choose') },
    ...Object.entries(regionNames)
      .sort((a, b) => compareRegionNames(ctx.locale)(a[1], b[1]))
      .map(([value, label]) => ({ value, label })),
  ];
}

export function AppealPage({
  ctx,
  appeal,
  recipients,
  letters,
  replies,
  regionNames,
  responses = [],
}: {
  ctx: PageContext;
  appeal: AppealView;
  recipients: Recipient[];
  letters: Record<string, number>;
  replies: ReplyRow[];
  regionNames: Record<string, string>;
  /** Officials' responses, newest first. */
  responses?: OfficialResponse[];
}) {
  const { t, locale } = ctx;
  const regional = appeal.settings.target_mode === 'regional';
  const available = LOCALES.filter((l) => appeal.settings.template[l]?.trim());
  return (
    <Layout ctx={ctx} title={pick(appeal.settings.subject, locale).text}>
      <article class="appeal">
        <Head ctx={ctx} appeal={appeal} />
        {appeal.settings.intro ? <Tr ctx={ctx} value={appeal.settings.intro} as="p" class="lead" /> : null}
        <ResponseBlock ctx={ctx} responses={responses} />
        <section aria-labelledby="to-h">
          <h2 id="to-h">{t('appeal.to.title')}</h2>
          {regional ? (
            <p>{t('appeal.to.regional', { body: t(`appeal.body.${appeal.settings.target_body}`) })}</p>
          ) : (
            <RecipientList ctx={ctx} recipients={recipients} regionNames={regionNames} />
          )}
        </section>
        {appeal.campaign.status === 'live' ? (
          <form method="get" action={`/${locale}/appeals/${appeal.id}/write`} class="appeal-start">
            <div class="field">
              <label for="f-lang">{t('appeal.write.language')}</label>
              <select id="f-lang" name="lang">
                {available.map((l) => (
                  <option value={l} selected={l === locale} lang={l}>
                    {LANG_NAMES[l]}
                  </option>
                ))}
              </select>
            </div>
            {regional ? (
              <Select
                ctx={ctx}
                name="region"
                label={t('appeal.write.region')}
                values={{}}
                errors={{}}
                options={regionOptions(ctx, regionNames)}
                required
              />
            ) : null}
            <button class="button" type="submit">
              {t('appeal.write.start')}
            </button>
          </form>
        ) : (
          <p class="notice">{t('appeal.error.closed')}</p>
        )}
        <section aria-labelledby="count-h">
          <h2 id="count-h">{t('appeal.count.title')}</h2>
          <ul class="channel-counts">
            {CHANNELS.map((c) => (
              <li>
                {t(`appeal.channel.${c}.short`)}: <strong>{formatNumber(letters[c] ?? 0, locale)}</strong>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="rates-h">
          <h2 id="rates-h">{t('appeal.replies.title')}</h2>
          <p class="hint">{t('appeal.replies.hint')}</p>
          <ReplyRates ctx={ctx} rows={replies} regionNames={regionNames} />
        </section>
      </article>
    </Layout>
  );
}

export function WritePage({
  ctx,
  appeal,
  recipients,
  lang,
  region,
  values,
  errors,
  regionNames,
}: {
  ctx: PageContext;
  appeal: AppealView;
  recipients: Recipient[];
  lang: Locale;
  region?: string;
  values: FormValues;
  errors: FormErrors;
  regionNames: Record<string, string>;
}) {
  const { t, locale } = ctx;
  const labels = {
    body: t('appeal.write.letter'),
    name: t('appeal.write.name'),
    email: t('appeal.write.email'),
    channel: t('appeal.write.channel'),
    region: t('appeal.write.region'),
  };
  const channel = values.channel || 'mailto';
  return (
    <Layout ctx={ctx} title={t('appeal.write.title')}>
      <Head ctx={ctx} appeal={appeal} />
      <h2>{t('appeal.write.title')}</h2>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      {recipients.length ? (
        <section aria-labelledby="to-h">
          <h3 id="to-h">{t('appeal.to.title')}</h3>
          <RecipientList ctx={ctx} recipients={recipients} regionNames={regionNames} />
        </section>
      ) : null}
      <form method="post" action={`/${locale}/appeals/${appeal.id}/write`} class="letter-form" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="lang" value={lang} />
        {region ? <input type="hidden" name="region" value={region} /> : null}
        <p class="notice">{t('appeal.write.own_words')}</p>
        <RequiredNote ctx={ctx} />
        <TextArea
          ctx={ctx}
          name="body"
          label={labels.body}
          hint={t('appeal.write.letter_hint')}
          values={values}
          errors={errors}
          rows={16}
          maxLength={10_000}
          lang={lang}
          required
        />
        <TextField
          ctx={ctx}
          name="name"
          label={labels.name}
          hint={t('appeal.write.name_hint')}
          values={values}
          errors={errors}
          autocomplete="name"
          maxLength={100}
          required
        />
        <fieldset class={'channels' + (errors.channel ? ' field--error' : '')} id="f-channel">
          <legend>{labels.channel}</legend>
          {errors.channel ? <p class="error">{t(errors.channel)}</p> : null}
          {CHANNELS.map((c) => (
            <div class="field field--radio">
              <input type="radio" id={`f-channel-${c}`} name="channel" value={c} checked={channel === c} />
              <label for={`f-channel-${c}`}>
                <strong>{t(`appeal.channel.${c}.title`)}</strong>
                <span class="hint"> {t(`appeal.channel.${c}.hint`)}</span>
              </label>
            </div>
          ))}
        </fieldset>
        <TextField
          ctx={ctx}
          name="email"
          type="email"
          label={labels.email}
          hint={t('appeal.write.email_hint')}
          values={values}
          errors={errors}
          autocomplete="email"
          maxLength={254}
        />
        <Checkbox ctx={ctx} name="followup" label={t('appeal.write.followup')} values={values} errors={errors} />
        <p class="privacy-notice">{t('appeal.write.privacy')}</p>
        <button class="button" type="submit">
          {t('appeal.write.submit')}
        </button>
      </form>
    </Layout>
  );
}

function mailtoHref(r: Recipient, subject: string, body: string): string {
  return `mailto:${encodeURIComponent(r.email!)}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

/** The prepared letter for the supporter's own mail app or eOtinish, and the "I have sent it" button. */
export function PreparedPage({
  ctx,
  state,
  token,
  regionNames,
}: {
  ctx: PageContext;
  state: LetterDetails;
  token: string;
  regionNames: Record<string, string>;
}) {
  const { t, locale } = ctx;
  const c = state.content!;
  const full = `${c.body}\n\n${c.name}`;
  return (
    <Layout ctx={ctx} title={t('appeal.prepared.title')} noindex>
      <Head ctx={ctx} appeal={state.appeal} />
      <h2>{t('appeal.prepared.title')}</h2>
      {state.channel === 'mailto' ? (
        <section>
          <p>{t('appeal.prepared.mailto_hint')}</p>
          <ul class="recipients">
            {state.recipients.map((r) => (
              <li>
                <RecipientLine ctx={ctx} r={r} regionNames={regionNames} />
                <br />
                {r.email ? (
                  <a class="button button--secondary button--small" href={mailtoHref(r, c.subject, full)}>
                    {t('appeal.prepared.open_mail', { email: r.email })}
                  </a>
                ) : (
                  <span class="hint">
                    {r.postalAddress
                      ? t('appeal.prepared.postal', { address: r.postalAddress })
                      : t('appeal.prepared.no_email')}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <section>
          <p>{t('appeal.prepared.eotinish_hint')}</p>
          <p>
            <a
              class="button button--secondary"
              href={state.appeal.settings.eotinish_url || EOTINISH_URL}
              rel="noopener noreferrer nofollow"
            >
              {t('appeal.prepared.open_eotinish')}
            </a>
          </p>
        </section>
      )}
      <div class="field">
        <label for="letter-text">{t('appeal.prepared.text')}</label>
        <p class="hint">{t('appeal.prepared.copy_hint')}</p>
        <textarea id="letter-text" rows={14} readOnly lang={state.locale}>
          {`${c.subject}\n\n${full}`}
        </textarea>
        <button type="button" class="button button--small button--secondary js-only" data-copy="letter-text" hidden>
          {t('appeal.prepared.copy')}
        </button>
      </div>
      <form method="post" action={`/${locale}/appeals/letters/${token}/sent`}>
        <CsrfField ctx={ctx} />
        <p>{t('appeal.prepared.sent_hint')}</p>
        <button class="button" type="submit">
          {t('appeal.prepared.sent')}
        </button>
      </form>
    </Layout>
  );
}

export function ConfirmSendPage({ ctx, state, token }: { ctx: PageContext; state: LetterDetails; token: string }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('appeal.send.title')} noindex>
      <Head ctx={ctx} appeal={state.appeal} />
      <h2>{t('appeal.send.title')}</h2>
      <p>{t('appeal.send.text', { count: state.recipients.length })}</p>
      <pre class="letter-preview" lang={state.locale}>
        {state.content?.body}
      </pre>
      <form method="post" action={`/${locale}/appeals/send/${token}`}>
        <CsrfField ctx={ctx} />
        <button class="button" type="submit">
          {t('appeal.send.button')}
        </button>
      </form>
    </Layout>
  );
}

export function ReplyPage({
  ctx,
  state,
  token,
  regionNames,
}: {
  ctx: PageContext;
  state: LetterDetails;
  token: string;
  regionNames: Record<string, string>;
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('appeal.reply.title')} noindex>
      <Head ctx={ctx} appeal={state.appeal} />
      <h2>{t('appeal.reply.title')}</h2>
      <form method="post" action={`/${locale}/appeals/replies/${token}`}>
        <CsrfField ctx={ctx} />
        {state.recipients.map((r) => (
          <fieldset class="reply-choice">
            <legend>
              <RecipientLine ctx={ctx} r={r} regionNames={regionNames} />
            </legend>
            {(['yes', 'no', 'unknown'] as const).map((a) => (
              <div class="field field--radio">
                <input type="radio" id={`r-${r.id}-${a}`} name={`r_${r.id}`} value={a} checked={a === 'unknown'} />
                <label for={`r-${r.id}-${a}`}>{t(`appeal.reply.${a}`)}</label>
              </div>
            ))}
          </fieldset>
        ))}
        <button class="button" type="submit">
          {t('appeal.reply.submit')}
        </button>
      </form>
    </Layout>
  );
}

export type AppealOutcome =
  'check-email' | 'thanks' | 'sent' | 'scheduled' | 'replied' | 'invalid' | 'expired' | 'gone';

export function AppealOutcomePage({
  ctx,
  kind,
  appeal,
}: {
  ctx: PageContext;
  kind: AppealOutcome;
  appeal?: AppealView;
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t(`appeal.outcome.${kind}.title`)} noindex>
      <section class="narrow link-page">
        <h1>{t(`appeal.outcome.${kind}.title`)}</h1>
        <p>{t(`appeal.outcome.${kind}.text`)}</p>
        {appeal ? (
          <p>
            <a href={`/${locale}/appeals/${appeal.id}`}>{t('appeal.outcome.back')}</a>
          </p>
        ) : null}
      </section>
    </Layout>
  );
}
