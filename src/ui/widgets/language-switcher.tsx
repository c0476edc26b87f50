import { LOCALES } from '../../i18n/locales.ts';
import type { PageContext } from '../context.ts';

const NAMES = { kk: 'Қазақша', ru: 'Русский', en: 'English' } as const;

/** Links to the same page in the other languages. */
export function LanguageSwitcher({ ctx }: { ctx: PageContext }) {
  return (
    <nav class="langs" aria-label={ctx.t('nav.languages')}>
      <ul>
        {LOCALES.map((l) => (
          <li>
            <a href={`/${l}${ctx.path}`} hreflang={l} lang={l} aria-current={l === ctx.locale ? 'true' : undefined}>
              {NAMES[l]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
