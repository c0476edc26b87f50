// Domain types of the campaign "space", separate from its row types.
import type { Locale, Translatable } from '../../i18n/locales.ts';

export const CAMPAIGN_STATUSES = ['draft', 'live', 'closed', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const PUBLIC_STATUSES: readonly CampaignStatus[] = ['live', 'closed', 'archived'];

export type DatePrecision = 'day' | 'month' | 'year';

export interface Hashtag {
  tag: string; // without '#', as written
  lang: Locale;
}

export interface Figure {
  value: string;
  approx: 'more_than' | 'about' | 'exact';
  label: Translatable;
  source?: string;
}

export interface SourceRef {
  ref?: string; // short id cited in texts, e.g. "S1"
  title: string;
  publisher?: string;
  date?: string; // YYYY, YYYY-MM or YYYY-MM-DD
  url?: string;
  note?: Translatable;
}

export interface Campaign {
  id: string;
  slug: string;
  status: CampaignStatus;
  startsOn: string | null;
  endsOn: string | null;
  datePrecision: DatePrecision;
  organiser: Translatable;
  title: Translatable;
  summary: Translatable;
  body: Translatable;
  goals: Translatable[];
  figures: Figure[];
  uncertainties: Translatable[];
  sources: SourceRef[];
  hashtagGroups: Hashtag[][];
  referenceKey: string | null;
  version: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

/** What staff (or the reference loader) provide; ids, versions and timestamps are the service's. */
export type CampaignInput = Pick<
  Campaign,
  | 'slug'
  | 'startsOn'
  | 'endsOn'
  | 'organiser'
  | 'title'
  | 'summary'
  | 'body'
  | 'goals'
  | 'figures'
  | 'uncertainties'
  | 'sources'
  | 'hashtagGroups'
> & { status?: CampaignStatus };

export interface CampaignComponent {
  id: string;
  campaignId: string;
  type: string;
  position: number;
  status: 'draft' | 'published';
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}
