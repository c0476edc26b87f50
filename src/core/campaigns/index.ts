// The public face of src/core/campaigns: other modules import only from here.
export { PUBLIC_STATUSES } from './campaign.ts';
export type {
  Campaign,
  CampaignComponent,
  CampaignInput,
  CampaignStatus,
  Figure,
  Hashtag,
  SourceRef,
} from './campaign.ts';
export type { CampaignsService } from './campaigns.service.ts';
export { SLUG_RE, isHttpUrl, isPartialDate } from './campaigns.validation.ts';
export type { ComponentManifest, ComponentViewProps, GoLiveNeeds, GoLiveStep } from './registry.ts';
