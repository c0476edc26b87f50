// Accessible form parts: labels, hints, inline errors tied with aria-describedby, and an error
// summary that links to each field. Values are always re-shown so nothing typed is lost.
import type { ComponentChildren } from 'preact';
import { LOCALES, type Locale } from '../../i18n/locales.ts';
import type { PageContext } from '../context.ts';

export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string>;

const LANG_NAMES: Record<Locale, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

export function ErrorSummary({
  ctx,
  errors,
  labels,
}: {
  ctx: PageContext;
  errors: FormErrors;
  labels: Record<string, string>;
}) {
  const entries = Object.entries(errors);
  if (!entries.length) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} id="error-summary">
      <h2>{ctx.t('form.errors.title', { count: entries.length })}</h2>
      <ul>
        {entries.map(([field, key]) => (
          <li>
            <a href={`#f-${field}`}>
              {labels[field] ? `${labels[field]}: ` : ''}
              {ctx.t(key)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  ctx: PageContext;
  name: string;
  label: string;
  values: FormValues;
  errors: FormErrors;
  hint?: string;
  required?: boolean;
  lang?: Locale;
  /** Shown but not editable (the value is still submitted with the form). */
  readOnly?: boolean;
}

function Wrap(p: FieldProps & { children: ComponentChildren }) {
  const err = p.errors[p.name];
  return (
    <div class={'field' + (err ? ' field--error' : '')}>
      <label for={`f-${p.name}`}>
        {p.label}
        {p.required ? <span class="req"> ({p.ctx.t('form.required')})</span> : null}
      </label>
      {p.hint ? (
        <p class="hint" id={`h-${p.name}`}>
          {p.hint}
        </p>
      ) : null}
      {err ? (
        <p class="error" id={`e-${p.name}`}>
          {p.ctx.t(err)}
        </p>
      ) : null}
      {p.children}
    </div>
  );
}

const described = (p: FieldProps) =>
  [p.hint ? `h-${p.name}` : '', p.errors[p.name] ? `e-${p.name}` : ''].filter(Boolean).join(' ') || undefined;

export function TextField(
  p: FieldProps & { type?: string; autocomplete?: string; maxLength?: number; inputMode?: string },
) {
  return (
    <Wrap {...p}>
      <input
        id={`f-${p.name}`}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.values[p.name] ?? ''}
        required={p.required}
        autocomplete={p.autocomplete}
        maxLength={p.maxLength}
        inputMode={p.inputMode as any}
        lang={p.lang}
        readOnly={p.readOnly}
        aria-invalid={p.errors[p.name] ? 'true' : undefined}
        aria-describedby={described(p)}
      />
    </Wrap>
  );
}

/** A file input; what was chosen cannot be kept when the form comes back with errors. */
export function FileField(p: Omit<FieldProps, 'values'> & { accept?: string; multiple?: boolean }) {
  return (
    <Wrap {...p} values={{}}>
      <input
        id={`f-${p.name}`}
        name={p.name}
        type="file"
        accept={p.accept}
        multiple={p.multiple}
        required={p.required}
        aria-invalid={p.errors[p.name] ? 'true' : undefined}
        aria-describedby={described(p as FieldProps)}
      />
    </Wrap>
  );
}

export function TextArea(p: FieldProps & { rows?: number; maxLength?: number }) {
  return (
    <Wrap {...p}>
      <textarea
        id={`f-${p.name}`}
        name={p.name}
        rows={p.rows ?? 4}
        required={p.required}
        maxLength={p.maxLength}
        lang={p.lang}
        readOnly={p.readOnly}
        aria-invalid={p.errors[p.name] ? 'true' : undefined}
        aria-describedby={described(p)}
      >
        {p.values[p.name] ?? ''}
      </textarea>
    </Wrap>
  );
}

export function Select(p: FieldProps & { options: Array<{ value: string; label: string }> }) {
  return (
    <Wrap {...p}>
      <select
        id={`f-${p.name}`}
        name={p.name}
        required={p.required}
        aria-invalid={p.errors[p.name] ? 'true' : undefined}
        aria-describedby={described(p)}
      >
        {p.options.map((o) => (
          <option value={o.value} selected={p.values[p.name] === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

export function Checkbox(p: Omit<FieldProps, 'required'>) {
  return (
    <div class="field field--checkbox">
      <input
        id={`f-${p.name}`}
        name={p.name}
        type="checkbox"
        checked={!!p.values[p.name]}
        aria-describedby={described(p as FieldProps)}
      />
      <label for={`f-${p.name}`}>{p.label}</label>
      {p.hint ? (
        <p class="hint" id={`h-${p.name}`}>
          {p.hint}
        </p>
      ) : null}
    </div>
  );
}

/** One field per language, grouped, each input marked with its language for screen readers and spellcheck. */
export function TranslatableField(
  p: Omit<FieldProps, 'name' | 'lang'> & { name: string; multiline?: boolean; rows?: number; maxLength?: number },
) {
  return (
    <fieldset class="translatable">
      <legend>
        {p.label}
        {p.required ? <span class="req"> ({p.ctx.t('form.required_one_language')})</span> : null}
      </legend>
      {p.hint ? <p class="hint">{p.hint}</p> : null}
      {LOCALES.map((l) =>
        p.multiline ? (
          <TextArea
            ctx={p.ctx}
            name={`${p.name}_${l}`}
            label={LANG_NAMES[l]}
            values={p.values}
            errors={p.errors}
            lang={l}
            rows={p.rows}
            maxLength={p.maxLength}
            readOnly={p.readOnly}
          />
        ) : (
          <TextField
            ctx={p.ctx}
            name={`${p.name}_${l}`}
            label={LANG_NAMES[l]}
            values={p.values}
            errors={p.errors}
            lang={l}
            maxLength={p.maxLength}
            readOnly={p.readOnly}
          />
        ),
      )}
    </fieldset>
  );
}

/** Said once at the top of a form with required fields: what the marker in their labels means. */
export const RequiredNote = ({ ctx }: { ctx: PageContext }) => (
  <p class="hint required-note">{ctx.t('form.required_note')}</p>
);

export const CsrfField = ({ ctx }: { ctx: PageContext }) => <input type="hidden" name="_csrf" value={ctx.csrf} />;
