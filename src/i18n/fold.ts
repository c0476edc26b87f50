// Search folding: case, Kazakh-specific letters to their nearest Russian letters, ё→е,
// and removal of zero-width/combining marks, so "Қазақ", "казак" and "ҚАЗАҚ" match.
const KAZAKH: Record<string, string> = {
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
  ё: 'е',
};
const KAZAKH_RE = /[әғқңөұүһіё]/g;
const INVISIBLE_RE = /[\u00ad\u034f\u200b-\u200f\u2060-\u2064\ufe00-\ufe0f\ufeff]/g;

export function fold(text: string): string {
  return text
    .normalize('NFC')
    .replace(INVISIBLE_RE, '')
    .toLowerCase()
    .replace(KAZAKH_RE, (c) => KAZAKH[c])
    .replace(/\s+/g, ' ')
    .trim();
}

// Script-independent search key: what fold() gives, then Cyrillic in Latin letters and Latin without
// its diacritics, with the spellings people alternate between made one: Kazakh Latin 2021 (ş, ñ, ı,
// İ, q), 2018 (apostrophes aside), the Russian-keyboard habit (ч ch, ш sh, ж zh or j, ц ts or c,
// ю yu, я ya) and the table's own choices (ч ş, ц s). So "қазақ", "казак" and "Qazaq" all give
// "kazak", and #ЗаңдыӨзгерт, #ZañdyÖzgert and #ZandyOzgert "zandiozgert". Stored search columns
// hold this key (their migrations recompute it from fold()'s output with a frozen copy of latinKey).
const CYR_LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};
const LATIN_STEPS: Array<[RegExp, string]> = [
  [/\p{M}/gu, ''], // after NFD: ä ñ ö ü ū ğ İ lose their marks
  [/shch|sch/g, 'sh'],
  [/ch/g, 'sh'], // ч is ş in the 2021 table, ch on Russian keyboards
  [/kh/g, 'h'],
  [/zh|j/g, 'z'], // ж is j (2021), zh, or even z
  [/ts|c/g, 's'],
  [/q/g, 'k'],
  [/w/g, 'v'],
  [/x/g, 'h'],
  [/y/g, 'i'], // ы, й, і and и are typed y or i
  [/i+/g, 'i'], // и + я gives iia in the table, ia as people write it
];
const CYR_RE = /[а-яё]/g;

/** The search key of a text fold() has already folded. */
export function latinKey(folded: string): string {
  let s = folded
    .replace(CYR_RE, (c) => CYR_LATIN[c] ?? c)
    .replace(/[şŝ]/g, 'sh')
    .replace(/[çĉ]/g, 'ch')
    .replace(/ı/g, 'i')
    .normalize('NFD');
  for (const [re, to] of LATIN_STEPS) s = s.replace(re, to);
  return s.normalize('NFC');
}

/** A search key that is the same in Kazakh Cyrillic, Kazakh Latin and Russian spelling. */
export const searchFold = (text: string): string => latinKey(fold(text));
