// Caseworkers' e-mail notices: the choices each person makes, and what the settings are.

export const FREQUENCIES = ['immediate', 'digest', 'none'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const isFrequency = (v: unknown): v is Frequency => (FREQUENCIES as readonly unknown[]).includes(v);

/** What a notice can be about: new testimonies and survivors' messages, or cases about to be deleted. */
export type NoticeKind = 'arrivals' | 'expiry';
export const KINDS: readonly NoticeKind[] = ['arrivals', 'expiry'];

export interface NotifyPrefs {
  arrivals: Frequency;
  expiry: Frequency;
  /** The language of her mails; null until she chooses (then every mail is in all three). */
  locale: 'kk' | 'ru' | 'en' | null;
}

/**
 * Until she chooses: new testimonies and replies right away (someone may be waiting for an answer,
 * and the interval keeps a burst to one mail); deletion warnings in the daily digest (they come a
 * warning period ahead, so a day's delay costs nothing).
 */
export const DEFAULT_PREFS: NotifyPrefs = { arrivals: 'immediate', expiry: 'digest', locale: null };

export interface NotifySettings {
  intervalMinutes: number;
  digestHour: number;
  timeZone: string;
  warningDays: number;
}
