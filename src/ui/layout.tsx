// The page frame: header (skip link, navigation, language switcher), main, footer.
// Every public page has the quick-exit control at the very top, the first thing Tab reaches: a
// survivor reading about a campaign or a petition needs to leave as fast as one on /tell, and a
// control that is there on some pages only teaches her not to count on it. Staff pages (`admin`)
// leave it out: they are work screens reached by signing in, where Esc pressed twice would throw
// away a half-written form. Survivor-facing pages are also kept out of search engines.
import type { ComponentChildren } from 'preact';
import { UI_LOCALES, langTag } from '../i18n/locales.ts';
import type { PageContext } from './context.ts';
import { LanguageSwitcher } from './widgets/language-switcher.tsx';
import { NavLinks } from './widgets/nav-links.tsx';
import { QuickExit } from './widgets/quick-exit.tsx';

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  description?: string;
  children: ComponentChildren;
  /** Pages for survivors (the testimony flow, the help directory): kept out of search engines. */
  survivorFacing?: boolean;
  /** Staff pages: no quick exit, no indexing. */
  admin?: boolean;
  noindex?: boolean;
  /** Reloads the page every so many seconds when scripts are off (a page whose script updates it otherwise). */
  refreshWithoutScript?: number;
}

export function Layout({
  ctx,
  title,
  description,
  children,
  survivorFacing,
  admin,
  noindex,
  refreshWithoutScript,
}: LayoutProps) {
  const { t, locale } = ctx;
  const home = `/${locale}/`;
  return (
    <html lang={langTag(locale)} dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Dauys`}</title>
        {description ? <meta name="description" content={description} /> : null}
        {noindex || admin || survivorFacing ? <meta name="robots" content="noindex, nofollow" /> : null}
        <meta name="referrer" content="no-referrer" />
        {/* The same page in each interface language (kk-Latn included), for search engines and readers. */}
        {admin
          ? null
          : UI_LOCALES.filter((l) => l !== locale).map((l) => (
              <link rel="alternate" hreflang={langTag(l)} href={`/${l}${ctx.path}`} />
            ))}
        <link rel="stylesheet" href={ctx.asset('css/dauys.css')} />
        <link rel="icon" href={ctx.asset('img/favicon.svg')} type="image/svg+xml" />
        <script src={ctx.asset('js/enhance.js')} defer></script>
        {refreshWithoutScript ? (
          <noscript>
            <meta http-equiv="refresh" content={String(refreshWithoutScript)} />
          </noscript>
        ) : null}
      </head>
      <body class={admin ? 'admin' : undefined}>
        {admin ? null : <QuickExit ctx={ctx} />}
        <header class="site-header">
          {/* Inside the banner landmark, so no content sits outside a landmark even after quick exit. */}
          <a class="skip" href="#main">
            {t('nav.skip')}
          </a>
          <div class="wrap site-header__inner">
            <a class="brand" href={home}>
              <img src={ctx.asset('img/logo.svg')} alt="" width="28" height="28" />
              <span>Dauys</span>
              <span class="brand__tag">{t('site.tagline')}</span>
            </a>
            <nav aria-label={t('nav.main')} class="nav">
              <ul>
                <NavLinks ctx={ctx} items={ctx.nav.public} />
                {admin && ctx.staff ? (
                  <li>
                    <a href={`/${locale}/admin`}>{t('nav.admin')}</a>
                  </li>
                ) : null}
              </ul>
            </nav>
            <LanguageSwitcher ctx={ctx} />
          </div>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{t('footer.about')}</p>
            <p>{t('footer.privacy')}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
