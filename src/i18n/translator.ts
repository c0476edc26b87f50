// Formats ICU messages with CLDR plurals. Compiled formats are cached: pages format many messages.
import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import { loadCatalogs, type Catalogs } from './catalogs.ts';
import type { Locale } from './locales.ts';

export type MessageValues = Record<string, PrimitiveType>;
export type T = (key: string, values?: MessageValues) => string;

export interface I18n {
  t(locale: Locale, key: string, values?: MessageValues): string;
  translator(locale: Locale): T;
  has(key: string): boolean;
  readonly catalogs: Catalogs;
}

export function createI18n(catalogs: Catalogs = loadCatalogs()): I18n {
  const compiled = new Map<string, IntlMessageFormat>();
  const format = (locale: Locale, key: string, values?: MessageValues): string => {
    const id = locale + '\u0000' + key;
    let mf = compiled.get(id);
    if (!mf) {
      const source = catalogs[locale][key] ?? catalogs.en[key];
      // A missing key shows itself rather than breaking the page; the catalog test keeps this from shipping.
      if (source === undefined) return key;
      mf = new IntlMessageFormat(source, locale);
      compiled.set(id, mf);
    }
    return String(mf.format(values));
  };
  const translators = new Map<Locale, T>();
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
