// Help services from CSV files as organisations really keep them: Excel's UTF-8 with a BOM or
// Windows-1251, `;` (Excel in a Russian locale) or `,` between fields, CRLF, quoted fields with line
// breaks, several phones in one cell, headers in Kazakh, Russian or English, regions by name or code.
// Each line becomes an entry or a reject with its line number and reasons (message keys); nothing
// is guessed silently: a need, a date or a region that cannot be read rejects the line.
import { parse } from 'csv-parse/sync';
import { fold } from '../i18n/fold.ts';
import { LOCALES, type Locale, type Translatable } from '../i18n/locales.ts';
import { detectEncoding, isSpreadsheet } from '../http/uploaded-text.ts';
import { HELP_KINDS, splitPhones, type HelpEntryInput, type HelpKind, type Need, type Serves } from './help.ts';
import { allConcepts, parseQuery } from './help.synonyms.ts';
import { validateEntry } from './help.validation.ts';

export const MAX_ROWS = 5000;

export interface Reject {
  line: number;
  /** Field → message key; `values` fill the message's placeholders. */
  fields: Record<string, string>;
  values?: Record<string, string | number>;
}

export interface ParsedHelpCsv {
  rows: Array<{ line: number; input: HelpEntryInput }>;
  rejects: Reject[];
  /** A problem with the whole file (message key): nothing in it is used. */
  fileError: string | null;
  /** Message keys worth telling but not refusing for (e.g. letters lost to Windows-1251). */
  warnings: string[];
}

type Field =
  | 'name'
  | 'description'
  | 'city'
  | 'address'
  | 'hours'
  | 'kind'
  | 'region'
  | 'phone'
  | 'website'
  | 'languages'
  | 'needs'
  | 'serves'
  | 'cost'
  | 'source'
  | 'verified_on';
const TRANSLATABLE = new Set<Field>(['name', 'description', 'city', 'address', 'hours']);

// Header words (folded, "_" and punctuation as spaces) → the field they name.
const HEADER_WORDS: Record<Field, string[]> = {
  name: [
    'name',
    'title',
    'organisation',
    'organization',
    'название',
    'наименование',
    'организация',
    'атауы',
    'атау',
    'ұйым',
    'ұйымның атауы',
  ],
  description: ['description', 'about', 'описание', 'сипаттама'],
  kind: ['kind', 'type', 'тип', 'вид', 'түрі', 'түр'],
  region: ['region', 'регион', 'область', 'облыс', 'өңір'],
  city: ['city', 'town', 'город', 'населенный пункт', 'қала', 'елді мекен'],
  address: ['address', 'адрес', 'мекенжай'],
  phone: ['phone', 'phones', 'telephone', 'tel', 'телефон', 'телефоны', 'тел', 'байланыс телефоны'],
  hours: [
    'hours',
    'opening hours',
    'working hours',
    'часы работы',
    'режим работы',
    'график работы',
    'время работы',
    'жұмыс уақыты',
    'жұмыс кестесі',
    'жұмыс тәртібі',
  ],
  languages: ['languages', 'language', 'языки', 'язык', 'тілдер', 'тіл', 'тілі'],
  needs: [
    'needs',
    'services',
    'help',
    'categories',
    'category',
    'услуги',
    'помощь',
    'виды помощи',
    'категории',
    'категория',
    'қызметтер',
    'көмек',
    'көмек түрлері',
    'санаттар',
    'санаты',
  ],
  serves: ['serves', 'for whom', 'who', 'кому', 'для кого', 'кому помогают', 'кімге', 'кімге көмектеседі'],
  cost: ['cost', 'price', 'стоимость', 'цена', 'оплата', 'бағасы', 'ақысы'],
  website: ['website', 'site', 'web', 'url', 'сайт', 'веб сайт'],
  source: ['source', 'источник', 'дереккөз', 'ақпарат көзі'],
  verified_on: [
    'verified',
    'verified on',
    'date verified',
    'last verified',
    'проверено',
    'дата проверки',
    'дата последней проверки',
    'тексерілді',
    'тексерілген күні',
    'тексеру күні',
  ],
};
const LANGUAGE_WORDS: Record<Locale, string[]> = {
  kk: ['kk', 'kz', 'kaz', 'kazakh', 'каз', 'казахский', 'казахском', 'қаз', 'қазақ', 'қазақша', 'қазақ тілі'],
  ru: ['ru', 'rus', 'russian', 'рус', 'русский', 'русском', 'орыс', 'орысша', 'орыс тілі'],
  en: ['en', 'eng', 'english', 'англ', 'английский', 'английском', 'ағылшын', 'ағылшынша', 'ағылшын тілі'],
};

const bareWords = (text: string) =>
  fold(text)
    .replace(/[_.,;:()«»"'`/\\\-[\]]/g, ' ')
    .split(' ')
    .filter(Boolean);
const byWords = <T extends string>(table: Record<T, string[]>) => {
  const m = new Map<string, T>();
  for (const [k, list] of Object.entries(table) as Array<[T, string[]]>)
    for (const w of list) m.set(bareWords(w).join(' '), k);
  return m;
};
const FIELD_OF = byWords(HEADER_WORDS);
const LANGUAGE_OF = byWords(LANGUAGE_WORDS);

/** A header cell → its field and language ("name_ru", "Название (рус.)", "Атауы қаз", "Name"). */
export function headerOf(cell: string): { field: Field; locale: Locale | null } | null {
  const ws = bareWords(cell);
  for (let cut = ws.length - 1; cut >= 1; cut--) {
    const locale = LANGUAGE_OF.get(ws.slice(cut).join(' '));
    const field = FIELD_OF.get(ws.slice(0, cut).join(' '));
    if (locale && field) return { field, locale };
  }
  const field = FIELD_OF.get(ws.join(' '));
  return field ? { field, locale: null } : null;
}

/** The language a text is written in, for a column that does not say: Kazakh letters, Cyrillic, Latin. */
const languageOfText = (text: string): Locale =>
  /[әғқңөұүһі]/i.test(text) ? 'kk' : /[а-яё]/i.test(text) ? 'ru' : 'en';

const splitList = (cell: string) =>
  cell
    .split(/\s*(?:[,;/|+\n]|\s(?:и|and|және|мен)\s)\s*/i)
    .map((s) => s.trim())
    .filter(Boolean);

/** One item of a needs cell → needs; "юридическая" alone means "юридическая помощь". */
function needsOf(item: string): Need[] | null {
  const folded = bareWords(item).join(' ');
  const id = folded.replace(/ /g, '_');
  if ((['legal', 'psychological', 'medical', 'shelter', 'heard'] as string[]).includes(id)) return [id as Need];
  const parts = parseQuery(item);
  const found = parts.flatMap((p) => ('concept' in p ? p.concept.needs : []));
  if (found.length && parts.every((p) => 'concept' in p)) return found;
  const first = bareWords(item)[0] ?? '';
  for (const c of allConcepts())
    if (c.needs.length && c.terms.some((t) => t.length > 1 && first.length >= 4 && t[0].startsWith(first.slice(0, -2))))
      return [...c.needs];
  return null;
}

const KIND_BY_NEED: Record<Need, HelpKind> = {
  heard: 'hotline',
  shelter: 'shelter',
  legal: 'legal',
  psychological: 'psychological',
  medical: 'medical',
};

function kindOf(cell: string): HelpKind | null {
  const id = bareWords(cell).join('_');
  if ((HELP_KINDS as readonly string[]).includes(id)) return id as HelpKind;
  if (id === 'crisis_center') return 'crisis_centre';
  if (/кризис|crisis|дагдарыс/.test(fold(cell))) return 'crisis_centre';
  const concept = parseQuery(cell).find((p) => 'concept' in p);
  return concept && 'concept' in concept ? (concept.concept.kinds[0] ?? null) : null;
}

const SERVES_WORDS: Record<Serves | 'all', string[]> = {
  women: ['women', 'woman', 'женщины', 'женщинам', 'әйелдер', 'әйелдерге'],
  children: ['children', 'child', 'teenagers', 'дети', 'детям', 'подростки', 'балалар', 'балаларға', 'жасөспірімдер'],
  men: ['men', 'man', 'мужчины', 'мужчинам', 'ерлер', 'ерлерге'],
  all: ['all', 'everyone', 'все', 'всем', 'барлығы', 'барлығына'],
};
const SERVES_OF = byWords(SERVES_WORDS);

const COST_OF = byWords({
  free: ['free', 'free of charge', 'бесплатно', 'бесплатная', 'бесплатный', 'тегін'],
  mixed: ['mixed', 'partly free', 'частично бесплатно', 'частично', 'ішінара тегін', 'ішінара'],
  paid: ['paid', 'платно', 'платная', 'платный', 'ақылы'],
});

/** "2025-03-01", "01.03.2025", "1/3/2025", "01.03.25" → "2025-03-01"; null when it is not a real day. */
export function readDate(cell: string): string | null {
  const t = cell.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})$/.exec(t)))
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3].length === 2 ? '20' + match[3] : match[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** The uploaded bytes as text, or the reason they cannot be read (a message key). */
export function decodeHelpCsv(bytes: Buffer): { text: string; warnings: string[] } | { error: string } {
  if (isSpreadsheet(bytes)) return { error: 'help.import.error.spreadsheet' };
  const encoding = detectEncoding(bytes, true);
  const text = new TextDecoder(encoding).decode(bytes);
  if (/\u0000/.test(text)) return { error: 'help.import.error.encoding' };
  // Windows-1251 has no ә, ғ, қ, ң, ө, ұ, ү, һ: Excel writes "?" in their place.
  const warnings =
    encoding === 'windows-1251' && /[а-яё]\?|\?[а-яё]/i.test(text) ? ['help.import.warning.lost_letters'] : [];
  return { text, warnings };
}

const separatorOf = (line: string) => {
  const bare = line.replace(/"[^"]*"/g, '');
  const counts = ([';', ',', '\t'] as const).map((s) => [s, bare.split(s).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
};

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export interface CsvOptions {
  /** Region code (or null for national) from a name or code; undefined when unknown. */
  region: (text: string) => string | null | undefined;
  isRegion: (code: string) => boolean;
  /** Used for lines whose own "source" cell is empty. */
  source?: string;
  today: string;
}

export function parseHelpCsv(text: string, opts: CsvOptions): ParsedHelpCsv {
  const out: ParsedHelpCsv = { rows: [], rejects: [], fileError: null, warnings: [] };
  const clean = text.replace(/^\uFEFF/, '');
  const lines = clean.split(/\r\n|\n|\r/);
  // Lines before the header starting with "#" are notes (the example file says it is fictitious there).
  let skip = 0;
  while (skip < lines.length && (lines[skip].trim() === '' || lines[skip].trimStart().startsWith('#'))) skip++;
  if (skip >= lines.length) return { ...out, fileError: 'help.import.error.empty' };
  let records: Array<{ record: string[]; info: { lines: number; raw?: string } }>;
  try {
    records = parse(clean, {
      delimiter: separatorOf(lines[skip]),
      from_line: skip + 1,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 20_000,
      info: true,
      raw: true,
    }) as typeof records;
  } catch (err) {
    const line = Number((err as { lines?: number }).lines ?? 0);
    return {
      ...out,
      fileError: 'help.import.error.csv',
      rejects: line ? [{ line, fields: { file: 'help.import.error.csv' } }] : [],
    };
  }
  if (!records.length) return { ...out, fileError: 'help.import.error.empty' };
  const header = records[0].record.map(headerOf);
  if (!header.some((h) => h?.field === 'name')) return { ...out, fileError: 'help.import.error.header' };
  if (records.length - 1 > MAX_ROWS) return { ...out, fileError: 'help.import.error.too_many' };

  for (const { record, info } of records.slice(1)) {
    // csv-parse counts the line a record ends on; a quoted cell may span several.
    const line = info.lines - ((info.raw ?? '').replace(/(\r\n|\n|\r)$/, '').match(/\r\n|\n|\r/g)?.length ?? 0);
    if (record.every((c) => !c.trim())) continue;
    const reject = (fields: Record<string, string>, values?: Reject['values']) =>
      void out.rejects.push({ line, fields, ...(values ? { values } : {}) });
    if (record.some((c) => CONTROL.test(c))) {
      reject({ file: 'form.error.control_chars' });
      continue;
    }
    const texts: Record<string, Translatable> = { name: {}, description: {}, city: {}, address: {}, hours: {} };
    const cells: Partial<Record<Field, string>> = {};
    header.forEach((h, i) => {
      const value = (record[i] ?? '').trim();
      if (!h || !value) return;
      if (TRANSLATABLE.has(h.field)) {
        const locale = h.locale ?? languageOfText(value);
        // A column naming its language wins over one guessed from the text.
        if (h.locale || !texts[h.field][locale]) texts[h.field][locale] = value.replace(/\s+/g, ' ');
      } else if (!cells[h.field]) cells[h.field] = value;
    });
    const errors: Record<string, string> = {};
    const values: Record<string, string | number> = {};

    const regionCell = cells.region ?? '';
    const regionCode = opts.region(regionCell);
    if (regionCode === undefined) {
      errors.region = 'help.import.error.region';
      values.region = regionCell;
    }

    let needs: Need[] = [];
    for (const item of splitList(cells.needs ?? '')) {
      const found = needsOf(item);
      if (!found) {
        errors.needs = 'help.import.error.need';
        values.need = item;
        break;
      }
      needs.push(...found);
    }
    let kind: HelpKind | null = null;
    if (cells.kind) {
      kind = kindOf(cells.kind);
      if (!kind) {
        errors.kind = 'help.import.error.kind';
        values.kind = cells.kind;
      }
    }
    if (!needs.length && kind)
      needs = kind === 'crisis_centre' ? ['shelter'] : [kind === 'hotline' ? 'heard' : (kind as Need)];
    if (!kind && needs.length) kind = KIND_BY_NEED[needs[0]];
    if (!needs.length && !errors.needs && !errors.kind) errors.needs = 'help.import.error.needs_missing';

    const verified = cells.verified_on ?? '';
    const verifiedOn = verified ? readDate(verified) : null;
    if (!verified) errors.verified_on = 'help.import.error.verified_missing';
    else if (!verifiedOn) errors.verified_on = 'help.error.verified_on';

    const source = (cells.source ?? opts.source ?? '').trim();
    if (!source) errors.source = 'help.import.error.source';

    const serves = new Set<Serves>();
    for (const item of splitList(cells.serves ?? '')) {
      const s = SERVES_OF.get(bareWords(item).join(' '));
      if (s === 'all') ['women', 'children', 'men'].forEach((x) => serves.add(x as Serves));
      else if (s) serves.add(s);
    }
    const languages = new Set<Locale>();
    for (const item of splitList(cells.languages ?? '')) {
      const l = LANGUAGE_OF.get(bareWords(item).join(' '));
      if (l) languages.add(l);
    }
    let website = cells.website ?? '';
    if (website && !/^https?:\/\//i.test(website) && /^[\w.-]+\.[a-zа-я]{2,}(\/\S*)?$/i.test(website))
      website = `https://${website}`;

    const input: HelpEntryInput = {
      kind: kind ?? 'hotline',
      name: texts.name,
      description: texts.description,
      city: texts.city,
      address: texts.address,
      hours: texts.hours,
      regionCode: regionCode ?? null,
      phone: splitPhones((cells.phone ?? '').replace(/\s+/g, ' ')).join(', '),
      website,
      languages: LOCALES.filter((l) => languages.has(l)),
      serves: (['women', 'children', 'men'] as const).filter((s) => serves.has(s)),
      needs: [...new Set(needs)],
      cost: COST_OF.get(bareWords(cells.cost ?? '').join(' ')) ?? 'unknown',
      verifiedOn,
      source,
      status: 'published',
    };
    for (const [field, key] of Object.entries(
      validateEntry(input, opts.isRegion, opts.today, { servesOptional: true }),
    )) {
      const f = field.replace(/_(kk|ru|en)$/, '');
      errors[f] ??= key;
    }
    if (Object.keys(errors).length) reject(errors, Object.keys(values).length ? values : undefined);
    else out.rows.push({ line, input });
  }
  return out;
}

/**
 * Who an imported entry is: its source, its region and any of its names (folded). Re-importing a
 * source's list finds its rows again even when a translation of the name was added since; the same
 * name in two regions is two branches, and two sources listing one centre do not overwrite each other.
 */
export function identityKeys(e: Pick<HelpEntryInput, 'source' | 'regionCode' | 'name'>): string[] {
  const head = `${fold(e.source)}\u0001${e.regionCode ?? 'national'}\u0001`;
  return [
    ...new Set(
      LOCALES.map((l) => e.name[l])
        .filter(Boolean)
        .map((n) => head + bareWords(n!).join(' ')),
    ),
  ];
}
