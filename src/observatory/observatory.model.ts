// Domain types and vocabularies of the observatory, separate from its row types.
import type { Campaign, Figure } from '../core/campaigns/index.ts';
import type { DatePrecision } from '../i18n/format.ts';
import type { Translatable } from '../i18n/locales.ts';

export const KINDS = ['case', 'law', 'event', 'organisation', 'source'] as const;
export type Kind = (typeof KINDS)[number];
/** The kinds that stand on the timeline and the map (sources are the evidence, not the story). */
export const STORY_KINDS = ['case', 'law', 'event', 'organisation'] as const satisfies readonly Kind[];
export type StoryKind = (typeof STORY_KINDS)[number];
export const isKind = (v: unknown): v is Kind => typeof v === 'string' && (KINDS as readonly string[]).includes(v);
export const isStoryKind = (v: unknown): v is StoryKind =>
  typeof v === 'string' && (STORY_KINDS as readonly string[]).includes(v);

/** URL segment of each kind: /observatory/cases/talgo-train … */
export const KIND_PATH: Record<Kind, string> = {
  case: 'cases',
  law: 'laws',
  event: 'events',
  organisation: 'organisations',
  source: 'sources',
};
export const kindFromPath = (segment: string): Kind | undefined => KINDS.find((k) => KIND_PATH[k] === segment);

export const STATUSES = ['draft', 'review', 'published'] as const;
export type EntityStatus = (typeof STATUSES)[number];

export const SUBTYPES: Record<Kind, readonly string[]> = {
  case: [],
  law: ['law', 'code_amendment', 'bill', 'decree', 'address', 'statement'],
  event: ['rally', 'march', 'picket', 'flashmob', 'press_conference', 'petition_milestone', 'court_broadcast'],
  organisation: ['public_fund', 'ngo', 'initiative', 'party', 'state_body', 'international', 'other'],
  source: ['article', 'policy_memo', 'blog', 'news', 'opinion', 'report', 'official', 'other'],
};

/** Dated status steps each kind may go through (events have a date range instead). */
export const STEPS: Record<Kind, readonly string[]> = {
  case: ['reported', 'investigation', 'trial', 'verdict', 'appeal', 'retrial'],
  law: ['announced', 'drafted', 'working_group', 'reading', 'approved', 'returned', 'withdrawn', 'signed', 'in_force'],
  event: [],
  organisation: ['founded', 'recognised', 'investigation_opened', 'accounts_blocked', 'legal_action', 'closed'],
  source: [],
};

export const PERMIT_STATUSES = ['not_applied', 'applied', 'approved', 'denied', 'held_without_permit'] as const;
export type PermitStatus = (typeof PERMIT_STATUSES)[number];

export const CODES = ['criminal', 'administrative', 'other'] as const;
export type CodeName = (typeof CODES)[number];

export const RELATIONS = ['sparked', 'responded_to', 'organised_by', 'preceded', 'cites'] as const;
export type Relation = (typeof RELATIONS)[number];
export const isRelation = (v: unknown): v is Relation =>
  typeof v === 'string' && (RELATIONS as readonly string[]).includes(v);

export interface Step {
  step: string;
  date: string | null;
  note: Translatable;
}

export interface Charge {
  article: string | null; // Criminal Code article, e.g. "120"; null when the source names no article
  label: Translatable;
}

export interface Sentence {
  date: string | null;
  text: Translatable;
}

export interface ArticleRef {
  code: CodeName;
  article: string;
  note: Translatable;
}

export interface Permit {
  status: PermitStatus;
  reason: Translatable; // the stated reason, for denials
  decidedOn: string | null;
}

export interface Range {
  min: number | null;
  max: number | null;
}

/** Kind-specific fields; validation keeps only the ones that belong to the entity's kind. */
export interface EntityDetails {
  // case
  charges?: Charge[];
  sentences?: Sentence[];
  // law
  articles?: ArticleRef[];
  // event
  organiser?: Translatable;
  permit?: Permit | null;
  participants?: Range | null;
  figures?: Figure[];
  // organisation
  aliases?: string[];
  website?: string | null;
  // source
  ref?: string | null;
  publisher?: string;
  url?: string | null;
  language?: string | null;
  authors?: string[];
}

/** What staff (or the reference loader) provide; ids, versions and timestamps are the service's. */
export interface EntityInput {
  kind: Kind;
  slug: string;
  subtype: string | null;
  title: Translatable;
  summary: Translatable;
  body: Translatable;
  region: string | null;
  place: Translatable;
  dateStart: string | null;
  dateEnd: string | null;
  details: EntityDetails;
  steps: Step[];
  uncertainties: Translatable[];
}

export interface Pending {
  input: EntityInput;
  by: string; // staff label
  byId: string;
  at: string;
}

export interface Entity extends EntityInput {
  id: string;
  status: EntityStatus;
  precision: DatePrecision | null;
  pending: Pending | null;
  referenceKey: string | null;
  version: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export type EndpointType = 'entity' | 'campaign';

export interface Link {
  id: string;
  fromType: EndpointType;
  fromId: string;
  relation: Relation;
  toType: EndpointType;
  toId: string;
  note: Translatable;
  approved: boolean;
  createdBy: string | null;
  createdAt: string;
}

/** The other end of a link as pages show it. */
export type Endpoint =
  | {
      type: 'entity';
      id: string;
      kind: Kind;
      slug: string;
      title: Translatable;
      dateStart: string | null;
      status: EntityStatus;
    }
  | { type: 'campaign'; id: string; slug: string; title: Translatable; dateStart: string | null; status: string };

export interface LinkView {
  link: Link;
  direction: 'out' | 'in';
  other: Endpoint;
}

export interface EntityPage {
  entity: Entity;
  links: LinkView[]; // everything but citations
  citations: Array<{ link: Link; source: Entity }>; // sources this entity cites, with the claims they support
  citedBy: LinkView[]; // for sources: the records and claims it supports
}

export interface TimelineItem {
  entity: Pick<
    Entity,
    'id' | 'kind' | 'slug' | 'subtype' | 'title' | 'summary' | 'region' | 'place' | 'dateStart' | 'dateEnd' | 'details'
  >;
  date: string;
  step: Step | null; // null: the entity's own date
}

export interface Revision {
  id: string;
  entityId: string;
  at: string;
  actorLabel: string;
  action: string;
  version: number;
  changes: Record<string, [unknown, unknown]>;
}

/** A dated moment as another module shows it next to its own dates (e.g. the monitor's spikes). */
export interface DatedMoment {
  key: string; // unique per moment: record, step and date
  kind: StoryKind;
  title: Translatable;
  labelKey: string; // what happened: the step ("verdict"), else the subtype ("rally"), else the kind
  date: string; // YYYY-MM-DD, or YYYY-MM when only the month is known
  end: string | null; // last day of a multi-day event
  path: string; // its page without the language prefix, e.g. /observatory/events/some-rally
  campaignIds: string[]; // campaigns its record is linked to (approved links, either way)
}

/** A signal over time another module contributes to a campaign's impact page (signatures, letters, posts). */
export interface SignalPoint {
  date: string; // YYYY-MM-DD
  value: number;
}
export interface SignalProvider {
  labelKey: string; // message key naming the series, e.g. "petition.signal.signatures"
  series(campaign: { id: string; slug: string }): Promise<SignalPoint[]>;
}
export interface SignalSeries {
  name: string;
  labelKey: string;
  points: SignalPoint[];
}

/** Counts by region code another module contributes as a map layer (help services, signatures). */
export interface RegionLayerProvider {
  labelKey: string;
  counts(): Promise<Record<string, number>>;
}

// What the service is asked and answers (routes and views use these shapes too).

export interface TimelineQuery {
  kinds?: readonly string[];
  region?: string;
  year?: number;
  campaignSlug?: string;
  page?: number;
  perPage?: number;
  /** Overrides `page` (API callers count in records, not pages). */
  offset?: number;
  order?: 'asc' | 'desc';
}

export interface SearchQuery {
  q?: string;
  kinds?: readonly string[];
  region?: string;
  page?: number;
  perPage?: number;
  offset?: number;
  /** Staff lists: every status, or one. */
  statuses?: readonly EntityStatus[];
  waiting?: boolean;
  order?: 'date' | 'updated';
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pages: number;
  perPage: number;
}

export interface EndpointRef {
  type: EndpointType;
  id?: string;
  slug?: string;
}

export interface LinkInput {
  from: EndpointRef;
  relation: string;
  to: EndpointRef;
  note: Translatable;
}

export interface ImpactData {
  campaign: Campaign;
  items: TimelineItem[]; // dated moments of the linked records, oldest first
  links: LinkView[]; // how each record is linked to the campaign
  signals: SignalSeries[];
  failedSignals: string[]; // label keys of providers that failed this time
}

export interface RegionLayer {
  name: string;
  labelKey: string;
}
