// Formats ICU messages with CLDR plurals. Compiled formats are cached: pages format many messages.
// kk-latn messages are the Kazakh ones with their literal text transliterated (placeholders, plural
// and select keywords untouched), formatted with Kazakh plural rules.
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import { loadCatalogs, type Catalogs } from './catalogs.ts';
import { toKkLatin } from './kk-latin.ts';
import { contentLocale, type UiLocale } from './locales.ts';

export type MessageValues = Record<string, PrimitiveType>;
export type T = (key: string, values?: MessageValues) => string;

export interface I18n {
  t(locale: UiLocale, key: string, values?: MessageValues): string;
  translator(locale: UiLocale): T;
  has(key: string): boolean;
  readonly catalogs: Catalogs;
}

/** The message's syntax tree with every literal in Latin letters. */
export function latinMessage(source: string): MessageFormatElement[] {
  const walk = (els: MessageFormatElement[]): MessageFormatElement[] =>
    els.map((el) => {
      if (el.type === TYPE.literal) return { ...el, value: toKkLatin(el.value) };
      if (el.type === TYPE.tag) return { ...el, children: walk(el.children) };
      if (el.type === TYPE.plural || el.type === TYPE.select)
        return {
          ...el,
          options: Object.fromEntries(Object.entries(el.options).map(([k, o]) => [k, { ...o, value: walk(o.value) }])),
        };
      return el;
    });
  return walk(parse(source));
}

export function createI18n(catalogs: Catalogs = loadCatalogs()): I18n {
  const compiled = new Map<string, IntlMessageFormat>();
  const format = (locale: UiLocale, key: string, values?: MessageValues): string => {
    const id = locale + '\u0000' + key;
    let mf = compiled.get(id);
    if (!mf) {
      const content = contentLocale(locale);
      const own = catalogs[content][key];
      const source = own ?? catalogs.en[key];
      // A missing key shows itself rather than breaking the page; the catalog test keeps this from shipping.
      if (source === undefined) return key;
      mf =
        locale === 'kk-latn' && own !== undefined
          ? new IntlMessageFormat(latinMessage(source), content)
          : new IntlMessageFormat(source, content);
      compiled.set(id, mf);
    }
    return String(mf.format(values));
  };
  const translators = new Map<UiLocale, T>();
  return {
    catalogs,
    t: format,
    has: (key) => key in catalogs.en,
    translator(locale) {
      let tr = translators.get(locale);
      if (!tr) translators.set(locale, (tr = (key, values) => format(locale, key, values)));
      return tr;
    },
  };
}
