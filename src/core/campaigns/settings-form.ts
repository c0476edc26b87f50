// Turns a component's FieldSpec list into form values and back, then validates with its zod schema.
import { LOCALES } from '../../i18n/locales.ts';
import type { ComponentManifest, FieldSpec, SettingsLock } from './registry.ts';

export type FormBody = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const isTranslatable = (f: FieldSpec) => f.kind === 'translatable-text' || f.kind === 'translatable-textarea';

export function settingsFromForm(fields: FieldSpec[], body: FormBody): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (isTranslatable(f)) {
      const value: Record<string, string> = {};
      for (const l of LOCALES) {
        const v = one(body[`${f.name}_${l}`]).trim();
        if (v) value[l] = v;
      }
      out[f.name] = value;
    } else if (f.kind === 'number') {
      const v = one(body[f.name]).trim();
      out[f.name] = v === '' ? undefined : Number(v.replace(/[\s\u00a0,]/g, ''));
    } else if (f.kind === 'checkbox') {
      out[f.name] = one(body[f.name]) !== '';
    } else {
      const v = one(body[f.name]).trim();
      out[f.name] = v === '' ? undefined : v;
    }
  }
  return out;
}

/** Flat form values (name → string) for re-showing a settings form. */
export function settingsToForm(fields: FieldSpec[], settings: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = settings[f.name];
    if (isTranslatable(f))
      for (const l of LOCALES) out[`${f.name}_${l}`] = String((v as Record<string, string> | undefined)?.[l] ?? '');
    else if (f.kind === 'checkbox') out[f.name] = v ? 'on' : '';
    else out[f.name] = v === undefined || v === null ? '' : String(v);
  }
  return out;
}

/** Validates settings with the manifest's schema; errors keyed by form field name. */
export function validateSettings(
  manifest: ComponentManifest<any>,
  raw: Record<string, unknown>,
): { ok: true; value: Record<string, unknown> } | { ok: false; fields: Record<string, string> } {
  const parsed = manifest.settings.schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const [name, sub] = issue.path.map(String);
    const spec = manifest.settings.fields.find((f) => f.name === name);
    const key =
      spec && isTranslatable(spec)
        ? `${name}_${sub && (LOCALES as readonly string[]).includes(sub) ? sub : 'kk'}`
        : name;
    fields[key] ??=
      issue.code === 'too_big'
        ? 'form.error.too_long'
        : issue.code === 'invalid_type' && raw[name] === undefined
          ? 'form.error.required'
          : 'form.error.invalid';
  }
  return { ok: false, fields };
}

/** Errors, keyed by form field, for each locked setting the new values would change; null when none. */
export function lockedChanges(
  manifest: ComponentManifest<any>,
  lock: SettingsLock | null | undefined,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, string> | null {
  const fields: Record<string, string> = {};
  for (const name of lock?.fields ?? []) {
    const spec = manifest.settings.fields.find((f) => f.name === name);
    if (spec && isTranslatable(spec)) {
      const [a, b] = [before[name], after[name]].map((v) => (v ?? {}) as Record<string, string>);
      for (const l of LOCALES) if ((a[l] ?? '') !== (b[l] ?? '')) fields[`${name}_${l}`] = lock!.reasonKey;
    } else if (JSON.stringify(before[name] ?? null) !== JSON.stringify(after[name] ?? null))
      fields[name] = lock!.reasonKey;
  }
  return Object.keys(fields).length ? fields : null;
}
