// Shows translatable content in the reader's language, or in a fallback language marked as such
// (with its own lang attribute, so screen readers switch voice).
import { pick, type Translatable } from '../../i18n/locales.ts';
import type { PageContext } from '../context.ts';
import { renderMarkdown } from '../markdown.ts';

export function Tr({
  ctx,
  value,
  as: Tag = 'span',
  class: cls,
}: {
  ctx: PageContext;
  value: Translatable;
  as?: any;
  class?: string;
}) {
  const p = pick(value, ctx.locale);
  return (
    <Tag class={cls} lang={p.lang !== ctx.locale ? p.lang : undefined}>
      {p.text}
    </Tag>
  );
}

export function Markdown({ ctx, value }: { ctx: PageContext; value: Translatable }) {
  const p = pick(value, ctx.locale);
  return (
    <div class="prose" lang={p.lang !== ctx.locale ? p.lang : undefined}>
      {p.lang !== ctx.locale && p.text ? (
        <p class="fallback-note">{ctx.t('content.fallback', { language: ctx.t(`language.${p.lang}`) })}</p>
      ) : null}
      <div dangerouslySetInnerHTML={{ __html: renderMarkdown(p.text) }} />
    </div>
  );
}
