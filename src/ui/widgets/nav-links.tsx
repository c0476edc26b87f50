import type { NavItem } from '../../core/modules/index.ts';
import type { PageContext } from '../context.ts';

/** Navigation items as list entries, each a link under the reader's language prefix. */
export function NavLinks({ ctx, items }: { ctx: PageContext; items: readonly NavItem[] }) {
  return (
    <>
      {items.map((item) => (
        <li>
          <a href={`/${ctx.locale}${item.href}`}>{ctx.t(item.labelKey)}</a>
        </li>
      ))}
    </>
  );
}
