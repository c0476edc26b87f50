// Domain types of appeals (letters to officials), the recipients directory and settings schema.
import { z } from 'zod';
import type { Campaign } from '../../core/campaigns/index.ts';
import type { Locale, Translatable } from '../../i18n/locales.ts';

export const BODIES = ['senate', 'majilis', 'government', 'ministry', 'akimat', 'maslikhat', 'other'] as const;
export type Body = (typeof BODIES)[number];
export const CHANNELS = ['mailto', 'smtp', 'eotinish'] as const;
export type Channel = (typeof CHANNELS)[number];
export const TARGET_MODES = ['body', 'regional', 'named'] as const;
export type TargetMode = (typeof TARGET_MODES)[number];

/** Control characters that have no place in a letter or a directory entry (tab and newlines allowed). */
export const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const EOTINISH_URL = 'https://eotinish.kz/';
export const FOLLOW_UP_DAYS = 14;

export interface Recipient {
  id: string;
  externalKey: string | null;
  kind: 'person' | 'body';
  body: Body;
  name: Translatable;
  position: Translatable;
  organisation: Translatable;
  region: string | null;
  languages: Locale[];
  email: string | null;
  postalAddress: string | null;
  termStart: string | null;
  termEnd: string | null;
  active: boolean;
}

/** Whether a recipient can be written to today (active, and their term has not ended). */
export const isCurrent = (r: Recipient, today = new Date().toISOString().slice(0, 10)) =>
  r.active && (!r.termEnd || r.termEnd >= today);

export type RecipientInput = Omit<Recipient, 'id'>;

const tr = (max: number) =>
  z.object({
    kk: z.string().max(max).optional(),
    ru: z.string().max(max).optional(),
    en: z.string().max(max).optional(),
  });
const required = (max: number) => tr(max).refine((v) => !!(v.kk || v.ru || v.en), { message: 'required' });

export const appealSettingsSchema = z.object({
  subject: required(200),
  intro: tr(2000).optional(),
  template: required(8000),
  target_mode: z.enum(TARGET_MODES).default('body'),
  target_body: z.enum(BODIES).default('senate'),
  eotinish_url: z
    .string()
    .max(500)
    .optional()
    .refine((v) => !v || /^https:\/\/\S+$/.test(v), { message: 'url' }),
});

export type AppealSettings = {
  subject: Translatable;
  intro?: Translatable;
  template: Translatable;
  target_mode: TargetMode;
  target_body: Body;
  eotinish_url?: string;
};

export interface AppealSummary {
  id: string;
  namedRecipients: string[];
  letters: Record<Channel, number>;
  recipients: number;
}

export interface ReplyRow {
  recipient: Recipient;
  sent: number;
  known: number;
  replied: number;
}

/** An appeal with its campaign, as the pages and the letters see it. */
export interface AppealView {
  id: string;
  campaign: Campaign;
  settings: AppealSettings;
  published: boolean;
  namedRecipients: string[];
}

/** The supporter's letter form, as posted. */
export interface WriteInput {
  lang?: string;
  region?: string;
  body?: string;
  name?: string;
  email?: string;
  channel?: string;
  followup?: string;
}

/** What a letter says and who signed it; kept sealed, and wiped once no longer needed. */
export interface LetterContent {
  subject: string;
  body: string;
  name: string;
  email: string | null;
}

export type LetterState =
  | { kind: 'invalid' | 'expired' }
  | {
      kind: 'ready' | 'sent' | 'gone';
      appeal: AppealView;
      letterId: string;
      locale: Locale;
      channel: Channel;
      content: LetterContent | null;
      recipients: Recipient[];
      scheduled?: boolean;
    };

/** A letter that was found: its appeal, recipients and (while kept) its sealed content opened. */
export type LetterDetails = Extract<LetterState, { letterId: string }>;

export interface ImportResult {
  created: number;
  updated: number;
  errors: Array<{ line: number; field: string; key: string }>;
}
