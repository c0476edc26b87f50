// Importing services from a CSV file (admins): upload, a preview of what would be added, updated and
// rejected (with line numbers and reasons), then confirm; the result lists the rejected lines again.
import type { Region } from '../../core/regions/index.ts';
import type { PageContext } from '../../ui/context.ts';
import {
  CsrfField,
  ErrorSummary,
  FileField,
  TextArea,
  TextField,
  type FormErrors,
  type FormValues,
} from '../../ui/widgets/forms.tsx';
import { Table } from '../../ui/widgets/table.tsx';
import { Tr } from '../../ui/widgets/translated.tsx';
import { Layout } from '../../ui/layout.tsx';
import { pickText } from '../../i18n/locales.ts';
import type { Reject } from '../help-csv.ts';
import type { ImportLine, ImportPlan, ImportResult } from '../help.import.ts';

const FIELD_LABELS = [
  'name',
  'kind',
  'region',
  'phone',
  'website',
  'serves',
  'needs',
  'languages',
  'cost',
  'verified_on',
  'source',
  'city',
  'address',
  'hours',
  'description',
];

function Rejects({ ctx, rejects }: { ctx: PageContext; rejects: Reject[] }) {
  const { t } = ctx;
  const label = (f: string) => (FIELD_LABELS.includes(f) ? `${t(`help.field.${f}`)}: ` : '');
  return (
    <Table head={[t('help.import.line'), t('help.import.problem')]}>
      {rejects.map((r) => (
        <tr>
          <td>{r.line}</td>
          <td>
            {Object.entries(r.fields)
              .map(([f, k]) => label(f) + t(k, r.values ?? {}))
              .join(' ')}
          </td>
        </tr>
      ))}
    </Table>
  );
}

function Lines({
  ctx,
  lines,
  regionName,
}: {
  ctx: PageContext;
  lines: ImportLine[];
  regionName: (c: string | null) => string;
}) {
  const { t } = ctx;
  return (
    <Table head={[t('help.import.line'), t('help.field.name'), t('help.field.region')]}>
      {lines.map((l) => (
        <tr>
          <td>{l.line}</td>
          <td>
            <Tr ctx={ctx} value={l.name} />
          </td>
          <td>{regionName(l.regionCode)}</td>
        </tr>
      ))}
    </Table>
  );
}

export function HelpImportPage({
  ctx,
  regions,
  values,
  errors,
  plan,
  result,
}: {
  ctx: PageContext;
  regions: readonly Region[];
  values: FormValues;
  errors: FormErrors;
  /** A preview: nothing written yet; `values.csv` holds the file's text for the confirmation. */
  plan: ImportPlan | null;
  result: ImportResult | null;
}) {
  const { t, locale } = ctx;
  const action = `/${locale}/admin/help/import`;
  const regionName = (code: string | null) =>
    code ? pickText(regions.find((r) => r.code === code)?.name, locale) || code : t('help.national');
  const writes = plan ? plan.create.length + plan.update.length : 0;
  return (
    <Layout ctx={ctx} title={t('help.import.title')} admin>
      <p class="breadcrumbs">
        <a href={`/${locale}/admin/help`}>{t('help.admin.title')}</a>
      </p>
      <h1>{t('help.import.title')}</h1>
      {result ? (
        <section aria-labelledby="import-result">
          <h2 id="import-result" role="status">
            {t('help.import.done', {
              created: result.create.length,
              updated: result.update.length,
              unchanged: result.unchanged.length,
            })}
          </h2>
          {result.rejects.length ? (
            <>
              <h3>{t('help.import.rejected', { count: result.rejects.length })}</h3>
              <p>{t('help.import.rejects_note')}</p>
              <Rejects ctx={ctx} rejects={result.rejects} />
            </>
          ) : null}
        </section>
      ) : null}
      {plan ? (
        <section aria-labelledby="import-plan">
          <h2 id="import-plan">{t('help.import.plan_title')}</h2>
          {plan.warnings.map((w) => (
            <p class="notice notice--urgent">{t(w)}</p>
          ))}
          {plan.create.length ? (
            <>
              <h3>{t('help.import.to_create', { count: plan.create.length })}</h3>
              <Lines ctx={ctx} lines={plan.create} regionName={regionName} />
            </>
          ) : null}
          {plan.update.length ? (
            <>
              <h3>{t('help.import.to_update', { count: plan.update.length })}</h3>
              <Lines ctx={ctx} lines={plan.update} regionName={regionName} />
            </>
          ) : null}
          {plan.unchanged.length ? <p>{t('help.import.unchanged', { count: plan.unchanged.length })}</p> : null}
          {plan.rejects.length ? (
            <>
              <h3>{t('help.import.rejected', { count: plan.rejects.length })}</h3>
              <Rejects ctx={ctx} rejects={plan.rejects} />
            </>
          ) : null}
          {writes ? (
            <form method="post" action={action} enctype="multipart/form-data">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="step" value="confirm" />
              <input type="hidden" name="source" value={values.source ?? ''} />
              <input type="hidden" name="csv" value={values.csv ?? ''} />
              <button class="button" type="submit">
                {t('help.import.confirm', { count: writes })}
              </button>
            </form>
          ) : (
            <p>{t('help.import.nothing')}</p>
          )}
          <h2>{t('help.import.again')}</h2>
        </section>
      ) : null}
      <p>{t('help.import.lead')}</p>
      <ErrorSummary
        ctx={ctx}
        errors={errors}
        labels={{ file: t('help.import.file'), source: t('help.import.source') }}
      />
      <form method="post" action={action} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="step" value="preview" />
        <TextField
          ctx={ctx}
          name="source"
          label={t('help.import.source')}
          hint={t('help.import.source_hint')}
          values={values}
          errors={errors}
          maxLength={300}
        />
        <TextArea
          ctx={ctx}
          name="csv"
          label={t('help.import.paste')}
          values={plan || result ? {} : values}
          errors={{}}
          rows={6}
        />
        <FileField
          ctx={ctx}
          name="file"
          label={t('help.import.file')}
          hint={t('help.import.file_hint')}
          errors={errors}
          accept=".csv,.txt,text/csv,text/plain"
        />
        <button class="button" type="submit">
          {t('help.import.preview')}
        </button>
      </form>
    </Layout>
  );
}
