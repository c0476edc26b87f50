// The help directory's domain: kinds of service, the needs a survivor can name, and a directory entry.
import type { Locale, Translatable } from '../i18n/locales.ts';

export const HELP_KINDS = ['hotline', 'crisis_centre', 'shelter', 'legal', 'psychological', 'medical'] as const;
export type HelpKind = (typeof HELP_KINDS)[number];

/** What help a survivor can ask for; the testimony form uses the same list. */
export const NEEDS = ['legal', 'psychological', 'medical', 'shelter', 'heard'] as const;
export type Need = (typeof NEEDS)[number];

export const SERVES = ['women', 'children', 'men'] as const;
export type Serves = (typeof SERVES)[number];

export const COSTS = ['free', 'mixed', 'paid'] as const;
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
  status: 'published' | 'hidden';
  version: number;
  updatedAt: string;
}

export type HelpEntryInput = Omit<HelpEntry, 'id' | 'referenceKey' | 'version' | 'updatedAt'>;

export const isNeed = (v: unknown): v is Need => typeof v === 'string' && (NEEDS as readonly string[]).includes(v);
