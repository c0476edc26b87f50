import { asShown } from '../../../i18n/locales.ts';
import { formatPartialDate } from '../../../i18n/format.ts';
import type { PageContext } from '../../../ui/context.ts';
import type { Campaign, Hashtag } from '../campaign.ts';

export const StatusBadge = ({ ctx, status }: { ctx: PageContext; status: Campaign['status'] }) => (
  <span class={`badge badge--${status}`}>{ctx.t(`campaign.status.${status}`)}</span>
);

export function CampaignDates({ ctx, campaign }: { ctx: PageContext; campaign: Campaign }) {
  if (!campaign.startsOn) return null;
  const start = formatPartialDate(campaign.startsOn, ctx.locale);
  const end = campaign.endsOn ? formatPartialDate(campaign.endsOn, ctx.locale) : null;
  return (
    <span class="dates">
      <time datetime={campaign.startsOn}>{start}</time>
      {end ? (
        <>
          {' – '}
          <time datetime={campaign.endsOn!}>{end}</time>
        </>
      ) : null}
    </span>
  );
}

/** One alias group: several spellings and languages that count as one campaign. */
export function HashtagGroup({ ctx, group }: { ctx: PageContext; group: Hashtag[] }) {
  return (
    <ul class="tags" aria-label={group.length > 1 ? ctx.t('campaign.hashtags.group') : undefined}>
      {group.map((h) => {
        const shown = asShown(h.tag, h.lang, ctx.locale);
        return (
          <li class="tag" lang={shown.lang}>
            #{shown.text}
          </li>
        );
      })}
    </ul>
  );
}
