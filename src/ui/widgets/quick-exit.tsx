// The "quick exit" control of every public page: one press (or Esc twice, with JavaScript)
// replaces the page with a neutral site without leaving a back-history entry. Without JavaScript
// it is an ordinary link, which still leaves the page at once. It sits in its own navigation
// landmark, so screen-reader users find it in the landmark list and nothing is outside a landmark.
import type { PageContext } from '../context.ts';

export function QuickExit({ ctx }: { ctx: PageContext }) {
  return (
    <nav class="quick-exit-bar" aria-label={ctx.t('quick_exit.label')}>
      <a class="quick-exit" href={ctx.quickExitUrl} data-quick-exit="" rel="noreferrer">
        <span aria-hidden="true">✕ </span>
        {ctx.t('quick_exit.label')}
        {/* "Esc twice" needs the script, which shows the hint; without it the hint would promise nothing. */}
        <span class="quick-exit__hint" hidden>
          {ctx.t('quick_exit.hint')}
        </span>
      </a>
    </nav>
  );
}
