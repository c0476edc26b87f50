// The redaction helper: finds what could identify someone in a draft of a public story — names,
// phone numbers, IIN-like 12-digit numbers, emails and addresses — so a moderator can replace them.
// Pure; runs in the browser (and in unit tests). It highlights; a person decides.

export type FindingKind = 'email' | 'phone' | 'iin' | 'address' | 'name';
export interface Finding {
  kind: FindingKind;
  start: number;
  end: number;
  text: string;
}

const PATTERNS: Array<[FindingKind, RegExp]> = [
  ['email', /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu],
  ['iin', /(?<!\d)\d{12}(?!\d)/g],
  ['phone', /(?<![\d\p{L}])(?:\+?7|8)[\s\-(]*\d{3}[\s\-)]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?!\d)/gu],
  ['phone', /(?<![\d\p{L}])\d{3}[\s-]\d{2}[\s-]\d{2}(?!\d)/gu],
  // Street words in the three languages followed by a name or number, then an optional house number.
  [
    'address',
    /(?:(?<![\p{L}])(?:ул\.?|улица|пр\.?|проспект|мкр\.?|микрорайон|переулок|пер\.|бульвар|street|st\.|avenue|ave\.|road|rd\.)|(?:көшесі|даңғылы|шағын ауданы))\s*[\p{L}\p{N}-]*(?:[,\s]+(?:д\.?|дом|үй|house|кв\.?|пәтер|apt\.?)?\s*\d+[\p{L}]?(?:\/\d+)?)*/giu,
  ],
  ['address', /[\p{Lu}][\p{L}-]+\s+(?:көшесі|даңғылы)(?:[,\s]+\d+[\p{L}]?)?/gu],
];

// Capitalised words (Cyrillic or Latin) that do not start a sentence: names, and places, which identify too.
const NAME = /(?<![.!?…:]\s*|^\s*|[\p{L}\p{N}])[\p{Lu}][\p{Ll}]+(?:[-\s][\p{Lu}][\p{Ll}]+)*/gmu;

export function findSensitive(text: string): Finding[] {
  const found: Finding[] = [];
  for (const [kind, re] of PATTERNS)
    for (const m of text.matchAll(re)) found.push({ kind, start: m.index!, end: m.index! + m[0].length, text: m[0] });
  for (const m of text.matchAll(NAME))
    found.push({ kind: 'name', start: m.index!, end: m.index! + m[0].length, text: m[0] });
  // Longest first; drop anything inside something already found.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  for (const f of found) if (!out.length || f.start >= out[out.length - 1].end) out.push(f);
  return out;
}

/** Replaces every finding with a neutral placeholder such as [name] or [phone]. */
export function redactAll(text: string, placeholders: Record<FindingKind, string>): string {
  let out = '';
  let at = 0;
  for (const f of findSensitive(text)) {
    out += text.slice(at, f.start) + placeholders[f.kind];
    at = f.end;
  }
  return out + text.slice(at);
}
