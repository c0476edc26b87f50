// Checks a directory entry before it is stored. Returns field → message key; empty when valid.
import { LOCALES } from '../i18n/locales.ts';
import { COSTS, HELP_KINDS, NEEDS, SERVES, splitPhones, type HelpEntryInput } from './help.ts';

const PHONE_RE = /^\+?[0-9][0-9 ()\-]{1,38}$/;
const has = (list: readonly string[], v: string) => list.includes(v);

/**
 * `servesOptional`: imported lists rarely say whom a service helps; the card then leaves it out
 * rather than guess. Staff typing an entry choose at least one.
 */
export function validateEntry(
  input: HelpEntryInput,
  isRegion: (code: string) => boolean,
  today = new Date().toISOString().slice(0, 10),
  opts: { servesOptional?: boolean } = {},
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!LOCALES.some((l) => input.name[l]?.trim())) errors.name_kk = 'help.error.name_required';
  for (const l of LOCALES) {
    if ((input.name[l] ?? '').length > 200) errors[`name_${l}`] = 'form.error.too_long';
    if ((input.description[l] ?? '').length > 2000) errors[`description_${l}`] = 'form.error.too_long';
    for (const f of ['city', 'address', 'hours'] as const)
      if ((input[f][l] ?? '').length > 300) errors[`${f}_${l}`] = 'form.error.too_long';
  }
  if (!has(HELP_KINDS, input.kind)) errors.kind = 'form.error.choice';
  if (input.regionCode !== null && !isRegion(input.regionCode)) errors.region = 'form.error.choice';
  const phones = splitPhones(input.phone);
  if (phones.length > 10 || input.phone.length > 300 || !phones.every((p) => PHONE_RE.test(p)))
    errors.phone = 'help.error.phone';
  if (input.website) {
    let ok = false;
    try {
      const u = new URL(input.website);
      ok = (u.protocol === 'https:' || u.protocol === 'http:') && input.website.length <= 300;
    } catch {
      ok = false;
    }
    if (!ok) errors.website = 'form.error.url';
  }
  if (!input.phone && !input.website && !LOCALES.some((l) => input.address[l]?.trim()))
    errors.phone = 'help.error.contact_required';
  if ((!input.serves.length && !opts.servesOptional) || !input.serves.every((s) => has(SERVES, s)))
    errors.serves = 'help.error.pick_one';
  if (!input.needs.length || !input.needs.every((n) => has(NEEDS, n))) errors.needs = 'help.error.pick_one';
  if (!input.languages.every((l) => has(LOCALES, l))) errors.languages = 'form.error.choice';
  if (!has(COSTS, input.cost)) errors.cost = 'form.error.choice';
  if (input.source.length > 300) errors.source = 'form.error.too_long';
  if (
    input.verifiedOn !== null &&
    (!/^\d{4}-\d{2}-\d{2}$/.test(input.verifiedOn) ||
      Number.isNaN(Date.parse(input.verifiedOn)) ||
      input.verifiedOn > today)
  )
    errors.verified_on = 'help.error.verified_on';
  return errors;
}
