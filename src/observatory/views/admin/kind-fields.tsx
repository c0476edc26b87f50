// The fields of the staff record form that only one kind of record has.
import type { PageContext } from '../../../ui/context.ts';
import {
  Select,
  TextArea,
  TextField,
  TranslatableField,
  type FormErrors,
  type FormValues,
} from '../../../ui/widgets/forms.tsx';
import { PERMIT_STATUSES, type Kind } from '../../observatory.model.ts';

interface FieldsProps {
  ctx: PageContext;
  values: FormValues;
  errors: FormErrors;
  labels: Record<string, string>;
}

/** Charges and sentences. */
function CaseFields({ ctx, values, errors, labels }: FieldsProps) {
  const { t } = ctx;
  return (
    <>
      <TextArea
        ctx={ctx}
        name="charges"
        label={labels.charges}
        hint={t('observatory.admin.charges_hint')}
        values={values}
        errors={errors}
        rows={3}
      />
      <TextArea
        ctx={ctx}
        name="sentences"
        label={labels.sentences}
        hint={t('observatory.admin.sentences_hint')}
        values={values}
        errors={errors}
        rows={3}
      />
    </>
  );
}

/** The articles a law changes. */
function LawFields({ ctx, values, errors, labels }: FieldsProps) {
  const { t } = ctx;
  return (
    <TextArea
      ctx={ctx}
      name="articles"
      label={labels.articles}
      hint={t('observatory.admin.articles_hint')}
      values={values}
      errors={errors}
      rows={3}
    />
  );
}

/** Organiser, permit, participants and figures. */
function EventFields({ ctx, values, errors, labels }: FieldsProps) {
  const { t } = ctx;
  return (
    <>
      <TranslatableField
        ctx={ctx}
        name="organiser"
        label={t('observatory.field.organiser')}
        hint={t('observatory.admin.organiser_hint')}
        values={values}
        errors={errors}
        maxLength={200}
      />
      <fieldset class="translatable">
        <legend>{t('observatory.event.permit')}</legend>
        <div class="row">
          <Select
            ctx={ctx}
            name="permit_status"
            label={labels.permit_status}
            values={values}
            errors={errors}
            options={[
              { value: '', label: t('observatory.admin.permit_none') },
              ...PERMIT_STATUSES.map((s) => ({ value: s, label: t(`observatory.permit.${s}`) })),
            ]}
          />
          <TextField
            ctx={ctx}
            name="permit_decided_on"
            label={labels.permit_decided_on}
            hint={t('admin.campaign.date_hint')}
            values={values}
            errors={errors}
            maxLength={10}
          />
        </div>
        <TranslatableField
          ctx={ctx}
          name="permit_reason"
          label={t('observatory.field.permit_reason')}
          hint={t('observatory.admin.reason_hint')}
          values={values}
          errors={errors}
          maxLength={400}
        />
      </fieldset>
      <div class="row">
        <TextField
          ctx={ctx}
          name="participants_min"
          label={labels.participants_min}
          values={values}
          errors={errors}
          inputMode="numeric"
          maxLength={15}
        />
        <TextField
          ctx={ctx}
          name="participants_max"
          label={labels.participants_max}
          values={values}
          errors={errors}
          inputMode="numeric"
          maxLength={15}
        />
      </div>
      <TextArea
        ctx={ctx}
        name="figures"
        label={labels.figures}
        hint={t('observatory.admin.figures_hint')}
        values={values}
        errors={errors}
        rows={2}
      />
    </>
  );
}

/** Other names and a website. */
function OrganisationFields({ ctx, values, errors, labels }: FieldsProps) {
  const { t } = ctx;
  return (
    <>
      <TextArea
        ctx={ctx}
        name="aliases"
        label={labels.aliases}
        hint={t('observatory.admin.lines_hint')}
        values={values}
        errors={errors}
        rows={3}
      />
      <TextField
        ctx={ctx}
        name="website"
        label={labels.website}
        type="url"
        values={values}
        errors={errors}
        maxLength={300}
      />
    </>
  );
}

/** Reference, language, publisher, address and authors. */
function SourceFields({ ctx, values, errors, labels }: FieldsProps) {
  const { t } = ctx;
  return (
    <>
      <div class="row">
        <TextField
          ctx={ctx}
          name="ref"
          label={labels.ref}
          hint={t('observatory.admin.ref_hint')}
          values={values}
          errors={errors}
          maxLength={20}
        />
        <TextField
          ctx={ctx}
          name="language"
          label={labels.language}
          hint={t('observatory.admin.language_hint')}
          values={values}
          errors={errors}
          maxLength={3}
        />
      </div>
      <TextField ctx={ctx} name="publisher" label={labels.publisher} values={values} errors={errors} maxLength={200} />
      <TextField ctx={ctx} name="url" label={labels.url} type="url" values={values} errors={errors} maxLength={500} />
      <TextArea
        ctx={ctx}
        name="authors"
        label={labels.authors}
        hint={t('observatory.admin.lines_hint')}
        values={values}
        errors={errors}
        rows={2}
      />
    </>
  );
}

const BY_KIND: Record<Kind, (p: FieldsProps) => preact.JSX.Element> = {
  case: CaseFields,
  law: LawFields,
  event: EventFields,
  organisation: OrganisationFields,
  source: SourceFields,
};

export function KindFields({ kind, ...p }: FieldsProps & { kind: Kind }) {
  const Fields = BY_KIND[kind];
  return <Fields {...p} />;
}
