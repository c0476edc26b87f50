// Between the staff form's flat fields and a HelpEntryInput.
import type { Form } from '../http/forms.ts';
import { LOCALES, type Translatable } from '../i18n/locales.ts';
import { COSTS, HELP_KINDS, NEEDS, SERVES, type HelpEntry, type HelpEntryInput } from './help.ts';

const TEXTS = ['name', 'description', 'city', 'address', 'hours'] as const;

const translatable = (form: Form, name: string): Translatable => {
  const out: Translatable = {};
  for (const l of LOCALES) {
    const v = (form[`${name}_${l}`] ?? '').trim();
    if (v) out[l] = v;
  }
  return out;
};

export function formToEntry(form: Form): HelpEntryInput {
  const pick = <T extends string>(list: readonly T[], prefix: string) => list.filter((v) => !!form[`${prefix}_${v}`]);
  const kind = (HELP_KINDS as readonly string[]).includes(form.kind) ? form.kind : '';
  const cost = (COSTS as readonly string[]).includes(form.cost) ? form.cost : '';
  return {
    kind: kind as HelpEntryInput['kind'],
    name: translatable(form, 'name'),
    description: translatable(form, 'description'),
    city: translatable(form, 'city'),
    address: translatable(form, 'address'),
    hours: translatable(form, 'hours'),
    regionCode: form.region ? form.region : null,
    phone: (form.phone ?? '').trim(),
    website: (form.website ?? '').trim(),
    languages: pick(LOCALES, 'lang'),
    serves: pick(SERVES, 'serves'),
    needs: pick(NEEDS, 'needs'),
    cost: cost as HelpEntryInput['cost'],
    verifiedOn: (form.verified_on ?? '').trim() || null,
    source: (form.source ?? '').trim(),
    status: form.status === 'hidden' ? 'hidden' : 'published',
  };
}

export function entryToForm(s: HelpEntry): Form {
  const form: Form = {
    kind: s.kind,
    region: s.regionCode ?? '',
    phone: s.phone,
    website: s.website,
    cost: s.cost,
    verified_on: s.verifiedOn ?? '',
    source: s.source,
    status: s.status,
    version: String(s.version),
  };
  for (const f of TEXTS) for (const l of LOCALES) form[`${f}_${l}`] = s[f][l] ?? '';
  for (const l of s.languages) form[`lang_${l}`] = 'on';
  for (const v of s.serves) form[`serves_${v}`] = 'on';
  for (const n of s.needs) form[`needs_${n}`] = 'on';
  return form;
}
