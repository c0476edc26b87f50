// Storing a batch of prepared posts: new ones inserted, known ones (same platform + external id)
// refreshed, and every rollup brought up to date in the same transaction, so analytics never
// scan the posts table and a batch is either stored whole or not at all.
import type { Kysely } from 'kysely';
import type { CampaignsService } from '../core/campaigns/campaigns.service.ts';
import type { Database } from '../db/schema.ts';
import { newId, nowIso } from '../db/portable.ts';
import { skeleton, tagKey } from './normalise.ts';
import type { PreparedPost } from './post.ts';
import * as repo from './monitor.repository.ts';
import { aggregate, bucketOf, dailyScope, emptyAggregate, joinKey, mergeTop, splitKey, type Aggregate, type Contribution } from './rollups.ts';

export interface IngestResult {
  inserted: number;
  updated: number;
}

/**
 * Maps hashtags to campaigns through their alias groups: the same folded key, or the same
 * Latin/Cyrillic skeleton. The groups are loaded from the campaigns service before a transaction
 * starts (SQLite has one connection, held by the transaction) and reloaded when campaigns change.
 */
export interface CampaignMatcher {
  load(): Promise<void>;
  match(tagKeys: string[]): string[];
}

export function createCampaignMatcher(campaigns: CampaignsService): CampaignMatcher {
  let index: { exact: Map<string, Set<string>>; skeletons: Map<string, Set<string>> } | null = null;
  const memo = new Map<string, string[]>();
  campaigns.onChange(() => {
    index = null;
    memo.clear();
  });
  const add = (m: Map<string, Set<string>>, k: string, id: string) => (m.get(k) ?? m.set(k, new Set()).get(k)!).add(id);
  return {
    async load() {
      if (index) return;
      const next = { exact: new Map<string, Set<string>>(), skeletons: new Map<string, Set<string>>() };
      for (let page = 1; ; page++) {
        const { items, pages } = await campaigns.list({ includeDrafts: true, status: 'all', perPage: 100, page });
        for (const c of items) {
          for (const h of c.hashtagGroups.flat()) {
            add(next.exact, tagKey(h.tag), c.id);
            const sk = skeleton(h.tag);
            if (sk.length >= 4) add(next.skeletons, sk, c.id);
          }
        }
        if (page >= pages) break;
      }
      index = next;
    },
    match(tagKeys) {
      if (!index) throw new Error('campaign matcher not loaded');
      const out = new Set<string>();
      for (const key of tagKeys) {
        let ids = memo.get(key);
        if (!ids) {
          const sk = skeleton(key);
          ids = [...new Set([...(index.exact.get(key) ?? []), ...(sk.length >= 4 ? (index.skeletons.get(sk) ?? []) : [])])];
          memo.set(key, ids);
        }
        for (const id of ids) out.add(id);
      }
      return [...out].sort();
    },
  };
}

const n = (v: number | null | undefined) => v ?? 0;

export type AddPosts = (posts: PreparedPost[]) => Promise<IngestResult>;

/** Stores posts through one transaction: `add` as many batches as wanted, rollups written at the end. */
export async function withIngest<T>(db: Kysely<Database>, opts: { source: string; matcher: CampaignMatcher; campaignIds?: string[] }, run: (add: AddPosts, trx: Kysely<Database>) => Promise<T>): Promise<T> {
  await opts.matcher.load();
  return db.transaction().execute(async (trx) => {
    const agg = emptyAggregate();
    const spelling = new Map<string, string>();
    const add: AddPosts = (posts) => storePosts(trx, posts, opts, agg, spelling);
    const result = await run(add, trx);
    await writeRollups(trx, agg);
    return result;
  });
}

export const ingestBatch = (db: Kysely<Database>, posts: PreparedPost[], opts: { source: string; matcher: CampaignMatcher; campaignIds?: string[] }): Promise<IngestResult> =>
  withIngest(db, opts, (add) => add(posts));

async function storePosts(trx: Kysely<Database>, posts: PreparedPost[], opts: { source: string; matcher: CampaignMatcher; campaignIds?: string[] }, agg: Aggregate, spelling: Map<string, string>): Promise<IngestResult> {
  // The same post twice in one batch: the later copy wins.
  const unique = new Map<string, PreparedPost>();
  for (const p of posts) unique.set(`${p.platform}:${p.externalId}`, p);
  const now = nowIso();
  const rows: repo.PostRow[] = [];
  const campaignsOf = new Map<string, string[]>();
  for (const [key, p] of unique) {
    const matched = opts.matcher.match(p.tagKeys);
    const ids = opts.campaignIds?.length ? [...new Set([...matched, ...opts.campaignIds])].sort() : matched;
    campaignsOf.set(key, ids);
    rows.push({
      id: newId(),
      platform: p.platform,
      external_id: p.externalId,
      url: p.url,
      author_id: p.authorId,
      author_handle: p.authorHandle,
      author_name: p.authorName,
      author_followers: p.authorFollowers,
      author_key: p.authorKey,
      created_at: p.createdAt,
      text: p.text,
      hashtags: JSON.stringify(p.tags),
      tag_keys: JSON.stringify(p.tagKeys),
      mentions: JSON.stringify(p.mentions),
      links: JSON.stringify(p.links),
      lang: p.lang,
      campaign_ids: JSON.stringify(ids),
      reply_to: p.replyTo,
      repost_of: p.repostOf,
      quote_of: p.quoteOf,
      likes: p.likes,
      comments: p.comments,
      shares: p.shares,
      views: p.views,
      media_count: p.mediaCount,
      source: opts.source,
      raw: p.raw,
      collected_at: p.collectedAt,
      first_seen_at: now,
      updated_at: now,
    });
  }

  {
    const inserted = await repo.insertNewPosts(trx, rows);
    const contributions: Contribution[] = [];
    const known = rows.filter((r) => !inserted.has(`${r.platform}:${r.external_id}`));
    for (const r of rows) {
      const key = `${r.platform}:${r.external_id}`;
      if (!inserted.has(key)) continue;
      const p = unique.get(key)!;
      contributions.push({
        key, id: r.id, platform: r.platform, lang: r.lang, createdAt: r.created_at, tagKeys: p.tagKeys, campaignIds: campaignsOf.get(key)!,
        authorKey: r.author_key, authorHandle: r.author_handle, authorName: r.author_name, authorFollowers: n(r.author_followers),
        posts: 1, likes: n(r.likes), comments: n(r.comments), shares: n(r.shares), views: n(r.views), score: n(r.likes) + n(r.comments) + n(r.shares),
      });
    }
    if (known.length) {
      const stored = new Map((await repo.findPosts(trx, known.map((r) => ({ platform: r.platform, externalId: r.external_id })))).map((s) => [`${s.platform}:${s.external_id}`, s]));
      await repo.refreshPosts(trx, known);
      for (const r of known) {
        const key = `${r.platform}:${r.external_id}`;
        const old = stored.get(key);
        if (!old) continue;
        // Only engagement changes; where a value is not in the new record, the stored one stays.
        const next = { likes: r.likes ?? old.likes, comments: r.comments ?? old.comments, shares: r.shares ?? old.shares, views: r.views ?? old.views };
        contributions.push({
          key, id: old.id, platform: old.platform, lang: old.lang, createdAt: old.created_at, tagKeys: JSON.parse(old.tag_keys), campaignIds: JSON.parse(old.campaign_ids),
          authorKey: old.author_key, authorHandle: r.author_handle, authorName: r.author_name, authorFollowers: n(r.author_followers ?? old.author_followers),
          posts: 0, likes: n(next.likes) - n(old.likes), comments: n(next.comments) - n(old.comments), shares: n(next.shares) - n(old.shares), views: n(next.views) - n(old.views),
          score: n(next.likes) + n(next.comments) + n(next.shares),
        });
      }
    }

    for (const p of unique.values()) p.tagKeys.forEach((k, i) => spelling.has(k) || spelling.set(k, p.tags[i]));
    aggregate(contributions, spelling, agg);
    return { inserted: inserted.size, updated: known.length };
  }
}

async function writeRollups(trx: Kysely<Database>, agg: Aggregate): Promise<void> {
  {

    // New authors: counted in the hour of their first post in the scope, moved when an import
    // brings an earlier post.
    const authors = [...agg.authors.values()];
    if (authors.length) {
      // An insert leaves prev_first_at null; an update sets it to the first post time before.
      const before = await repo.addScopeAuthors(trx, authors);
      const bump = (scope: string, at: string, platform: string, lang: string, by: number) => {
        for (const k of [joinKey(scope, bucketOf(scope, at), platform, lang), joinKey(dailyScope(scope), at.slice(0, 10), platform, lang)]) {
          const cell = agg.hours.get(k) ?? agg.hours.set(k, [0, 0, 0, 0, 0, 0]).get(k)!;
          cell[5] += by;
        }
      };
      const byKey = new Map(authors.map((a) => [joinKey(a.scope, a.authorKey), a]));
      for (const r of before) {
        const a = byKey.get(joinKey(r.scope, r.author_key));
        if (!a || a.posts === 0) continue;
        if (r.prev_first_at === null) bump(a.scope, a.firstAt, a.platform, a.firstLang, 1);
        else if (a.firstAt < r.prev_first_at) {
          bump(a.scope, r.prev_first_at, a.platform, r.prev_first_lang ?? a.firstLang, -1);
          bump(a.scope, a.firstAt, a.platform, a.firstLang, 1);
        }
      }
    }

    await repo.addHours(trx, [...agg.hours].map(([k, v]) => { const [s, h, p, l] = splitKey(k); return [s, h, p, l, v]; }));
    await repo.addTags(trx, [...agg.tags].map(([k, v]) => { const [s, d, t] = splitKey(k); return [s, d, t, v]; }));
    const topKeys = [...agg.top.keys()].map((k) => { const [scope, day] = splitKey(k); return { scope, day }; });
    const storedTop = await repo.loadTop(trx, topKeys);
    const changed: Array<[string, string, string]> = [];
    for (const [k, candidates] of agg.top) {
      const before = storedTop.get(k) ?? [];
      const merged = mergeTop(before, candidates, !k.startsWith('t:'));
      const json = JSON.stringify(merged);
      if (json !== JSON.stringify(before)) {
        const [scope, day] = splitKey(k);
        changed.push([scope, day, json]);
      }
    }
    await repo.saveTop(trx, changed);
    await repo.addTagDirectory(trx, [...agg.tagDir].map(([key, d]) => [key, d.tag, skeleton(key), d.posts, d.firstAt, d.lastAt]));
  }
}
