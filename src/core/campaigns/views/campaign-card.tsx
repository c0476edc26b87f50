import { asShown } from '../../../i18n/locales.ts';
import type { PageContext } from '../../../ui/context.ts';
import { Tr } from '../../../ui/widgets/translated.tsx';
import type { Campaign } from '../campaign.ts';
import { CampaignDates, StatusBadge } from './parts.tsx';

/** `level`: the card's heading level, 2 where the cards follow the page's h1 directly. */
export function CampaignCard({
  ctx,
  campaign,
  href,
  level = 3,
}: {
  ctx: PageContext;
  campaign: Campaign;
  href?: string;
  level?: 2 | 3;
}) {
  const tags = campaign.hashtagGroups.flat().slice(0, 4);
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <article class="card">
      <p class="card__meta">
        <StatusBadge ctx={ctx} status={campaign.status} /> <CampaignDates ctx={ctx} campaign={campaign} />
      </p>
      <Heading class="card__title">
        <a href={href ?? `/${ctx.locale}/campaigns/${campaign.slug}`}>
          <Tr ctx={ctx} value={campaign.title} />
        </a>
      </Heading>
      <Tr ctx={ctx} value={campaign.summary} as="p" class="card__summary" />
      {tags.length ? (
        <p class="card__tags">
          {tags.map((h) => {
            const shown = asShown(h.tag, h.lang, ctx.locale);
            return (
              <span class="tag" lang={shown.lang}>
                #{shown.text}
              </span>
            );
          })}
        </p>
      ) : null}
    </article>
  );
}
