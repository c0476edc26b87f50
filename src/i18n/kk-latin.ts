// Kazakh Cyrillic → Latin (the 2021 alphabet), for the kk-Latn interface. The letter table and its
// caveats live in kk-latin-2021.tsv (sources in its header); words the table gets wrong are fixed
// in kk-latin-overrides.tsv, each with the reviewer's reason. Only Cyrillic letters change: Latin
// text, digits, URLs, e-mail addresses and `code` are left exactly as they are.
import { readFileSync } from 'node:fs';

export interface LetterRow {
  cyrillic: string;
  latin: string;
  russianOnly: boolean;
}

/** Rows of a table file: tab-separated cyrillic, latin, note; '#' lines and the header skipped. */
export function parseTable(text: string): LetterRow[] {
  const rows: LetterRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [cyrillic, latin = '', note = ''] = line.split('\t');
    if (cyrillic === 'cyrillic') continue;
    if ([...cyrillic].length !== 1) throw new Error(`kk-latin table: "${cyrillic}" is not one letter`);
    rows.push({ cyrillic, latin, russianOnly: note.startsWith('russian-only') });
  }
  return rows;
}

export interface Override {
  /** Lower-case Cyrillic word, or stem when `stem` (the entry ended in '*'). */
  word: string;
  latin: string;
  stem: boolean;
}

/** Rows of the override file: word (or stem*), tab, Latin spelling, tab, why. */
export function parseOverrides(text: string): Override[] {
  const out: Override[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [raw, latin, why] = line.split('\t').map((s) => s?.trim());
    if (raw === 'word') continue;
    if (!raw || !latin || !why) throw new Error(`kk-latin overrides: "${line}" needs word, Latin and a reason`);
    const stem = raw.endsWith('*');
    out.push({ word: kkLower(stem ? raw.slice(0, -1) : raw), latin, stem });
  }
  return out;
}

/**
 * Russian-only letters as `ц=ts,ч=ch,ю=yu` (lower case; the capital is derived). The table's own
 * values are a convention, not the decree: deployments may prefer another (DAUYS_KK_LATIN_RUSSIAN).
 */
export function parseRussianLetters(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of spec.split(',').map((s) => s.trim())) {
    if (!pair) continue;
    const m = /^([цчщъьэюяёв])=([\p{Script=Latin}'’]*)$/u.exec(pair.toLowerCase());
    if (!m) throw new Error(`"${pair}" is not a Russian-only letter and its Latin spelling (e.g. ц=ts)`);
    out[m[1]] = m[2];
  }
  return out;
}

// Turkish-style casing for the two i's (the table's first caveat): İ/i from И, Й and I/ı from І.
// JavaScript's toUpperCase('i') gives 'I', and toLowerCase('İ') gives 'i̇': both wrong here.
export const latinUpper = (s: string): string => s.replace(/[iı]/g, (c) => (c === 'i' ? 'İ' : 'I')).toUpperCase();
const kkLower = (s: string): string => s.toLowerCase();

const TABLE_FILE = new URL('./kk-latin-2021.tsv', import.meta.url);
const OVERRIDES_FILE = new URL('./kk-latin-overrides.tsv', import.meta.url);

export interface KkLatin {
  /** Latin spelling of a Kazakh Cyrillic text. */
  transliterate(text: string): string;
  readonly letters: ReadonlyMap<string, string>;
}

/** A transliterator from a table, overrides and Russian-only letter choices (lower case, as parsed). */
export function createKkLatin(
  table: LetterRow[],
  overrides: Override[] = [],
  russian: Record<string, string> = {},
): KkLatin {
  const letters = new Map<string, string>();
  for (const r of table) letters.set(r.cyrillic, r.latin);
  for (const [lower, latin] of Object.entries(russian)) {
    letters.set(lower, latin);
    letters.set(lower.toUpperCase(), latin ? latinUpper(latin[0]) + latin.slice(1) : '');
  }
  const words = new Map<string, string>();
  const stems: Override[] = [];
  for (const o of overrides) o.stem ? stems.push(o) : words.set(o.word, o.latin);
  stems.sort((a, b) => b.word.length - a.word.length); // the longest stem wins

  const isUpper = (c: string | undefined) => !!c && c !== c.toLowerCase() && c === c.toUpperCase();
  const isLetter = (c: string | undefined) => !!c && c.toLowerCase() !== c.toUpperCase();

  /** Letter by letter. A capital whose Latin has two letters (Ю → İu) is all capitals in a capital word. */
  const letterByLetter = (word: string): string => {
    let out = '';
    for (let i = 0; i < word.length; i++) {
      const c = word[i];
      const latin = letters.get(c);
      if (latin === undefined) {
        out += c;
        continue;
      }
      if (latin.length > 1 && isUpper(c)) {
        const next = isLetter(word[i + 1]) ? word[i + 1] : undefined;
        const prev = isLetter(word[i - 1]) ? word[i - 1] : undefined;
        out += (next ? isUpper(next) : isUpper(prev)) ? latinUpper(latin) : latin;
      } else out += latin;
    }
    return out;
  };

  /** An override spelled in the case the word was written in (mixed-case brands stay as given). */
  const cased = (source: string, latin: string): string => {
    const letterCount = [...source].filter(isLetter).length;
    if (letterCount > 1 && source === source.toUpperCase()) return latinUpper(latin);
    if (latin !== kkLowerLatin(latin)) return latin; // "YouTube": the brand's own casing
    return isUpper(source[0]) ? latinUpper(latin[0]) + latin.slice(1) : latin;
  };

  const word = (w: string): string => {
    if (!words.size && !stems.length) return letterByLetter(w);
    const lower = kkLower(w);
    const whole = words.get(lower);
    if (whole !== undefined) return cased(w, whole);
    for (const s of stems)
      if (lower.startsWith(s.word)) {
        const head = w.slice(0, s.word.length);
        const rest = letterByLetter(w.slice(s.word.length));
        return cased(head, s.latin) + (head === head.toUpperCase() && rest ? latinUpper(rest) : rest);
      }
    return letterByLetter(w);
  };

  // Words repeat from text to text (and texts from page to page): both are remembered, within bounds.
  const wordMemo = new Map<string, string>();
  const memoWord = (w: string): string => {
    let l = wordMemo.get(w);
    if (l === undefined) {
      if (wordMemo.size >= 50_000) wordMemo.clear();
      wordMemo.set(w, (l = word(w)));
    }
    return l;
  };
  const convert = (text: string): string => {
    let out = '';
    let last = 0;
    if (text.includes('`') || text.includes(':') || text.includes('@') || text.includes('www.'))
      for (const m of text.matchAll(KEEP)) {
        out += text.slice(last, m.index).replace(CYRILLIC_WORD, memoWord);
        out += m[0];
        last = m.index + m[0].length;
      }
    return out + text.slice(last).replace(CYRILLIC_WORD, memoWord);
  };
  const textMemo = new Map<string, string>();
  const transliterate = (text: string): string => {
    if (!CYRILLIC.test(text)) return text;
    if (text.length > 4000) return convert(text);
    let l = textMemo.get(text);
    if (l === undefined) {
      if (textMemo.size >= 5_000) textMemo.clear();
      textMemo.set(text, (l = convert(text)));
    }
    return l;
  };
  return { transliterate, letters };
}

const kkLowerLatin = (s: string) => s.replace(/[İI]/g, (c) => (c === 'İ' ? 'i' : 'ı')).toLowerCase();

const CYRILLIC = /[\u0400-\u04ff]/;
// A word: letters (and combining marks) around at least one Cyrillic letter.
const CYRILLIC_WORD = /[\p{L}\p{M}]*[\u0400-\u04ff][\p{L}\p{M}]*/gu;
// Kept verbatim: links, e-mail addresses, inline and fenced code.
const KEEP =
  /```[\s\S]*?```|`[^`\n]*`|\b(?:https?|ftp|mailto):[^\s<>"'«»)\]]+|\bwww\.[^\s<>"'«»)\]]+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/giu;

let current: KkLatin | null = null;
let russianSpec = '';

/** Sets the Russian-only letters (the DAUYS_KK_LATIN_RUSSIAN value) before the first page is drawn. */
export function configureKkLatin(spec: string): void {
  russianSpec = spec;
  current = null;
}

/** The site's transliterator: the shipped table and overrides, read once. */
export function kkLatin(): KkLatin {
  if (!current)
    current = createKkLatin(
      parseTable(readFileSync(TABLE_FILE, 'utf8')),
      parseOverrides(readFileSync(OVERRIDES_FILE, 'utf8')),
      parseRussianLetters(russianSpec),
    );
  return current;
}

export const toKkLatin = (text: string): string => kkLatin().transliterate(text);
