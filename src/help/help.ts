// The help directory's domain: kinds of service, the needs a survivor can name, and a directory entry.
import type { Locale, Translatable } from '../i18n/locales.ts';

export const HELP_KINDS = ['hotline', 'crisis_centre', 'shelter', 'legal', 'psychological', 'medical'] as const;
export type HelpKind = (typeof HELP_KINDS)[number];

/** What help a survivor can ask for; the testimony form uses the same list. */
export const NEEDS = ['legal', 'psychological', 'medical', 'shelter', 'heard'] as const;
export type Need = (typeof NEEDS)[number];

export const SERVES = ['women', 'children', 'men'] as const;
export type Serves = (typeof SERVES)[number];

// `unknown`: the source did not say (imported lists rarely do); the public card then says nothing.
export const COSTS = ['free', 'mixed', 'paid', 'unknown'] as const;
export type Cost = (typeof COSTS)[number];

/** A service in the directory (a hotline, a shelter, a lawyer…). */
export interface HelpEntry {
  id: string;
  referenceKey: string | null;
  kind: HelpKind;
  name: Translatable;
  description: Translatable;
  regionCode: string | null;
  city: Translatable;
  address: Translatable;
  hours: Translatable;
  phone: string;
  website: string;
  languages: Locale[];
  serves: Serves[];
  needs: Need[];
  cost: Cost;
  verifiedOn: string | null;
  /** Who verified these details (an organisation, a published list); empty for entries typed by staff without one. */
  source: string;
  status: 'published' | 'hidden';
  version: number;
  updatedAt: string;
  /** Last verified more than STALE_AFTER_DAYS ago (computed when read; false when never verified). */
  stale: boolean;
}

export type HelpEntryInput = Omit<HelpEntry, 'id' | 'referenceKey' | 'version' | 'updatedAt' | 'stale'>;

/** After a year, phone numbers and addresses of small organisations have often changed. */
export const STALE_AFTER_DAYS = 365;

/** The last day (YYYY-MM-DD) a verification still counts as fresh on `today`. */
export function staleBefore(today: string): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - STALE_AFTER_DAYS);
  return d.toISOString().slice(0, 10);
}

export const isStale = (verifiedOn: string | null, today: string): boolean =>
  verifiedOn !== null && verifiedOn < staleBefore(today);

/** The numbers in a phone cell: "8 727 000 00 00, +7 701 000 00 00; 111" → three numbers. */
export const splitPhones = (phone: string): string[] =>
  phone
    .split(/\s*(?:[,;\/\n]|\s(?:or|или|немесе)\s)\s*/i)
    .map((p) => p.trim())
    .filter(Boolean);

export const isNeed = (v: unknown): v is Need => typeof v === 'string' && (NEEDS as readonly string[]).includes(v);
