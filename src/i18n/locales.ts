// The three languages of Dauys and how user content falls back between them.
export const LOCALES = ['kk', 'ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'kk';

export const isLocale = (v: unknown): v is Locale =>
  typeof v === 'string' && (LOCALES as readonly string[]).includes(v);

/** Translatable user content: one text per language, any of which may be missing. */
export type Translatable = Partial<Record<Locale, string>>;

// Russian is the widest-read second language in Kazakhstan; English readers fall back to it too.
const FALLBACK: Record<Locale, Locale[]> = {
  kk: ['kk', 'ru', 'en'],
  ru: ['ru', 'kk', 'en'],
  en: ['en', 'ru', 'kk'],
};

/** Picks the text for a locale, following the fallback order; `lang` says which language it is in. */
export function pick(value: Translatable | null | undefined, locale: Locale): { text: string; lang: Locale } {
  for (const l of FALLBACK[locale]) {
    const text = value?.[l]?.trim();
    if (text) return { text, lang: l };
  }
  return { text: '', lang: locale };
}

export const pickText = (value: Translatable | null | undefined, locale: Locale): string => pick(value, locale).text;

/** Best supported locale from an Accept-Language header; Kazakh when unsure. */
export function negotiate(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { lang: tag.toLowerCase().split('-')[0], weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((x) => x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  return (ranked.find((x) => isLocale(x.lang))?.lang as Locale | undefined) ?? DEFAULT_LOCALE;
}
