// Staff pages: the recipients directory (list, form, CSV import) and an appeal's named recipients,
// letters per channel and reply rates.
import type { PageContext } from '../../../ui/context.ts';
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  FileField,
  Select,
  TextArea,
  TextField,
  TranslatableField,
  type FormErrors,
  type FormValues,
} from '../../../ui/widgets/forms.tsx';
import { Tr } from '../../../ui/widgets/translated.tsx';
import { Layout } from '../../../ui/layout.tsx';
import { BackLink, RowsTable, StaffPage } from '../../../ui/staff-table-page.tsx';
import {
  BODIES,
  CHANNELS,
  isCurrent,
  type AppealView,
  type ImportResult,
  type Recipient,
  type ReplyRow,
} from '../appeal.ts';
import { RecipientLine, ReplyRates } from './parts.tsx';

export function RecipientsPage({
  ctx,
  recipients,
  regionNames,
  filter,
  imported,
  csv,
  errors,
}: {
  ctx: PageContext;
  recipients: Recipient[];
  regionNames: Record<string, string>;
  filter: { body?: string };
  imported?: ImportResult | null;
  csv?: string;
  errors?: FormErrors;
}) {
  const { t, locale } = ctx;
  return (
    <StaffPage ctx={ctx} title={t('appeal.recipients.title')} back hint={t('appeal.recipients.hint')}>
      <p>
        <a class="button" href={`/${locale}/admin/recipients/new`}>
          {t('appeal.recipients.new')}
        </a>
      </p>
      <form method="get" action={`/${locale}/admin/recipients`} class="inline-form">
        <label for="f-body-filter">{t('appeal.recipients.body')}</label>
        <select id="f-body-filter" name="body">
          <option value="">{t('appeal.recipients.all_bodies')}</option>
          {BODIES.map((b) => (
            <option value={b} selected={filter.body === b}>
              {t(`appeal.body.${b}`)}
            </option>
          ))}
        </select>
        <button class="button button--secondary button--small" type="submit">
          {t('appeal.recipients.filter')}
        </button>
      </form>
      <RowsTable
        head={[
          t('appeal.recipients.name'),
          t('appeal.recipients.body'),
          t('appeal.recipients.email'),
          t('appeal.recipients.term'),
          t('users.actions'),
        ]}
        rows={recipients}
        row={(r) => (
          <tr class={isCurrent(r) ? undefined : 'muted'}>
            <td>
              <RecipientLine ctx={ctx} r={r} regionNames={regionNames} />
            </td>
            <td>{t(`appeal.body.${r.body}`)}</td>
            <td>{r.email ?? '—'}</td>
            <td>
              {r.termStart ?? '…'} – {r.termEnd ?? '…'}
              {isCurrent(r) ? null : (
                <>
                  <br />
                  <small>{t('appeal.recipients.not_current')}</small>
                </>
              )}
            </td>
            <td class="actions">
              <a href={`/${locale}/admin/recipients/${r.id}`}>{t('admin.edit')}</a>
            </td>
          </tr>
        )}
      />
      <section aria-labelledby="import-h">
        <h2 id="import-h">{t('appeal.import.title')}</h2>
        <p class="hint">{t('appeal.import.hint')}</p>
        <pre class="details">
          key,kind,body,name_kk,name_ru,name_en,position_kk,position_ru,position_en,organisation_kk,organisation_ru,organisation_en,region,languages,email,postal_address,term_start,term_end,active
        </pre>
        {imported ? (
          <div class="notice" role="status">
            <p>
              {t('appeal.import.result', {
                created: imported.created,
                updated: imported.updated,
                errors: imported.errors.length,
              })}
            </p>
            {imported.errors.length ? (
              <ul>
                {imported.errors.slice(0, 100).map((e) => (
                  <li>{t('appeal.import.row_error', { line: e.line, field: e.field, message: t(e.key) })}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <ErrorSummary
          ctx={ctx}
          errors={errors ?? {}}
          labels={{ csv: t('appeal.import.csv'), file: t('appeal.import.file') }}
        />
        <form method="post" action={`/${locale}/admin/recipients/import`} enctype="multipart/form-data" novalidate>
          <CsrfField ctx={ctx} />
          <FileField
            ctx={ctx}
            name="file"
            label={t('appeal.import.file')}
            hint={t('appeal.import.file_hint')}
            accept=".csv,.txt,text/csv,text/plain"
            errors={errors ?? {}}
          />
          <TextArea
            ctx={ctx}
            name="csv"
            label={t('appeal.import.csv')}
            values={{ csv: csv ?? '' }}
            errors={errors ?? {}}
            rows={8}
          />
          <button class="button" type="submit">
            {t('appeal.import.submit')}
          </button>
        </form>
      </section>
    </StaffPage>
  );
}

export function RecipientForm({
  ctx,
  recipient,
  values,
  errors,
  regionNames,
}: {
  ctx: PageContext;
  recipient: Recipient | null;
  values: FormValues;
  errors: FormErrors;
  regionNames: Record<string, string>;
}) {
  const { t, locale } = ctx;
  const action = recipient ? `/${locale}/admin/recipients/${recipient.id}` : `/${locale}/admin/recipients`;
  const labels: Record<string, string> = {
    body: t('appeal.recipients.body'),
    kind: t('appeal.recipients.kind'),
    region: t('appeal.recipients.region'),
    email: t('appeal.recipients.email'),
    term_start: t('appeal.recipients.term_start'),
    term_end: t('appeal.recipients.term_end'),
    external_key: t('appeal.recipients.key'),
    lang_kk: t('appeal.recipients.languages'),
    postal_address: t('appeal.recipients.postal'),
  };
  for (const f of ['name', 'position', 'organisation'])
    for (const l of ['kk', 'ru', 'en']) labels[`${f}_${l}`] = `${t(`appeal.recipients.${f}`)} (${l})`;
  return (
    <Layout ctx={ctx} title={t('appeal.recipients.title')} admin>
      <BackLink ctx={ctx} href="/admin/recipients" label={t('appeal.recipients.title')} />
      <h1>{recipient ? <Tr ctx={ctx} value={recipient.name} /> : t('appeal.recipients.new')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={action} novalidate>
        <CsrfField ctx={ctx} />
        <TranslatableField
          ctx={ctx}
          name="name"
          label={t('appeal.recipients.name')}
          values={values}
          errors={errors}
          required
          maxLength={200}
        />
        <TranslatableField
          ctx={ctx}
          name="position"
          label={t('appeal.recipients.position')}
          values={values}
          errors={errors}
          maxLength={300}
        />
        <TranslatableField
          ctx={ctx}
          name="organisation"
          label={t('appeal.recipients.organisation')}
          values={values}
          errors={errors}
          maxLength={300}
        />
        <div class="row">
          <Select
            ctx={ctx}
            name="body"
            label={labels.body}
            values={values}
            errors={errors}
            options={BODIES.map((b) => ({ value: b, label: t(`appeal.body.${b}`) }))}
          />
          <Select
            ctx={ctx}
            name="kind"
            label={labels.kind}
            values={values}
            errors={errors}
            options={(['person', 'body'] as const).map((k) => ({ value: k, label: t(`appeal.kind.${k}`) }))}
          />
          <Select
            ctx={ctx}
            name="region"
            label={labels.region}
            values={values}
            errors={errors}
            options={[
              { value: '', label: t('appeal.recipients.national') },
              ...Object.entries(regionNames).map(([value, label]) => ({ value, label })),
            ]}
          />
        </div>
        <fieldset class="translatable">
          <legend>{labels.lang_kk}</legend>
          {errors.lang_kk ? <p class="error">{t(errors.lang_kk)}</p> : null}
          {(['kk', 'ru', 'en'] as const).map((l) => (
            <Checkbox ctx={ctx} name={`lang_${l}`} label={t(`language.${l}`)} values={values} errors={errors} />
          ))}
        </fieldset>
        <TextField
          ctx={ctx}
          name="email"
          type="email"
          label={labels.email}
          values={values}
          errors={errors}
          maxLength={254}
        />
        <TextArea
          ctx={ctx}
          name="postal_address"
          label={labels.postal_address}
          values={values}
          errors={errors}
          rows={2}
          maxLength={500}
        />
        <div class="row">
          <TextField
            ctx={ctx}
            name="term_start"
            type="date"
            label={labels.term_start}
            values={values}
            errors={errors}
          />
          <TextField
            ctx={ctx}
            name="term_end"
            type="date"
            label={labels.term_end}
            hint={t('appeal.recipients.term_hint')}
            values={values}
            errors={errors}
          />
          <TextField
            ctx={ctx}
            name="external_key"
            label={labels.external_key}
            values={values}
            errors={errors}
            maxLength={100}
          />
        </div>
        <Checkbox ctx={ctx} name="active" label={t('appeal.recipients.active')} values={values} errors={errors} />
        <button class="button" type="submit">
          {t('admin.save')}
        </button>
      </form>
    </Layout>
  );
}

export function AppealAdminPage({
  ctx,
  appeal,
  candidates,
  letters,
  replies,
  regionNames,
  saved,
}: {
  ctx: PageContext;
  appeal: AppealView;
  candidates: Recipient[];
  letters: Record<string, number>;
  replies: ReplyRow[];
  regionNames: Record<string, string>;
  saved: boolean;
}) {
  const { t, locale } = ctx;
  const named = new Set(appeal.namedRecipients);
  return (
    <Layout ctx={ctx} title={t('appeal.admin.title')} admin>
      <p>
        <a href={`/${locale}/admin/campaigns/${appeal.campaign.id}`}>
          ← <Tr ctx={ctx} value={appeal.campaign.title} />
        </a>{' '}
        · <a href={`/${locale}/admin/components/${appeal.id}`}>{t('appeal.admin.settings')}</a> ·{' '}
        <a href={`/${locale}/appeals/${appeal.id}`}>{t('appeal.admin.public_page')}</a> ·{' '}
        <a href={`/${locale}/admin/responses/appeal/${appeal.id}`}>{t('appeal.admin.responses')}</a>
      </p>
      <h1>
        <Tr ctx={ctx} value={appeal.settings.subject} />
      </h1>
      {saved ? (
        <p class="notice" role="status">
          {t('admin.saved')}
        </p>
      ) : null}
      <dl class="stats">
        {CHANNELS.map((c) => (
          <div>
            <dt>{t(`appeal.channel.${c}.short`)}</dt>
            <dd>{letters[c] ?? 0}</dd>
          </div>
        ))}
      </dl>
      <p>
        {t(`appeal.admin.mode.${appeal.settings.target_mode}`, {
          body: t(`appeal.body.${appeal.settings.target_body}`),
        })}
      </p>
      <section aria-labelledby="named-h">
        <h2 id="named-h">{t('appeal.admin.named')}</h2>
        <p class="hint">{t('appeal.admin.named_hint')}</p>
        <form method="post" action={`/${locale}/admin/appeals/${appeal.id}/recipients`}>
          <CsrfField ctx={ctx} />
          <ul class="recipient-choices">
            {candidates.map((r) => (
              <li class="field field--checkbox">
                <input type="checkbox" id={`n-${r.id}`} name="recipient" value={r.id} checked={named.has(r.id)} />
                <label for={`n-${r.id}`}>
                  <RecipientLine ctx={ctx} r={r} regionNames={regionNames} />
                </label>
              </li>
            ))}
          </ul>
          <button class="button" type="submit">
            {t('admin.save')}
          </button>
        </form>
      </section>
      <section>
        <h2>{t('appeal.replies.title')}</h2>
        <ReplyRates ctx={ctx} rows={replies} regionNames={regionNames} />
      </section>
    </Layout>
  );
}
