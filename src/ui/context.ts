// What every view receives: the reader's language, the translator and a few request facts.
// Views are pure functions of this and their data.
import type { Staff } from '../core/accounts/index.ts';
import type { NavItem } from './nav.ts';
import type { UiLocale } from '../i18n/locales.ts';
import type { T } from '../i18n/translator.ts';

export interface PageContext {
  /** The interface language (kk-latn included); contentLocale() gives the language content is read in. */
  locale: UiLocale;
  t: T;
  /** The current path without its language prefix, query included: the language switcher keeps it. */
  path: string;
  asset(name: string): string;
  staff: Staff | null;
  csrf: string;
  quickExitUrl: string;
  /** The site's absolute address as this reader reached it (the onion's, read through Tor). */
  base: string;
  /** The site's navigation, contributed by the modules; `account` lists the settings pages on "My account". */
  nav: { public: NavItem[]; admin: NavItem[]; account?: NavItem[] };
}
