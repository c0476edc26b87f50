// Staff pages of the help directory: every entry (hidden ones too) and the create/edit form.
import type { Region } from '../../core/regions/index.ts';
import { formatDateTime, formatPartialDate } from '../../i18n/format.ts';
import { pickText, LOCALES } from '../../i18n/locales.ts';
import type { PageContext } from '../../ui/context.ts';
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  Select,
  TextField,
  TranslatableField,
  type FormErrors,
  type FormValues,
} from '../../ui/widgets/forms.tsx';
import { Table } from '../../ui/widgets/table.tsx';
import { Tr } from '../../ui/widgets/translated.tsx';
import { Layout } from '../../ui/layout.tsx';
import { COSTS, HELP_KINDS, NEEDS, SERVES, type HelpEntry } from '../help.ts';

/** "1 March 2025 (not verified since …)" / "not yet verified" for staff tables. */
function Verified({ ctx, entry }: { ctx: PageContext; entry: HelpEntry }) {
  const { t, locale } = ctx;
  if (!entry.verifiedOn) return <>{t('help.not_verified')}</>;
  const date = formatPartialDate(entry.verifiedOn, locale);
  return entry.stale ? <strong class="help-stale">{t('help.stale', { date })}</strong> : <>{date}</>;
}

export function HelpAdminList({
  ctx,
  entries,
  regions,
  saved,
  staleCount,
  canImport,
}: {
  ctx: PageContext;
  entries: HelpEntry[];
  regions: readonly Region[];
  saved: boolean;
  /** Entries not verified for over a year, or never. */
  staleCount: number;
  canImport: boolean;
}) {
  const { t, locale } = ctx;
  const regionName = (code: string | null) =>
    code ? pickText(regions.find((r) => r.code === code)?.name, locale) || code : t('help.national');
  return (
    <Layout ctx={ctx} title={t('help.admin.title')} admin>
      <h1>{t('help.admin.title')}</h1>
      {saved ? (
        <p class="notice" role="status">
          {t('help.admin.saved')}
        </p>
      ) : null}
      <p>
        <a class="button" href={`/${locale}/admin/help/new`}>
          {t('help.admin.new')}
        </a>{' '}
        {canImport ? (
          <a class="button button--secondary" href={`/${locale}/admin/help/import`}>
            {t('help.import.title')}
          </a>
        ) : null}
      </p>
      <p>
        <a href={`/${locale}/admin/help/stale`}>{t('help.admin.stale_link', { count: staleCount })}</a>
      </p>
      <Table
        head={[
          t('help.field.name'),
          t('help.field.kind'),
          t('help.field.region'),
          t('help.field.verified_on'),
          t('help.field.status'),
          t('help.admin.updated'),
        ]}
      >
        {entries.map((s) => (
          <tr class={s.status === 'hidden' ? 'muted' : undefined}>
            <td>
              <a href={`/${locale}/admin/help/${s.id}`}>
                <Tr ctx={ctx} value={s.name} />
              </a>
            </td>
            <td>{t(`help.kind.${s.kind}`)}</td>
            <td>{regionName(s.regionCode)}</td>
            <td>
              <Verified ctx={ctx} entry={s} />
            </td>
            <td>{t(`help.status.${s.status}`)}</td>
            <td>{formatDateTime(s.updatedAt, locale)}</td>
          </tr>
        ))}
      </Table>
    </Layout>
  );
}

export function HelpStalePage({
  ctx,
  entries,
  regions,
}: {
  ctx: PageContext;
  entries: HelpEntry[];
  regions: readonly Region[];
}) {
  const { t, locale } = ctx;
  const regionName = (code: string | null) =>
    code ? pickText(regions.find((r) => r.code === code)?.name, locale) || code : t('help.national');
  return (
    <Layout ctx={ctx} title={t('help.stale_list.title')} admin>
      <p class="breadcrumbs">
        <a href={`/${locale}/admin/help`}>{t('help.admin.title')}</a>
      </p>
      <h1>{t('help.stale_list.title')}</h1>
      <p>{t('help.stale_list.lead')}</p>
      {entries.length ? (
        <Table
          head={[t('help.field.name'), t('help.field.region'), t('help.field.verified_on'), t('help.field.source')]}
        >
          {entries.map((s) => (
            <tr class={s.status === 'hidden' ? 'muted' : undefined}>
              <td>
                <a href={`/${locale}/admin/help/${s.id}`}>
                  <Tr ctx={ctx} value={s.name} />
                </a>
              </td>
              <td>{regionName(s.regionCode)}</td>
              <td>
                <Verified ctx={ctx} entry={s} />
              </td>
              <td>{s.source}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p>{t('help.stale_list.none')}</p>
      )}
    </Layout>
  );
}

export function HelpForm({
  ctx,
  entry,
  regions,
  values,
  errors,
}: {
  ctx: PageContext;
  entry: HelpEntry | null;
  regions: readonly Region[];
  values: FormValues;
  errors: FormErrors;
}) {
  const { t, locale } = ctx;
  const title = entry ? t('help.admin.edit') : t('help.admin.new');
  const labels: Record<string, string> = {
    name_kk: t('help.field.name'),
    kind: t('help.field.kind'),
    region: t('help.field.region'),
    phone: t('help.field.phone'),
    website: t('help.field.website'),
    serves: t('help.field.serves'),
    needs: t('help.field.needs'),
    languages: t('help.field.languages'),
    cost: t('help.field.cost'),
    verified_on: t('help.field.verified_on'),
    source: t('help.field.source'),
    version: t('help.admin.version'),
  };
  for (const f of ['name', 'description', 'city', 'address', 'hours'])
    for (const l of LOCALES) labels[`${f}_${l}`] ??= `${t(`help.field.${f}`)} (${t(`language.${l}`)})`;
  const group = (name: string, legend: string, items: Array<{ value: string; label: string }>) => (
    <fieldset class={'field checks' + (errors[name] ? ' field--error' : '')} id={`f-${name}`}>
      <legend>{legend}</legend>
      {errors[name] ? <p class="error">{t(errors[name])}</p> : null}
      {items.map((i) => (
        <Checkbox
          ctx={ctx}
          name={`${name === 'languages' ? 'lang' : name}_${i.value}`}
          label={i.label}
          values={values}
          errors={errors}
        />
      ))}
    </fieldset>
  );
  return (
    <Layout ctx={ctx} title={title} admin>
      <p class="breadcrumbs">
        <a href={`/${locale}/admin/help`}>{t('help.admin.title')}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={entry ? `/${locale}/admin/help/${entry.id}` : `/${locale}/admin/help`} novalidate>
        <CsrfField ctx={ctx} />
        {entry ? <input type="hidden" name="version" value={values.version ?? String(entry.version)} /> : null}
        <TranslatableField
          ctx={ctx}
          name="name"
          label={t('help.field.name')}
          values={values}
          errors={errors}
          required
          maxLength={200}
        />
        <Select
          ctx={ctx}
          name="kind"
          label={t('help.field.kind')}
          values={values}
          errors={errors}
          options={HELP_KINDS.map((k) => ({ value: k, label: t(`help.kind.${k}`) }))}
        />
        <TranslatableField
          ctx={ctx}
          name="description"
          label={t('help.field.description')}
          values={values}
          errors={errors}
          multiline
          rows={3}
          maxLength={2000}
        />
        <Select
          ctx={ctx}
          name="region"
          label={t('help.field.region')}
          values={values}
          errors={errors}
          options={[
            { value: '', label: t('help.national') },
            ...regions.map((r) => ({ value: r.code, label: pickText(r.name, locale) })),
          ]}
        />
        <TranslatableField
          ctx={ctx}
          name="city"
          label={t('help.field.city')}
          values={values}
          errors={errors}
          maxLength={300}
        />
        <TranslatableField
          ctx={ctx}
          name="address"
          label={t('help.field.address')}
          values={values}
          errors={errors}
          maxLength={300}
        />
        <TranslatableField
          ctx={ctx}
          name="hours"
          label={t('help.field.hours')}
          values={values}
          errors={errors}
          maxLength={300}
        />
        <div class="row">
          <TextField
            ctx={ctx}
            name="phone"
            type="tel"
            label={t('help.field.phone')}
            hint={t('help.admin.phone_hint')}
            values={values}
            errors={errors}
            maxLength={300}
          />
          <TextField
            ctx={ctx}
            name="website"
            type="url"
            label={t('help.field.website')}
            values={values}
            errors={errors}
            maxLength={300}
          />
        </div>
        {group(
          'serves',
          t('help.field.serves'),
          SERVES.map((v) => ({ value: v, label: t(`help.serves.${v}`) })),
        )}
        {group(
          'needs',
          t('help.field.needs'),
          NEEDS.map((v) => ({ value: v, label: t(`help.need.${v}`) })),
        )}
        {group(
          'languages',
          t('help.field.languages'),
          LOCALES.map((v) => ({ value: v, label: t(`language.${v}`) })),
        )}
        <div class="row">
          <Select
            ctx={ctx}
            name="cost"
            label={t('help.field.cost')}
            values={values}
            errors={errors}
            options={COSTS.map((c) => ({ value: c, label: t(`help.cost.${c}`) }))}
          />
          <TextField
            ctx={ctx}
            name="verified_on"
            type="date"
            label={t('help.field.verified_on')}
            hint={t('help.admin.verified_hint')}
            values={values}
            errors={errors}
          />
          <TextField
            ctx={ctx}
            name="source"
            label={t('help.field.source')}
            hint={t('help.admin.source_hint')}
            values={values}
            errors={errors}
            maxLength={300}
          />
          <Select
            ctx={ctx}
            name="status"
            label={t('help.field.status')}
            values={values}
            errors={errors}
            options={(['published', 'hidden'] as const).map((s) => ({ value: s, label: t(`help.status.${s}`) }))}
          />
        </div>
        {errors.version ? <p class="error">{t(errors.version)}</p> : null}
        <button class="button" type="submit">
          {t('admin.save')}
        </button>
      </form>
    </Layout>
  );
}
