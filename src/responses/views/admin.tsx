// Staff pages of officials' responses: a petition's or an appeal's responses with the form that
// records a new one, and one response's edit form with its earlier versions and its mailings.
import { formatDateTime, formatNumber, formatPartialDate } from '../../i18n/format.ts';
import { pickText } from '../../i18n/locales.ts';
import type { PageContext } from '../../ui/context.ts';
import { Layout } from '../../ui/layout.tsx';
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  FileField,
  RequiredNote,
  Select,
  TextField,
  TranslatableField,
  type FormErrors,
  type FormValues,
} from '../../ui/widgets/forms.tsx';
import { Table } from '../../ui/widgets/table.tsx';
import { Tr } from '../../ui/widgets/translated.tsx';
import type { MailingSummary, Official, OfficialResponse, ResponseRevision, Subject } from '../responses.ts';
import { ResponseBlock, ResponseText } from './response-block.tsx';

interface FormProps {
  ctx: PageContext;
  action: string;
  officials: Official[];
  mailable: boolean;
  today: string;
  maxBytes: number;
  values: FormValues;
  errors: FormErrors;
  /** The response being edited (absent: a new one). */
  editing?: OfficialResponse;
}

const labelsOf = ({ t }: PageContext) => ({
  official: t('response.field.official'),
  name: t('response.field.name'),
  position: t('response.field.position'),
  body: t('response.field.body'),
  date: t('response.field.date'),
  text_kk: t('response.field.text'),
  text_ru: t('response.field.text'),
  text_en: t('response.field.text'),
  document: t('response.field.document'),
});

function ResponseForm(p: FormProps) {
  const { ctx, values, errors } = p;
  const { t, locale } = ctx;
  const labels = labelsOf(ctx);
  const mb = formatNumber(Math.round(p.maxBytes / 1024 / 1024), locale);
  return (
    <form method="post" action={p.action} enctype="multipart/form-data" class="narrow response-form" novalidate>
      <CsrfField ctx={ctx} />
      {p.editing ? <input type="hidden" name="revision" value={values.revision ?? String(p.editing.revision)} /> : null}
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <RequiredNote ctx={ctx} />
      <fieldset>
        <legend>{t('response.form.who')}</legend>
        {p.officials.length ? (
          <Select
            ctx={ctx}
            name="official"
            label={labels.official}
            hint={t('response.field.official_hint')}
            values={values}
            errors={errors}
            options={[
              { value: '', label: t('response.field.official_none') },
              ...p.officials.map((o) => ({
                value: o.id,
                label: [pickText(o.name, locale), pickText(o.position, locale), pickText(o.organisation, locale)]
                  .filter(Boolean)
                  .join(', '),
              })),
            ]}
          />
        ) : null}
        <TextField
          ctx={ctx}
          name="name"
          label={labels.name}
          hint={p.officials.length ? t('response.field.name_hint') : undefined}
          values={values}
          errors={errors}
          maxLength={200}
          required
        />
        <TextField ctx={ctx} name="position" label={labels.position} values={values} errors={errors} maxLength={200} />
        <TextField ctx={ctx} name="body" label={labels.body} values={values} errors={errors} maxLength={200} />
      </fieldset>
      <TextField
        ctx={ctx}
        name="date"
        type="date"
        label={labels.date}
        hint={t('response.field.date_hint', { today: formatPartialDate(p.today, locale) })}
        values={values}
        errors={errors}
        required
      />
      <TranslatableField
        ctx={ctx}
        name="text"
        label={labels.text_kk}
        hint={t('response.field.text_hint')}
        values={values}
        errors={errors}
        multiline
        rows={8}
        maxLength={20_000}
        required
      />
      <FileField
        ctx={ctx}
        name="document"
        label={labels.document}
        hint={t('response.field.document_hint', { mb })}
        errors={errors}
        accept="application/pdf,image/png,image/jpeg,image/webp"
      />
      {p.editing?.document ? (
        <Checkbox
          ctx={ctx}
          name="remove_document"
          label={t('response.field.remove_document', { name: p.editing.document.name })}
          values={values}
          errors={errors}
        />
      ) : null}
      {p.mailable ? (
        <Checkbox
          ctx={ctx}
          name="mail"
          label={t(p.editing ? 'response.field.mail_again' : 'response.field.mail')}
          hint={t(p.editing ? 'response.field.mail_again_hint' : 'response.field.mail_hint')}
          values={values}
          errors={errors}
        />
      ) : (
        <p class="hint">{t('response.field.no_mail')}</p>
      )}
      <button class="button" type="submit">
        {t(p.editing ? 'response.form.save' : 'response.form.record')}
      </button>
    </form>
  );
}

function Back({ ctx, subject }: { ctx: PageContext; subject: Subject }) {
  const { t, locale } = ctx;
  return (
    <p>
      <a href={`/${locale}${subject.adminPath}`}>
        ← <Tr ctx={ctx} value={subject.title} />
      </a>{' '}
      · <a href={`/${locale}${subject.publicPath}`}>{t(`response.admin.public_${subject.type}`)}</a>
    </p>
  );
}

function Notice({ ctx, notice }: { ctx: PageContext; notice?: 'saved' | 'mailed' }) {
  if (!notice) return null;
  return (
    <p class="notice" role="status">
      {ctx.t(`response.admin.notice.${notice}`)}
    </p>
  );
}

export function ResponsesAdminPage(
  p: Omit<FormProps, 'action' | 'editing'> & {
    subject: Subject;
    responses: OfficialResponse[];
    notice?: 'saved' | 'mailed';
  },
) {
  const { ctx, subject } = p;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('response.admin.title')} admin>
      <Back ctx={ctx} subject={subject} />
      <h1>{t('response.admin.title')}</h1>
      <Notice ctx={ctx} notice={p.notice} />
      {p.responses.length ? (
        <>
          <ResponseBlock ctx={ctx} responses={p.responses} />
          <ul>
            {p.responses.map((r) => (
              <li>
                <a href={`/${locale}/admin/responses/edit/${r.id}`}>
                  {t('response.admin.edit_link', {
                    name: r.responder.name,
                    date: formatPartialDate(r.respondedOn, locale),
                  })}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="hint">{t('response.admin.none')}</p>
      )}
      <h2>{t('response.admin.new')}</h2>
      <p class="hint">{t(`response.admin.new_hint_${subject.type}`)}</p>
      <ResponseForm {...p} action={`/${locale}/admin/responses/${subject.type}/${subject.id}`} />
    </Layout>
  );
}

export function ResponseEditPage(
  p: Omit<FormProps, 'action' | 'editing'> & {
    subject: Subject;
    response: OfficialResponse;
    history: ResponseRevision[];
    mailings: MailingSummary[];
    officialPath: string | null;
    notice?: 'saved' | 'mailed';
  },
) {
  const { ctx, subject, response: r } = p;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('response.admin.edit_title')} admin>
      <Back ctx={ctx} subject={subject} />
      <p>
        <a href={`/${locale}/admin/responses/${subject.type}/${subject.id}`}>{t('response.admin.all')}</a>
      </p>
      <h1>{t('response.admin.edit_title')}</h1>
      <Notice ctx={ctx} notice={p.notice} />
      <dl class="stats">
        <div>
          <dt>{t('response.admin.revision')}</dt>
          <dd>{r.revision}</dd>
        </div>
        <div>
          <dt>{t('response.admin.mailed')}</dt>
          <dd>{r.mailedRevision ? t('response.admin.mailed_revision', { revision: r.mailedRevision }) : '—'}</dd>
        </div>
      </dl>
      {p.officialPath ? (
        <p>
          <a href={`/${locale}${p.officialPath}`}>{t('response.admin.official_entry')}</a>
        </p>
      ) : null}
      <ResponseForm {...p} action={`/${locale}/admin/responses/edit/${r.id}`} editing={r} />

      <section aria-labelledby="mailings-h">
        <h2 id="mailings-h">{t('response.admin.mailings')}</h2>
        {p.mailings.length ? (
          <Table
            head={[
              t('response.admin.mailing_started'),
              t('response.admin.revision'),
              t('response.admin.mailing_recipients'),
              t('response.admin.mailing_status'),
            ]}
          >
            {p.mailings.map((m) => (
              <tr>
                <td>{formatDateTime(m.createdAt, locale)}</td>
                <td>{m.revision}</td>
                <td>{formatNumber(m.queued, locale)}</td>
                <td>
                  {m.finishedAt
                    ? t('response.admin.mailing_done', { date: formatDateTime(m.finishedAt, locale) })
                    : t('response.admin.mailing_queued')}
                </td>
              </tr>
            ))}
          </Table>
        ) : (
          <p class="hint">{t('response.admin.mailings_none')}</p>
        )}
      </section>

      <section aria-labelledby="history-h">
        <h2 id="history-h">{t('response.admin.history')}</h2>
        {p.history.length ? (
          p.history.map((h) => (
            <article class="official-response__item" aria-labelledby={`rev-${h.revision}`}>
              <h3 id={`rev-${h.revision}`}>
                {t('response.admin.history_item', {
                  revision: h.revision,
                  date: formatDateTime(h.replacedAt, locale),
                })}
              </h3>
              <p>
                {[h.version.responder.name, h.version.responder.position, h.version.responder.body]
                  .filter(Boolean)
                  .join(', ')}{' '}
                · {formatPartialDate(h.version.respondedOn, locale)}
              </p>
              <ResponseText ctx={ctx} response={{ ...r, ...h.version }} />
              {h.version.document ? (
                <p class="hint">
                  {h.version.document.name} · SHA-256: <code class="hash">{h.version.document.sha256}</code>
                </p>
              ) : null}
            </article>
          ))
        ) : (
          <p class="hint">{t('response.admin.history_none')}</p>
        )}
      </section>
    </Layout>
  );
}
