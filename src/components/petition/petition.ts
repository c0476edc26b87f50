// Domain types of petitions, their settings schema and their life cycle.
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Campaign } from '../../core/campaigns/index.ts';
import type { Translatable } from '../../i18n/locales.ts';
import type { PetitionInvalidationsTable, PetitionListsTable } from './petition.table.ts';

export const PETITION_STATES = ['draft', 'moderation', 'open', 'rejected', 'closed', 'delivered', 'answered'] as const;
export type PetitionState = (typeof PETITION_STATES)[number];

/** States in which the petition is public (its page and block are shown). */
export const PUBLIC_STATES: readonly PetitionState[] = ['open', 'rejected', 'closed', 'delivered', 'answered'];

/** Allowed transitions and who may make them: organisers manage, moderators review. */
export const TRANSITIONS: Record<PetitionState, Array<{ to: PetitionState; by: 'manage' | 'moderate' }>> = {
  draft: [{ to: 'moderation', by: 'manage' }],
  moderation: [
    { to: 'open', by: 'moderate' },
    { to: 'rejected', by: 'moderate' },
    { to: 'draft', by: 'manage' },
  ],
  open: [
    { to: 'closed', by: 'manage' },
    { to: 'rejected', by: 'moderate' },
  ],
  rejected: [{ to: 'draft', by: 'manage' }],
  closed: [
    { to: 'delivered', by: 'manage' },
    { to: 'answered', by: 'manage' },
  ],
  delivered: [{ to: 'answered', by: 'manage' }],
  answered: [],
};

/** "Outside Kazakhstan" is a region choice too, so diaspora signatures are counted honestly. */
export const ABROAD = 'abroad';

const tr = (max: number) =>
  z.object({
    kk: z.string().max(max).optional(),
    ru: z.string().max(max).optional(),
    en: z.string().max(max).optional(),
  });
const required = (max: number) => tr(max).refine((v) => !!(v.kk || v.ru || v.en), { message: 'required' });

export function parseMilestones(text: string | undefined): number[] | null {
  if (!text?.trim()) return [];
  const parts = text.split(/[,;\s]+/).filter(Boolean);
  const nums = parts.map((p) => Number(p.replace(/[\u00a0_']/g, '')));
  if (nums.some((n) => !Number.isInteger(n) || n < 1 || n > 100_000_000) || nums.length > 20) return null;
  return [...new Set(nums)].sort((a, b) => a - b);
}

export const sumValues = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

export const petitionSettingsSchema = z.object({
  title: required(200),
  text: required(20_000),
  addressee: required(300),
  goal: z.number().int().min(1).max(100_000_000),
  deadline: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  milestones: z
    .string()
    .max(300)
    .optional()
    .refine((v) => parseMilestones(v) !== null, { message: 'milestones' }),
  official_platform: z.enum(['none', 'epetition', 'eotinish']).default('none'),
  official_url: z
    .string()
    .max(500)
    .optional()
    .refine((v) => !v || /^https:\/\/[^\s/]+\.[^\s/]+(\/\S*)?$/.test(v), { message: 'url' }),
  offline_count: z.number().int().min(0).max(100_000_000).optional(),
  offline_note: tr(300).optional(),
});

export type PetitionSettings = {
  title: Translatable;
  text: Translatable;
  addressee: Translatable;
  goal: number;
  deadline?: string;
  milestones?: string;
  official_platform: 'none' | 'epetition' | 'eotinish';
  official_url?: string;
  offline_count?: number;
  offline_note?: Translatable;
};

export interface Petition {
  id: string; // the component id
  campaignId: string;
  state: PetitionState;
  stateReason: string | null;
  answer: string | null;
  answerUrl: string | null;
  openedAt: string | null;
  closedAt: string | null;
  deliveredAt: string | null;
  answeredAt: string | null;
  count: number;
  byRegion: Record<string, number>;
  recentSigners: Array<{ name: string; region: string }>;
  milestonesReached: Record<string, string>;
  countedAt: string | null;
  anonymisedAt: string | null;
  referenceKey: string | null;
}

/** A petition with its component settings: what every page about it needs. */
export interface PetitionView extends Petition {
  settings: PetitionSettings;
  published: boolean;
}

/** The public counter (`GET /api/v1/petitions/<id>/count`): offline signatures apart, never added in. */
export interface CountSnapshot {
  id: string;
  total: number;
  offline: number;
  goal: number;
  by_region: Record<string, number>;
  updated_at: string | null;
}

/** Counts staff see: every signature row by status, and the quarantined ones. */
export interface SignatureTally {
  pending: number;
  confirmed: number;
  quarantined: number;
  withdrawn: number;
  invalidated: number;
}

export interface InvalidationCriteria {
  domain?: string;
  ipHash?: string;
  ipPrefixHash?: string;
  from?: string; // ISO, inclusive
  to?: string; // ISO, exclusive
  region?: string;
  namePattern?: string; // glob with *, case- and Kazakh-letter-insensitive
  quarantinedOnly?: boolean;
}

export interface TrendRow {
  key: string;
  n: number;
}

export interface TrendReport {
  hour: string;
  total: number;
  confirmed: number;
  quarantined: number;
  withoutPow: number;
  baselinePerHour: number;
  domains: TrendRow[];
  ipHashes: TrendRow[];
  ipPrefixes: TrendRow[];
  regions: TrendRow[];
}

export interface TrendAlert {
  kind: 'spike' | 'domain' | 'ip' | 'prefix' | 'quarantine';
  key?: string;
  n: number;
}

/** One line of the moderators' overview. */
export interface OverviewRow {
  id: string;
  title: Translatable;
  state: PetitionState;
  count: number;
  alerts: number;
}

/** An allow/block list entry as stored (the moderators' lists page). */
export type ListRow = Selectable<PetitionListsTable>;

/** A past bulk invalidation as stored (the petition's staff page). */
export type InvalidationRow = Selectable<PetitionInvalidationsTable>;

/** What a bulk invalidation would touch, shown to staff before they confirm it. */
export interface InvalidationPreview {
  count: number;
  byStatus: Record<string, number>;
  byRegion: Record<string, number>;
  sample: Array<{
    name: string;
    region: string;
    domain: string;
    createdAt: string;
    status: string;
    quarantined: boolean;
  }>;
}

/** The printable pack for the addressee: only the names of signers who agreed to be shown. */
export interface DeliveryPack {
  petition: PetitionView;
  campaign: Campaign;
  names: Array<{ name: string; region: string }>;
}
