// "What is still missing before the public sees this": worked out from the real state — the
// campaign's status, the action's visibility, and whatever the action type adds through its
// manifest (a petition's moderation). Every step that is not done comes with where it is done.
import { PUBLIC_STATUSES, type Campaign, type CampaignComponent } from './campaign.ts';
import type { ComponentRegistry, GoLiveNeeds, GoLiveStep } from './registry.ts';

export interface GoLive {
  componentId: string;
  live: boolean;
  steps: GoLiveStep[];
  missing: GoLiveStep[];
  /** Where the public sees it (path after the language prefix). */
  publicPath: string;
}

export const campaignStep = (campaign: Campaign): GoLiveStep => ({
  key: 'campaign',
  labelKey: 'golive.step.campaign',
  done: PUBLIC_STATUSES.includes(campaign.status),
  href: `/admin/campaigns/${campaign.id}`,
});

/** Pure: the steps in the order they are usually done, and which are missing. */
export function goLiveOf(campaign: Campaign, component: CampaignComponent, needs: GoLiveNeeds = { steps: [] }): GoLive {
  const visible = component.status === 'published';
  const extraDone = needs.steps.every((s) => s.done);
  // Where the action publishes itself (a petition once approved), visibility is not a step of its own
  // until then: only when it is approved but hidden again does it need doing by hand.
  const visibility: GoLiveStep[] =
    needs.publishesItself && !visible && !extraDone
      ? []
      : [
          {
            key: 'visibility',
            labelKey: 'golive.step.visibility',
            done: visible,
            href: `/admin/components/${component.id}`,
          },
        ];
  const steps = [campaignStep(campaign), ...visibility, ...needs.steps];
  const missing = steps.filter((s) => !s.done);
  return {
    componentId: component.id,
    live: missing.length === 0,
    steps,
    missing,
    publicPath: needs.publicPath ?? `/campaigns/${campaign.slug}`,
  };
}

export async function goLiveFor(
  registry: ComponentRegistry,
  campaign: Campaign,
  component: CampaignComponent,
): Promise<GoLive> {
  return goLiveOf(campaign, component, await registry.get(component.type)?.goLive?.(component));
}
