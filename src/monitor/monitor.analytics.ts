// Dashboard figures, read from the rollups only (never by scanning posts): volume over time,
// platform and language split, engagement, unique and new authors, top posts and authors,
// co-hashtags, spikes (robust z-score on hourly counts) and share of voice between campaigns.
import type { Db } from '../db/database.ts';
import { recentImports } from './imports.repository.ts';
import { skeleton, tagKey } from './normalise.ts';
import { postsByIds } from './posts.repository.ts';
import {
  coTags,
  postsByBucket,
  postsByLang,
  tagAllTimeSplit,
  tagDailyVolume,
  topLists,
  topScopeAuthors,
  volumeByPlatform,
  type Days,
} from './rollups.repository.ts';
import { findTag, listTags, spellings } from './tags.repository.ts';
import {
  ANY,
  campaignScope,
  dailyScope,
  hourlyTotalScope,
  isTagScope,
  SCOPE_ALL,
  tagScope,
  TOP_N,
  type Filter,
  type Overview,
  type Spike,
  type TopAuthor,
  type TopEntry,
  type TopPost,
  type Totals,
} from './monitor.model.ts';

export interface Analytics {
  overview(filter: Filter, granularity?: 'hour' | 'day'): Promise<Overview>;
  topPosts(filter: Filter, limit?: number): Promise<TopPost[]>;
  topAuthors(filter: Filter, limit?: number): Promise<TopAuthor[]>;
  coHashtags(filter: Filter, limit?: number): Promise<Array<{ key: string; tag: string; posts: number }>>;
  shareOfVoice(
    scopes: string[],
    filter: Omit<Filter, 'scope'>,
  ): Promise<Array<{ scope: string; posts: number; series: Array<{ t: string; posts: number }> }>>;
  hashtags(opts: {
    /** Text the hashtag's key contains. */
    search?: string;
    limit?: number;
  }): Promise<Array<{ key: string; tag: string; posts: number; lastAt: string }>>;
  hashtag(
    keyOrTag: string,
  ): Promise<{ key: string; tag: string; posts: number; firstAt: string; lastAt: string } | null>;
  scopeFor(kind: 'all' | 'campaign' | 'hashtag', id?: string): string;
  imports(limit?: number): Promise<
    Array<{
      id: string;
      fileName: string;
      format: string;
      status: string;
      read: number;
      inserted: number;
      updated: number;
      rejected: number;
      startedBy: string;
      startedAt: string;
      finishedAt: string | null;
      reasons: Record<string, number>;
    }>
  >;
}

/** Robust z-score (median and median absolute deviation); buckets above 3.5 are spikes. */
export function spikes(series: Array<{ t: string; posts: number }>, threshold = 3.5): Spike[] {
  if (series.length < 8) return [];
  const values = series.map((s) => s.posts).sort((a, b) => a - b);
  const median = values[Math.floor(values.length / 2)];
  const deviations = values.map((v) => Math.abs(v - median)).sort((a, b) => a - b);
  const mad = deviations[Math.floor(deviations.length / 2)] || 1;
  return series
    .map((s) => ({ ...s, zScore: Math.round(((0.6745 * (s.posts - median)) / mad) * 10) / 10 }))
    .filter((s) => s.zScore >= threshold && s.posts >= 5)
    .sort((a, b) => b.zScore - a.zScore)
    .slice(0, 10);
}

/** Fills missing buckets with zeros so charts show quiet hours or days (20,000 buckets at most). */
function fill(
  buckets: Map<string, number>,
  granularity: 'hour' | 'day',
  first: string,
  last: string,
): Array<{ bucket: string; value: number }> {
  const out: Array<{ bucket: string; value: number }> = [];
  const end = Date.parse(`${last.slice(0, 10)}T00:00:00Z`);
  // One Date per day, not per hour (a quarter is two thousand hours); hours are made within the day.
  for (let t = Date.parse(`${first.slice(0, 10)}T00:00:00Z`); t <= end && out.length < 20_000; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (granularity === 'day') out.push({ bucket: day, value: buckets.get(day) ?? 0 });
    else {
      for (const hh of HOURS) {
        const key = `${day}T${hh}`;
        if (key >= first && key <= last && out.length < 20_000) out.push({ bucket: key, value: buckets.get(key) ?? 0 });
      }
    }
  }
  return out;
}
const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

type Row = {
  bucket: string;
  platform: string;
  posts: number;
  likes: number;
  comments: number;
  shares: number;
  views: number;
  new_authors: number;
};

/** Totals, series, platform split and the stacked-by-platform view of rollup rows (callers read the language split on its own). */
function summarise(rows: Row[], granularity: 'hour' | 'day', f: Filter): Overview {
  const totals: Totals = { posts: 0, likes: 0, comments: 0, shares: 0, views: 0, newAuthors: 0 };
  const perT = new Map<string, { posts: number; newAuthors: number; engagement: number }>();
  const platforms = new Map<string, { posts: number; engagement: number }>();
  const stacked = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const posts = Number(r.posts);
    const engagement = Number(r.likes) + Number(r.comments) + Number(r.shares);
    totals.posts += posts;
    totals.likes += Number(r.likes);
    totals.comments += Number(r.comments);
    totals.shares += Number(r.shares);
    totals.views += Number(r.views);
    totals.newAuthors += Number(r.new_authors);
    const cell = perT.get(r.bucket) ?? perT.set(r.bucket, { posts: 0, newAuthors: 0, engagement: 0 }).get(r.bucket)!;
    cell.posts += posts;
    cell.newAuthors += Number(r.new_authors);
    cell.engagement += engagement;
    const p = platforms.get(r.platform) ?? platforms.set(r.platform, { posts: 0, engagement: 0 }).get(r.platform)!;
    p.posts += posts;
    p.engagement += engagement;
    const st = stacked.get(r.bucket) ?? stacked.set(r.bucket, {}).get(r.bucket)!;
    st[r.platform] = (st[r.platform] ?? 0) + posts;
  }
  const keys = [...perT.keys()].sort();
  const first = keys[0] ?? null;
  const last = keys[keys.length - 1] ?? null;
  const series =
    first && last
      ? fill(new Map(keys.map((k) => [k, 1])), granularity, first, last).map(({ bucket }) => ({
          t: bucket,
          ...(perT.get(bucket) ?? { posts: 0, newAuthors: 0, engagement: 0 }),
        }))
      : [];
  return {
    filter: f,
    granularity,
    totals,
    series,
    byPlatform: [...platforms].map(([key, v]) => ({ key, ...v })).sort((a, b) => b.posts - a.posts),
    byLang: [],
    stacked: series.map(({ t }) => ({ t, values: stacked.get(t) ?? {} })),
    uniqueAuthors: null,
    spikes: spikes(series),
    range: { first, last },
  };
}

/** The per-day rows a filter reads (top lists, co-hashtags): hashtags and unbounded filters read all time. */
const daysOf = (f: Filter): Days =>
  isTagScope(f.scope) || (!f.from && !f.to) ? null : { from: f.from ?? '0000', to: f.to ?? '9999' };

export function createAnalytics(db: Db): Analytics {
  /** A hashtag: daily volume (dates filter it), platform and language split for all time. */
  async function hashtagOverview(f: Filter): Promise<Overview> {
    const days = await tagDailyVolume(db, f);
    const o = summarise(
      days.map((d) => ({ ...d, platform: 'all', new_authors: 0 })),
      'day',
      { scope: f.scope, from: f.from, to: f.to },
    );
    const split = await tagAllTimeSplit(db, f.scope);
    o.byPlatform = split
      .filter((r) => r.platform !== ANY)
      .map((r) => ({
        key: r.platform,
        posts: Number(r.posts),
        engagement: Number(r.likes) + Number(r.comments) + Number(r.shares),
      }))
      .sort((a, b) => b.posts - a.posts);
    o.byLang = split
      .filter((r) => r.lang !== ANY)
      .map((r) => ({ key: r.lang, posts: Number(r.posts) }))
      .sort((a, b) => b.posts - a.posts);
    return o;
  }

  const analytics: Analytics = {
    scopeFor(kind, id) {
      return kind === 'all'
        ? SCOPE_ALL
        : kind === 'campaign'
          ? campaignScope(id!)
          : tagScope(tagKey(id!.replace(/^[#＃]+/, '')));
    },

    async overview(f, wanted) {
      if (isTagScope(f.scope)) return hashtagOverview(f);
      const granularity = wanted ?? 'day';
      // Days come from the daily summary, hours from the hourly cells. Summed over languages in SQL
      // (a quarter by day: 360 rows instead of 1,800; handing rows over costs more than summing
      // them); the language split is a query of its own.
      const source = granularity === 'day' ? { ...f, scope: dailyScope(f.scope) } : f;
      const rows = await volumeByPlatform(db, source);
      const langs = await postsByLang(db, source);
      const o = summarise(rows, granularity, f);
      o.byLang = langs.map((r) => ({ key: r.lang, posts: Number(r.posts) })).sort((a, b) => b.posts - a.posts);
      // Spikes are found on hourly counts: the dimensionless hourly totals unless a filter needs the cells.
      let hourly = o.series;
      if (granularity === 'day' && o.range.first) {
        const cells = f.platform || f.lang ? f : { ...f, scope: hourlyTotalScope(f.scope) };
        const h = await postsByBucket(db, cells);
        const m = new Map(h.map((r) => [r.bucket, Number(r.posts)]));
        const hk = [...m.keys()].sort();
        hourly = hk.length
          ? fill(m, 'hour', hk[0], hk[hk.length - 1]).map(({ bucket, value }) => ({
              t: bucket,
              posts: value,
              newAuthors: 0,
              engagement: 0,
            }))
          : [];
      }
      o.spikes = spikes(hourly);
      // Every author is a new author once, in the hour of their first post in the scope (authors are
      // per platform), so over all time and languages the new authors are the unique authors.
      if (!f.from && !f.to && !f.lang) o.uniqueAuthors = o.totals.newAuthors;
      return o;
    },

    async topPosts(f, limit = TOP_N) {
      const best = new Map<string, TopEntry>();
      for (const list of await topLists(db, f.scope, daysOf(f))) {
        for (const e of list) {
          if ((f.platform && e.platform !== f.platform) || (f.lang && e.lang !== f.lang)) continue;
          const seen = best.get(e.key);
          if (!seen || seen.score < e.score) best.set(e.key, e);
        }
      }
      const ids = [...best.values()]
        .sort((a, b) => b.score - a.score)
        .slice(0, limit)
        .map((e) => e.id);
      if (!ids.length) return [];
      const rows = await postsByIds(db, ids);
      return rows
        .map((r) => ({
          id: r.id,
          platform: r.platform,
          externalId: r.external_id,
          url: r.url,
          author: r.author_handle,
          createdAt: r.created_at,
          text: r.text,
          lang: r.lang,
          likes: Number(r.likes ?? 0),
          comments: Number(r.comments ?? 0),
          shares: Number(r.shares ?? 0),
          views: Number(r.views ?? 0),
        }))
        .sort((a, b) => b.likes + b.comments + b.shares - (a.likes + a.comments + a.shares));
    },

    async topAuthors(f, limit = 10) {
      if (isTagScope(f.scope)) return [];
      const rows = await topScopeAuthors(db, f, limit);
      return rows.map((r) => ({
        key: r.author_key,
        platform: r.platform,
        handle: r.handle,
        name: r.name,
        followers: Number(r.followers),
        posts: Number(r.posts),
        engagement: Number(r.engagement),
      }));
    },

    async coHashtags(f, limit = 20) {
      const rows = await coTags(db, f.scope, daysOf(f), limit);
      if (!rows.length) return [];
      const spell = new Map(
        (
          await spellings(
            db,
            rows.map((r) => r.tag),
          )
        ).map((r) => [r.key, r.tag]),
      );
      return rows.map((r) => ({ key: r.tag, tag: spell.get(r.tag) ?? r.tag, posts: Number(r.posts) }));
    },

    async shareOfVoice(scopes, f) {
      const out = [];
      for (const scope of scopes) {
        const o = await analytics.overview({ ...f, scope }, 'day');
        out.push({ scope, posts: o.totals.posts, series: o.series.map((s) => ({ t: s.t, posts: s.posts })) });
      }
      return out;
    },

    async hashtags({ search, limit = 50 }) {
      // The key as typed, or the same tag in the other script (#ZañdyÖzgert finds #ЗаңдыӨзгерт).
      const wanted = search?.replace(/^[#＃]+/, '').trim();
      const rows = await listTags(
        db,
        wanted ? { key: tagKey(wanted), skeleton: skeleton(wanted) } : null,
        Math.min(limit, 500),
      );
      return rows.map((r) => ({ key: r.key, tag: r.tag, posts: Number(r.posts), lastAt: r.last_at }));
    },

    async hashtag(keyOrTag) {
      const r = await findTag(db, tagKey(keyOrTag.replace(/^#/, '')));
      return r ? { key: r.key, tag: r.tag, posts: Number(r.posts), firstAt: r.first_at, lastAt: r.last_at } : null;
    },

    async imports(limit = 20) {
      const rows = await recentImports(db, limit);
      return rows.map((r) => ({
        id: r.id,
        fileName: r.file_name,
        format: r.format,
        status: r.status,
        read: r.read,
        inserted: r.inserted,
        updated: r.updated,
        rejected: r.rejected,
        startedBy: r.started_by,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        reasons: JSON.parse(r.reasons),
      }));
    },
  };
  return analytics;
}
