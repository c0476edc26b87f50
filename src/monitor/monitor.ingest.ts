// Storing a batch of prepared posts: new ones inserted, known ones (same platform + external id)
// refreshed, and every rollup brought up to date in the same transaction, so analytics never
// scan the posts table and a batch is either stored whole or not at all.
import type { Kysely } from 'kysely';
import type { CampaignsService } from '../core/campaigns/index.ts';
import type { Database } from '../db/schema.ts';
import { newId, nowIso, shareSqliteBulk } from '../db/portable.ts';
import { skeleton, tagKey } from './normalise.ts';
import type { PreparedPost } from './post.ts';
import { findPosts, insertNewPosts, refreshPosts, type PostRow } from './posts.repository.ts';
import { addHours, addScopeAuthors, addTags, loadTop, saveTop } from './rollups.repository.ts';
import { addTagDirectory } from './tags.repository.ts';
import {
  addContribution,
  authorRows,
  bumpNewAuthors,
  cotagRows,
  emptyAggregate,
  hourRows,
  mergeTop,
  sameTop,
  SEP,
  type Aggregate,
} from './rollups.ts';
import type { TopEntry } from './monitor.model.ts';

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
  /** Sorted campaign ids; the array may be shared with other posts: never modify it. */
  match(tagKeys: string[]): string[];
}

const NO_CAMPAIGNS: string[] = [];
const jsonList = (xs: string[]): string => (xs.length ? JSON.stringify(xs) : '[]');

/** JSON of the campaign id arrays the matcher shares between posts, made once per array. */
const idsJson = new WeakMap<string[], string>();
const jsonOf = (ids: string[]): string => {
  let j = idsJson.get(ids);
  if (j === undefined) idsJson.set(ids, (j = JSON.stringify(ids)));
  return j;
};

export function createCampaignMatcher(campaigns: CampaignsService): CampaignMatcher {
  let index: { exact: Map<string, Set<string>>; skeletons: Map<string, Set<string>> } | null = null;
  // Campaigns of each hashtag key: sorted arrays, shared between posts and never modified.
  const ofTag = new Map<string, string[]>();
  campaigns.onChange(() => {
    index = null;
    ofTag.clear();
  });
  const add = (m: Map<string, Set<string>>, k: string, id: string) => (m.get(k) ?? m.set(k, new Set()).get(k)!).add(id);
  const forTag = (key: string): string[] => {
    let ids = ofTag.get(key);
    if (!ids) {
      const sk = skeleton(key);
      ids = [
        ...new Set([...(index!.exact.get(key) ?? []), ...(sk.length >= 4 ? (index!.skeletons.get(sk) ?? []) : [])]),
      ].sort();
      if (ofTag.size >= 100_000) ofTag.clear();
      ofTag.set(key, ids);
    }
    return ids;
  };
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
      // Most hashtags belong to no campaign: the union is only built when two tags have some.
      let one: string[] = NO_CAMPAIGNS;
      let union: Set<string> | null = null;
      for (const key of tagKeys) {
        const ids = forTag(key);
        if (!ids.length || ids === one) continue;
        if (!one.length) one = ids;
        else {
          union ??= new Set(one);
          for (const id of ids) union.add(id);
        }
      }
      return union ? [...union].sort() : one;
    },
  };
}

const n = (v: number | null | undefined) => v ?? 0;

/**
 * A batch handed to the transaction: its posts are on their way to the database; `settle()` waits
 * for them and adds what they change to the rollups. Batches are settled in the order they were
 * added, and a caller may add the next batch before settling the last (the database then stores
 * one while this thread sums up the other).
 */
export interface StoredBatch {
  settle(): Promise<IngestResult>;
}

export type AddPosts = (posts: PreparedPost[]) => StoredBatch;

export interface IngestOptions {
  source: string;
  matcher: CampaignMatcher;
  /** Campaigns every post counts for, besides those its hashtags match. */
  campaignIds?: string[];
}

/** The rollups a transaction has gathered in memory and not written yet. */
export interface PendingRollups {
  /** Entries held, roughly: what a caller bounds memory by. */
  size(): number;
  /** Writes them (inside the transaction) and starts afresh; no batch may be unsettled meanwhile. */
  write(): Promise<void>;
}

/**
 * Stores posts through one transaction: `add` as many batches as wanted (settling each, see
 * StoredBatch); the rollups they add are gathered in memory and written at the end, or before when
 * the caller bounds memory with `rollups.write()`.
 */
export async function withIngest<T>(
  db: Kysely<Database>,
  opts: IngestOptions,
  run: (add: AddPosts, trx: Kysely<Database>, rollups: PendingRollups) => Promise<T>,
): Promise<T> {
  await opts.matcher.load();
  return db.transaction().execute(async (t) => {
    // On SQLite the hot statements run prepared on the transaction's connection (see portable.ts).
    const trx = shareSqliteBulk(t, db);
    let agg = emptyAggregate();
    const rollups: PendingRollups = {
      size: () => agg.size,
      async write() {
        const full = agg;
        agg = emptyAggregate();
        await writeRollups(trx, full);
      },
    };
    const result = await run((posts) => storePosts(trx, posts, opts, agg), trx, rollups);
    await rollups.write();
    return result;
  });
}

export const ingestBatch = (db: Kysely<Database>, posts: PreparedPost[], opts: IngestOptions): Promise<IngestResult> =>
  withIngest(db, opts, (add) => add(posts).settle());

/** The same post twice in one batch: the later copy wins (in the place of the first). */
function dedupe(posts: PreparedPost[]): PreparedPost[] {
  const out: PreparedPost[] = [];
  const seen = new Map<string, Map<string, number>>();
  for (const p of posts) {
    let ids = seen.get(p.platform);
    if (!ids) seen.set(p.platform, (ids = new Map()));
    const at = ids.get(p.externalId);
    if (at === undefined) {
      ids.set(p.externalId, out.length);
      out.push(p);
    } else out[at] = p;
  }
  return out;
}

/** The stored row of a prepared post that counts for these campaigns (a fresh id; first seen now). */
export function postRow(p: PreparedPost, campaignIds: string[], source: string, now: string): PostRow {
  return {
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
    hashtags: jsonList(p.tags),
    tag_keys: jsonList(p.tagKeys),
    mentions: jsonList(p.mentions),
    links: jsonList(p.links),
    lang: p.lang,
    campaign_ids: jsonOf(campaignIds),
    reply_to: p.replyTo,
    repost_of: p.repostOf,
    quote_of: p.quoteOf,
    likes: p.likes,
    comments: p.comments,
    shares: p.shares,
    views: p.views,
    media_count: p.mediaCount,
    source,
    raw: p.raw,
    collected_at: p.collectedAt,
    first_seen_at: now,
    updated_at: now,
  };
}

function storePosts(trx: Kysely<Database>, posts: PreparedPost[], opts: IngestOptions, agg: Aggregate): StoredBatch {
  const unique = dedupe(posts);
  const now = nowIso();
  const campaignsOf: string[][] = [];
  const rows: PostRow[] = unique.map((p) => {
    const matched = opts.matcher.match(p.tagKeys);
    const ids = opts.campaignIds?.length ? [...new Set([...matched, ...opts.campaignIds])].sort() : matched;
    campaignsOf.push(ids);
    return postRow(p, ids, opts.source, now);
  });
  for (const p of unique) p.tagKeys.forEach((k, i) => agg.spelling.has(k) || agg.spelling.set(k, p.tags[i]));

  const sent = insertNewPosts(trx, rows);
  sent.catch(() => {}); // a failure is thrown by settle()
  return {
    async settle() {
      const inserted = await sent;
      const known: PostRow[] = [];
      rows.forEach((r, i) => {
        if (!inserted[i]) {
          known.push(r);
          return;
        }
        addContribution(agg, {
          id: r.id,
          platform: r.platform,
          externalId: r.external_id,
          lang: r.lang,
          createdAt: r.created_at,
          tagKeys: unique[i].tagKeys,
          campaignIds: campaignsOf[i],
          authorKey: r.author_key,
          authorHandle: r.author_handle,
          authorName: r.author_name,
          authorFollowers: n(r.author_followers),
          posts: 1,
          likes: n(r.likes),
          comments: n(r.comments),
          shares: n(r.shares),
          views: n(r.views),
          score: n(r.likes) + n(r.comments) + n(r.shares),
        });
      });
      if (known.length) {
        const stored = new Map(
          (
            await findPosts(
              trx,
              known.map((r) => ({ platform: r.platform, externalId: r.external_id })),
            )
          ).map((s) => [`${s.platform}:${s.external_id}`, s]),
        );
        await refreshPosts(trx, known);
        for (const r of known) {
          const old = stored.get(`${r.platform}:${r.external_id}`);
          if (!old) continue;
          // Only engagement changes; where a value is not in the new record, the stored one stays.
          const next = {
            likes: r.likes ?? old.likes,
            comments: r.comments ?? old.comments,
            shares: r.shares ?? old.shares,
            views: r.views ?? old.views,
          };
          addContribution(agg, {
            id: old.id,
            platform: old.platform,
            externalId: old.external_id,
            lang: old.lang,
            createdAt: old.created_at,
            tagKeys: JSON.parse(old.tag_keys),
            campaignIds: JSON.parse(old.campaign_ids),
            authorKey: old.author_key,
            authorHandle: r.author_handle,
            authorName: r.author_name,
            authorFollowers: n(r.author_followers ?? old.author_followers),
            posts: 0,
            likes: n(next.likes) - n(old.likes),
            comments: n(next.comments) - n(old.comments),
            shares: n(next.shares) - n(old.shares),
            views: n(next.views) - n(old.views),
            score: n(next.likes) + n(next.comments) + n(next.shares),
          });
        }
      }
      return { inserted: rows.length - known.length, updated: known.length };
    },
  };
}

async function writeRollups(trx: Kysely<Database>, agg: Aggregate): Promise<void> {
  // New authors: counted in the hour of their first post in the scope, moved when an import
  // brings an earlier post (the author rows' merge tells which).
  const moved = await addScopeAuthors(trx, authorRows(agg));
  for (const m of moved) {
    const r = agg.scopes.get(m.scope);
    if (!r) continue;
    bumpNewAuthors(r, m.hour, m.platform, m.lang, m.authors);
    if (m.prev_hour !== null) bumpNewAuthors(r, m.prev_hour, m.platform, m.prev_lang ?? m.lang, -m.authors);
  }
  await addHours(trx, hourRows(agg));
  await addTags(trx, cotagRows(agg));
  const lists: Array<{ scope: string; day: string; perDimension: boolean; candidates: TopEntry[] }> = [];
  for (const r of agg.scopes.values())
    for (const [day, list] of r.top)
      lists.push({ scope: r.scope, day, perDimension: r.tag === null, candidates: list.entries });
  const storedTop = await loadTop(trx, lists);
  const changed: Array<{ scope: string; day: string; entries: TopEntry[] }> = [];
  for (const l of lists) {
    const before = storedTop.get(l.scope + SEP + l.day) ?? [];
    const merged = mergeTop(before, l.candidates, l.perDimension);
    if (!sameTop(merged, before)) changed.push({ scope: l.scope, day: l.day, entries: merged });
  }
  await saveTop(trx, changed);
  await addTagDirectory(
    trx,
    [...agg.tagDir].map(([key, d]) => [key, d.tag, skeleton(key), d.posts, d.firstAt, d.lastAt]),
  );
}
