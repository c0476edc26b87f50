// Which posts a monitor command means: a campaign by its slug, a hashtag, or all of them.
import type { CampaignsService } from '../core/campaigns/index.ts';
import { AppError } from '../core/errors.ts';
import type { MonitorService } from '../monitor/index.ts';

type Services = { monitor: MonitorService; campaigns: CampaignsService };

export async function campaignIdFor(s: Services, slug?: string): Promise<string | null> {
  if (!slug) return null;
  try {
    return (await s.campaigns.getBySlug(slug, { includeDrafts: true })).id;
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'CAMPAIGN_NOT_FOUND')) throw err;
    const { items, total } = await s.campaigns.list({ includeDrafts: true, perPage: 100 });
    const known = items.map((c) => c.slug).join(', ');
    throw new Error(
      `No campaign has the slug “${slug}”. ${total ? `Use one of: ${known}${total > items.length ? ', …' : ''}.` : 'There are no campaigns yet: create one in the staff area, or run dauys seed --reference.'}`,
    );
  }
}

export async function scopeFrom(s: Services, opts: { campaign?: string; hashtag?: string }): Promise<string> {
  if (opts.campaign) return s.monitor.scopeFor('campaign', (await campaignIdFor(s, opts.campaign))!);
  if (opts.hashtag) return s.monitor.scopeFor('hashtag', opts.hashtag);
  return s.monitor.scopeFor('all');
}
