// Between a stored row and a HelpEntry: the parsed JSON columns, the stale flag, the folded search text.
import { parseJson, toJson } from '../db/portable.ts';
import { searchFold } from '../i18n/fold.ts';
import { LOCALES } from '../i18n/locales.ts';
import type { HelpEntryRow } from './help.repository.ts';
import { isStale, type HelpEntry, type HelpEntryInput, type Need } from './help.ts';
import { stemOf, type Concept } from './help.synonyms.ts';

export const today = () => new Date().toISOString().slice(0, 10);
const escapeLike = (v: string) => v.replace(/[\\%_]/g, (c) => '\\' + c);

/** LIKE patterns on the folded text for one concept: each of its words, allowing for endings. */
export function conceptPatterns(c: Concept): string[] {
  return c.terms.flatMap((term) => {
    const stems = term.map((w) => escapeLike(stemOf(w)));
    // A short word alone ("пана", "врач") must start a word, or it would match inside others.
    if (stems.length === 1 && stems[0].length <= 4) return [`${stems[0]}%`, `% ${stems[0]}%`, `%«${stems[0]}%`];
    return [`%${stems.join('% ')}%`];
  });
}

export function toEntry(r: HelpEntryRow, on = today()): HelpEntry {
  return {
    id: r.id,
    referenceKey: r.reference_key,
    kind: r.kind as HelpEntry['kind'],
    name: parseJson(r.name, {}),
    description: parseJson(r.description, {}),
    regionCode: r.region_code,
    city: parseJson(r.city, {}),
    address: parseJson(r.address, {}),
    hours: parseJson(r.hours, {}),
    phone: r.phone,
    website: r.website,
    languages: parseJson(r.languages, []),
    serves: parseJson(r.serves, []),
    needs: r.needs.split('|').filter(Boolean) as Need[],
    cost: r.cost as HelpEntry['cost'],
    verifiedOn: r.verified_on,
    source: r.source,
    status: r.status as HelpEntry['status'],
    version: r.version,
    updatedAt: r.updated_at,
    stale: isStale(r.verified_on, on),
  };
}

export function columns(input: HelpEntryInput) {
  const text = [
    ...LOCALES.flatMap((l) => [input.name[l], input.description[l], input.city[l], input.address[l]]),
    input.phone,
  ];
  return {
    kind: input.kind,
    name: toJson(input.name),
    description: toJson(input.description),
    region_code: input.regionCode,
    city: toJson(input.city),
    address: toJson(input.address),
    hours: toJson(input.hours),
    phone: input.phone,
    website: input.website,
    languages: toJson(input.languages),
    serves: toJson(input.serves),
    needs: `|${input.needs.join('|')}|`,
    cost: input.cost,
    verified_on: input.verifiedOn,
    source: input.source,
    status: input.status,
    search_text: searchFold(text.filter(Boolean).join(' \u0001 ')),
  };
}
