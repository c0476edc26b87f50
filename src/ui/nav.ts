// The site's navigation, as the modules contribute it and every page reads it.
import type { Action } from '../core/accounts/index.ts';

/** A link in the site's navigation; `href` follows the language prefix. */
export interface NavItem {
  href: string;
  labelKey: string;
  /** Where it sits among the others (lower first). */
  order: number;
  /** Staff navigation: shown to whoever may do any of these. */
  anyOf?: Action[];
}
