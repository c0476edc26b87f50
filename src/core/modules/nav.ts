// The navigation modules contribute (kept apart from the contract so pages can read it without it).
import type { Action } from '../accounts/accounts.permissions.ts';

/** A link in the site's navigation; `href` follows the language prefix. */
export interface NavItem {
  href: string;
  labelKey: string;
  /** Where it sits among the others (lower first). */
  order: number;
  /** Staff navigation: shown to whoever may do any of these. */
  anyOf?: Action[];
}
