// The languages of Dauys and how user content falls back between them. Content is written in three
// (kk, ru, en: LOCALES); the interface has a fourth, Kazakh in Latin script (kk-latn), whose text is
// the Kazakh text transliterated as it is shown (kk-latin.ts). Kazakh plural rules apply to it.
import { toKkLatin } from './kk-latin.ts';

export const LOCALES = ['kk', 'ru', 'en'] as const;
/** A content language: what translatable values are stored in. */
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'kk';

/** Interface languages: the /{lang}/ prefixes, in the order the language switcher lists them. */
export const UI_LOCALES = ['kk', 'kk-latn', 'ru', 'en'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

export const isLocale = (v: unknown): v is Locale =>
  typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
export const isUiLocale = (v: unknown): v is UiLocale =>
  typeof v === 'string' && (UI_LOCALES as readonly string[]).includes(v);

/** The content language an interface language reads (kk-latn reads kk). */
export const contentLocale = (l: UiLocale): Locale => (l === 'kk-latn' ? 'kk' : l);

/** The BCP 47 tag for lang and hreflang attributes (kk-Latn, as registered, for kk-latn). */
export const langTag = (l: UiLocale): string => (l === 'kk-latn' ? 'kk-Latn' : l);

/** The names the language switcher shows, each in its own language and script. */
export const LOCALE_NAMES: Record<UiLocale, string> = {
  kk: 'Қазақша',
  'kk-latn': 'Qazaqşa',
  ru: 'Русский',
  en: 'English',
};

/** Interface text for a locale: Kazakh text in Latin letters for kk-latn, unchanged otherwise. */
export const inScript = (text: string, locale: UiLocale): string => (locale === 'kk-latn' ? toKkLatin(text) : text);

/**
 * A text written in one content language as this reader sees it: a Kazakh text (a campaign's
 * hashtag, say) in Latin letters on kk-latn, with the lang tag to mark it; anything else as it is.
 */
export function asShown(text: string, lang: string, locale: UiLocale): { text: string; lang: string } {
  return lang === 'kk' && locale === 'kk-latn' ? { text: toKkLatin(text), lang: 'kk-Latn' } : { text, lang };
}

/** Translatable user content: one text per language, any of which may be missing. */
export type Translatable = Partial<Record<Locale, string>>;

// Russian is the widest-read second language in Kazakhstan; English readers fall back to it too.
const FALLBACK: Record<Locale, Locale[]> = {
  kk: ['kk', 'ru', 'en'],
  ru: ['ru', 'kk', 'en'],
  en: ['en', 'ru', 'kk'],
};

/**
 * Picks the text for a locale, following the fallback order; `lang` says which language it is in.
 * On kk-latn the Kazakh text comes transliterated (lang 'kk-latn'); a Russian or English fallback
 * comes as written, with its own lang, never through the Kazakh table.
 */
export function pick<L extends UiLocale>(
  value: Translatable | null | undefined,
  locale: L,
): { text: string; lang: Locale | L } {
  for (const l of FALLBACK[contentLocale(locale)]) {
    const text = value?.[l]?.trim();
    if (text) return l === 'kk' && locale === 'kk-latn' ? { text: toKkLatin(text), lang: locale } : { text, lang: l };
  }
  return { text: '', lang: locale };
}

export const pickText = (value: Translatable | null | undefined, locale: UiLocale): string => pick(value, locale).text;

/** Best supported interface language from an Accept-Language header; Kazakh when unsure. */
export function negotiate(header: string | undefined): UiLocale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      const t = tag.toLowerCase().replace(/_/g, '-');
      return {
        lang: /^kk-latn(-|$)/.test(t) ? 'kk-latn' : t.split('-')[0],
        weight: Number.isFinite(weight) ? weight : 0,
        i,
      };
    })
    .filter((x) => x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  return (ranked.find((x) => isUiLocale(x.lang))?.lang as UiLocale | undefined) ?? DEFAULT_LOCALE;
}
