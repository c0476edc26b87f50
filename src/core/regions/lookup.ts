// A region as people write it in a spreadsheet: its code (KZ-75, kz75), or its name in Kazakh,
// Russian or English, any case, with or without "облысы"/"область"/"обл."/"region"/"oblast", and a
// few names still common in older files (Нур-Султан, ВКО, СКО, ЗКО). Almaty is both a city and a
// region: the bare name is the city; with a region word (or as "Алматинская") it is the region.
import { fold } from '../../i18n/fold.ts';
import type { Region } from './region.ts';

const REGION_WORDS = new Set(['область', 'обл', 'облысы', 'облыс', 'region', 'oblast', 'oblysy', 'province']);
const CITY_WORDS = new Set(['г', 'город', 'каласы', 'кала', 'city', 'qalasy']);
const NATIONAL = new Set(
  [
    'national',
    'nationwide',
    'kazakhstan',
    'all regions',
    'вся страна',
    'по всей стране',
    'все регионы',
    'республика',
    'республиканский',
    'рк',
    'казахстан',
    'бүкіл ел',
    'барлық өңірлер',
    'республикалық',
    'қазақстан',
  ].map(fold),
);
const ALIASES: Record<string, string> = {
  'нур-султан': 'KZ-71',
  'nur-sultan': 'KZ-71',
  жетысу: 'KZ-33',
  вко: 'KZ-63',
  ско: 'KZ-59',
  зко: 'KZ-27',
};

function words(text: string): string[] {
  return fold(text)
    .replace(/[.,;:()«»"'’`/\\-]/g, ' ')
    .split(' ')
    .filter(Boolean);
}

/** Returns the lookup: a code, null for "the whole country" (or an empty cell), undefined when unknown. */
export function regionLookup(regions: readonly Region[]): (text: string) => string | null | undefined {
  const cities = new Map<string, string>();
  const provinces = new Map<string, string>();
  const key = (ws: string[]) => ws.filter((w) => !REGION_WORDS.has(w) && !CITY_WORDS.has(w)).join(' ');
  for (const r of regions)
    for (const name of Object.values(r.name)) (r.kind === 'city' ? cities : provinces).set(key(words(name)), r.code);
  for (const [alias, code] of Object.entries(ALIASES)) provinces.set(key(words(alias)), code);
  const codes = new Map(regions.map((r) => [r.code.replace('-', '').toLowerCase(), r.code]));

  return (text) => {
    const raw = text.trim();
    if (!raw || /^[-—–]+$/.test(raw)) return null;
    const code = codes.get(raw.replace(/[\s-]/g, '').toLowerCase());
    if (code) return code;
    const ws = words(raw);
    if (NATIONAL.has(ws.join(' '))) return null;
    const k = key(ws);
    if (!k) return undefined;
    const saysRegion = ws.some((w) => REGION_WORDS.has(w));
    return saysRegion ? (provinces.get(k) ?? cities.get(k)) : (cities.get(k) ?? provinces.get(k));
  };
}
