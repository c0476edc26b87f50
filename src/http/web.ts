// The web kit: what every module's pages are rendered with (translations, assets, CSRF tokens,
// the page cache, the staff session, the navigation), so that no route needs the whole application.
import type { Config } from '../config.ts';
import type { SessionInfo } from '../core/accounts/index.ts';
import type { NavItem } from '../ui/nav.ts';
import type { I18n } from '../i18n/translator.ts';
import type { AssetStore } from './assets.ts';
import type { Csrf } from './csrf.ts';
import type { PageCache } from './page-cache.ts';
import type { SharedStore } from '../db/shared-store.ts';

export interface WebKit {
  config: Config;
  i18n: I18n;
  assets: AssetStore;
  csrf: Csrf;
  pageCache: PageCache;
  /** What every web process shares: rate-limit counters above all. */
  shared: SharedStore;
  /** Reads the staff session behind a cookie (the accounts module's). */
  sessions: { loadSession(token: string | undefined): Promise<SessionInfo | null> };
  /** The public and the staff navigation, from every module, in order. */
  nav: { public: NavItem[]; admin: NavItem[]; account?: NavItem[] };
}
