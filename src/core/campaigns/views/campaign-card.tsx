import type { PageContext } from '../../../ui/context.ts';
import { Tr } from '../../../ui/components/translated.tsx';
import type { Campaign } from '../campaign.ts';
import { CampaignDates, StatusBadge } from './parts.tsx';

export function CampaignCard({ ctx, campaign, href }: { ctx: PageContext; campaign: Campaign; href?: string }) {
  const tags = campaign.hashtagGroups.flat().slice(0, 4);
  return (
    <article class="card">
      <p class="card__meta">
        <StatusBadge ctx={ctx} status={campaign.status} /> <CampaignDates ctx={ctx} campaign={campaign} />
      </p>
      <h3 class="card__title">
        <a href={href ?? `/${ctx.locale}/campaigns/${campaign.slug}`}>
          <Tr ctx={ctx} value={campaign.title} />
        </a>
      </h3>
      <Tr ctx={ctx} value={campaign.summary} as="p" class="card__summary" />
      {tags.length ? (
        <p class="card__tags">
          {tags.map((h) => (
            <span class="tag" lang={h.lang}>
              #{h.tag}
            </span>
          ))}
        </p>
      ) : null}
    </article>
  );
}
