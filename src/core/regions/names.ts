// Region names as readers look for them. Russian puts a word before some names ("г. Алматы",
// "область Абай"): sorting ignores it, so the city sits next to "Алматинская область" under А
// instead of under Г, where a reader looking for Almaty would not see it.
const LEADING_WORD = /^(г\.|область)\s+/u;

/** Compares two region names in the reader's language, ignoring a leading "г." or "область". */
export function compareRegionNames(locale: string): (a: string, b: string) => number {
  const collator = new Intl.Collator(locale);
  return (a, b) => collator.compare(a.replace(LEADING_WORD, ''), b.replace(LEADING_WORD, ''));
}

/** A city's name without the word that marks it as a city: "Almaty (city)", "Алматы қаласы", "г. Алматы" → "Almaty", "Алматы". */
export function withoutCityWord(name: string): string {
  return name.replace(/^г\.\s+|\s+қаласы$|\s+\(city\)$/u, '');
}
