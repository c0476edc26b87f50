import { LOCALE_NAMES, UI_LOCALES, langTag } from '../../i18n/locales.ts';
import type { PageContext } from '../context.ts';

/** Links to the same page in the other languages (Kazakh twice: Cyrillic and Latin letters). */
export function LanguageSwitcher({ ctx }: { ctx: PageContext }) {
  return (
    <nav class="langs" aria-label={ctx.t('nav.languages')}>
      <ul>
        {UI_LOCALES.map((l) => (
          <li>
            <a
              href={`/${l}${ctx.path}`}
              hreflang={langTag(l)}
              lang={langTag(l)}
              aria-current={l === ctx.locale ? 'true' : undefined}
            >
              {LOCALE_NAMES[l]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
