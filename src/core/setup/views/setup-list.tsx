// The first-run checklist on the staff dashboard: each item says done or not done, why it matters in
// one sentence, and links to where it is done. Done items fold into a <details> but stay in the list.
import type { PageContext } from '../../../ui/context.ts';
import type { SetupItem } from '../setup.ts';

function Note({ ctx, item }: { ctx: PageContext; item: SetupItem }) {
  return item.noteKey ? <p class="setup__note">{ctx.t(item.noteKey, item.values)}</p> : null;
}

function Go({ ctx, item }: { ctx: PageContext; item: SetupItem }) {
  return item.href ? (
    <p>
      <a href={`/${ctx.locale}${item.href}`}>{ctx.t('setup.open', { step: ctx.t(item.titleKey) })}</a>
    </p>
  ) : null;
}

export function SetupList({ ctx, items }: { ctx: PageContext; items: SetupItem[] }) {
  const { t } = ctx;
  if (!items.length) return null;
  const missing = items.filter((i) => !i.done).length;
  return (
    <section class="setup" aria-labelledby="setup-title" data-setup="">
      <h2 id="setup-title">{t('setup.title')}</h2>
      <p>{missing ? t('setup.lead', { count: missing }) : t('setup.all_done')}</p>
      <ol class="setup__list">
        {items.map((item) =>
          item.done ? (
            <li class="setup__item setup__item--done" data-setup-item={item.id} data-done="1">
              <details>
                <summary>
                  <span aria-hidden="true">✓ </span>
                  {t(item.titleKey)} <span class="setup__state">({t('setup.done')})</span>
                </summary>
                <p>{t(item.whyKey)}</p>
                <Note ctx={ctx} item={item} />
                <Go ctx={ctx} item={item} />
              </details>
            </li>
          ) : (
            <li class="setup__item setup__item--todo" data-setup-item={item.id} data-done="0">
              <h3>
                {t(item.titleKey)} <span class="badge badge--draft">{t('setup.not_done')}</span>
              </h3>
              <p>{t(item.whyKey)}</p>
              <Note ctx={ctx} item={item} />
              <Go ctx={ctx} item={item} />
            </li>
          ),
        )}
      </ol>
    </section>
  );
}
