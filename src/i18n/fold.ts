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
