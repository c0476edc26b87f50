// The monitor's domain shapes, shared by its rollups, repositories, services and views: scopes and
// the keys of rollup rows, the analytics filter, and the figures the dashboards show.
import type { SpikeEvents } from './spike-events.ts';

/** Scopes the rollups are kept for: 'a' (all posts), 'c:<campaign id>', 't:<hashtag key>'. */
export const SCOPE_ALL = 'a';
export const campaignScope = (id: string) => `c:${id}`;
export const tagScope = (key: string) => `t:${key}`;
/** Hashtag scopes keep fewer dimensions: daily volume only, no author rows. */
export const isTagScope = (scope: string) => scope.startsWith('t:');

/**
 * Everything and campaigns keep volume per hour × platform × language (and the summaries below),
 * co-hashtags and top posts per day and for all time. Hashtags (there are thousands) keep volume per day, their platform and language split, co-
 * hashtags and top posts for all time: '*' stands for "all" in a bucket, platform or language.
 */
export const ALL_TIME = '*';
/** Everything's and campaigns' volume per day (scope@d) and per hour without dimensions (scope@h). */
export const dailyScope = (scope: string) => `${scope}@d`;
export const hourlyTotalScope = (scope: string) => `${scope}@h`;
export const ANY = '*';

export const TOP_N = 10;

/** A post on a top list (stored in short form: see rollups.repository.ts). */
export interface TopEntry {
  /** platform:external_id */
  key: string;
  id: string;
  /** likes + comments + shares */
  score: number;
  platform: string;
  lang: string;
}

export interface Filter {
  scope: string;
  /** Inclusive days, YYYY-MM-DD (UTC). */
  from?: string | null;
  to?: string | null;
  platform?: string | null;
  lang?: string | null;
}

export interface Totals {
  posts: number;
  likes: number;
  comments: number;
  shares: number;
  views: number;
  newAuthors: number;
}

export interface Overview {
  filter: Filter;
  granularity: 'hour' | 'day';
  totals: Totals;
  /**
   * `t` here and in `stacked` and spikes is the time bucket (an hour, YYYY-MM-DDTHH, or a day): the
   * name the pages, the command line, the flashmob block and the tests read, so it stays short.
   */
  series: Array<{ t: string; posts: number; newAuthors: number; engagement: number }>;
  byPlatform: Array<{ key: string; posts: number; engagement: number }>;
  byLang: Array<{ key: string; posts: number }>;
  /** Per platform per time bucket, for stacked charts. */
  stacked: Array<{ t: string; values: Record<string, number> }>;
  uniqueAuthors: number | null;
  spikes: Spike[];
  range: { first: string | null; last: string | null };
}

export interface Spike {
  /** The hour (YYYY-MM-DDTHH, UTC), or the day for a hashtag's daily volume. */
  t: string;
  posts: number;
  /** Robust z-score of its posts. */
  zScore: number;
  /** Observatory moments around it, when the monitor has an event source (see spike-events.ts). */
  events?: SpikeEvents;
}

export interface TopPost {
  id: string;
  platform: string;
  externalId: string;
  url: string | null;
  author: string | null;
  createdAt: string;
  text: string;
  lang: string;
  likes: number;
  comments: number;
  shares: number;
  views: number;
}

export interface TopAuthor {
  key: string;
  platform: string;
  handle: string | null;
  name: string | null;
  followers: number;
  posts: number;
  engagement: number;
}
