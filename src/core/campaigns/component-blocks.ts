// Renders a campaign's components through the registry: the campaign page never knows their types.
import type { WebKit } from '../../http/web.ts';
import type { CampaignsService } from './campaigns.service.ts';
import type { ComponentRegistry } from './registry.ts';
import type { PageContext } from '../../ui/context.ts';
import type { Campaign } from './campaign.ts';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  campaigns: CampaignsService;
  registry: ComponentRegistry;
};

export async function componentBlocks(
  services: Services,
  ctx: PageContext,
  campaign: Campaign,
  opts: { publishedOnly: boolean },
) {
  const components = await services.campaigns.components(campaign.id, opts);
  return Promise.all(
    components.map(async (component) => {
      const manifest = services.registry.get(component.type)!;
      const stats = (await manifest.stats?.(component)) ?? [];
      const data = await manifest.load?.(component);
      return {
        id: component.id,
        type: component.type,
        node: manifest.view({ ctx, campaign, component, settings: component.settings, stats, data }),
      };
    }),
  );
}
