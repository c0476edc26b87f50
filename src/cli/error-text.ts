// What the command line prints when a command fails: an English sentence that says what to do, never
// an error code or a message key (those are for the web's error pages and the logs).
import { ReferenceDataError } from '../core/errors.ts';
import { AppError, ValidationError } from '../core/errors.ts';
import type { I18n } from '../i18n/translator.ts';

/** Field problems as "name: message" sentences; `names` gives the option a field came from (email → --email). */
export function fieldProblems(i18n: I18n, fields: Record<string, string>, names: Record<string, string> = {}): string {
  return Object.entries(fields)
    .map(([field, key]) => `${names[field] ?? field}: ${i18n.t('en', key)}`)
    .join(' ');
}

export function errorText(err: unknown, i18n: I18n): string {
  if (err instanceof ValidationError) return fieldProblems(i18n, err.fields);
  if (err instanceof AppError) return i18n.t('en', err.messageKey, err.values);
  if (err instanceof ReferenceDataError)
    return `${err.record} in data/reference/ is invalid. ${fieldProblems(i18n, err.fields)}`;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT' && e.path) return `There is no file at ${e.path}: check the path.`;
  if (e?.code === 'EACCES' && e.path) return `${e.path} cannot be read or written with this user's permissions.`;
  return e?.message ?? String(err);
}
