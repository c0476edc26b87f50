// The testimony domain: what she can tell us, what she consents to, and how a case moves.
import type { Need } from '../../help/index.ts';
import type { WrappedSecret } from './crypto.ts';

export const CONSENTS = ['private', 'statistics', 'publish'] as const;
export type Consent = (typeof CONSENTS)[number];
/** Statistics consent includes everyone who also agreed to publication. */
export const countsInStatistics = (c: Consent) => c === 'statistics' || c === 'publish';

export const STATUSES = ['new', 'in_progress', 'referred', 'closed'] as const;
export type CaseStatus = (typeof STATUSES)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const RELATIONSHIPS = [
  'partner',
  'former_partner',
  'family',
  'acquaintance',
  'colleague',
  'official',
  'stranger',
  'other',
  'unsaid',
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
export const POLICE = ['yes', 'no', 'refused', 'unsaid'] as const;
export type Police = (typeof POLICE)[number];

export const WARNINGS = ['sexual_violence', 'physical_violence', 'children', 'suicide'] as const;

export const LIMITS = {
  story: 20_000,
  since: 5_000,
  contact: 500,
  city: 100,
  whenNote: 100,
  message: 10_000,
  note: 10_000,
  draft: 20_000,
  summary: 2_000,
  files: 5,
  fileBytes: 10 * 1024 * 1024,
  /** A sealed testimony holds the texts above plus attachment keys: 64 KiB of JSON is ample. */
  envelopeBytes: 64 * 1024,
  messageEnvelopeBytes: 32 * 1024,
  tags: 10,
  tag: 40,
} as const;

/** What the survivor's browser seals (or the server, in the no-JavaScript fallback). */
export interface TestimonyPayload {
  v: 1;
  lang: string;
  story: string;
  when: { month: number | null; year: number | null; note: string };
  region: string | null;
  city: string;
  relationship: Relationship;
  police: Police;
  since: string;
  help: Need[];
  consent: Consent;
  referral: boolean;
  contact: string;
  files: AttachmentRef[];
}

export interface MessagePayload {
  v: 1;
  text: string;
  files: AttachmentRef[];
}

export interface AttachmentRef {
  position: number;
  name: string;
  type: string;
  size: number;
  key: string;
}

export interface Testimony {
  id: string;
  componentId: string | null;
  orgKeyId: string;
  survivorPk: string;
  envelope: string;
  mode: 'browser' | 'server';
  consent: Consent;
  referralOk: boolean;
  status: CaseStatus;
  priority: Priority;
  assigneeId: string | null;
  tags: string[];
  statsDone: boolean;
  referralServiceId: string | null;
  createdOn: string;
  lastActivityOn: string;
  expiresOn: string;
  warnedOn: string | null;
}

export interface TestimonyItem {
  id: string;
  seq: number;
  kind: 'message' | 'reply' | 'note' | 'draft';
  staffId: string | null;
  orgKeyId: string;
  forOrg: string;
  forSurvivor: string | null;
  draftDigest: string | null;
  draftState: 'proposed' | 'approved' | 'rejected' | 'withdrawn' | null;
  createdOn: string;
  files: Array<{ id: string; position: number; size: number }>;
}

export interface Story {
  id: string;
  componentId: string | null;
  body: string;
  warnings: string[];
  publishedOn: string;
}

/** An organisation key: its public half; the private half exists only sealed (see keys.service.ts). */
export interface OrgKey {
  id: string;
  publicKey: string;
  previousKeyId: string | null;
  previousSealed: string | null;
  status: 'active' | 'retired';
  createdAt: string;
}

/** What a staff member's browser needs to open the organisation keys. */
export interface KeyRing {
  /** Her own personal key, if she made one. */
  own: { publicKey: string; wrapped: WrappedSecret } | null;
  /** Organisation keys, newest first, each with the grant sealed to her personal key when she has one. */
  orgKeys: Array<OrgKey & { grant: string | null }>;
}

/** How far key set-up has come (the keys page's steps and the first-run checklist). */
export interface KeyProgress {
  ownKey: boolean;
  orgKey: boolean;
  /** People who handle cases (the list passed in). */
  handlers: number;
  /** Of them, those who have made a personal key. */
  withKey: number;
  /** Of them, those who hold the active organisation key. */
  granted: number;
}

export interface KeyHolder {
  userId: string;
  publicKey: string;
  granted: boolean; // holds the active organisation key
}

export const today = (ms = Date.now()) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => today(Date.parse(day + 'T00:00:00Z') + n * 86_400_000);
