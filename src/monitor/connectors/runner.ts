// Runs the configured connectors for the followed hashtags (the alias groups of live campaigns,
// plus MONITOR_TAGS): fetches from the saved state, stores posts like an import, saves the new
// state. A rate-limited query is skipped until its time comes; one failing query does not stop
// the others.
import type { Kysely } from 'kysely';
import type { CampaignsService } from '../../core/campaigns/index.ts';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../db/portable.ts';
import { ingestBatch, type CampaignMatcher } from '../monitor.ingest.ts';
import { getCursor, saveCursor } from '../cursors.repository.ts';
import { preparePost, RejectError, type PreparedPost } from '../post.ts';
import type { Connector, State } from './connectors.ts';
import { RateLimited } from './http.ts';

export interface FetchResult {
  connector: string;
  query: string;
  fetched: number;
  inserted: number;
  updated: number;
  rejected: number;
  error: string | null;
}

export async function followedTags(campaigns: CampaignsService, extra: readonly string[]): Promise<string[]> {
  const tags = new Map<string, string>();
  for (let page = 1; ; page++) {
    const { items, pages } = await campaigns.list({ status: 'live', perPage: 100, page });
    for (const c of items) for (const h of c.hashtagGroups.flat()) tags.set(h.tag.toLowerCase(), h.tag);
    if (page >= pages) break;
  }
  for (const t of extra) tags.set(t.toLowerCase(), t);
  return [...tags.values()];
}

export async function runConnectors(
  db: Kysely<Database>,
  matcher: CampaignMatcher,
  connectors: Connector[],
  tags: string[],
  maxPages: number,
): Promise<FetchResult[]> {
  const results: FetchResult[] = [];
  for (const c of connectors) {
    for (const query of c.queries(tags)) {
      const saved = await getCursor(db, c.name, query);
      const state: State = saved?.cursor ? JSON.parse(saved.cursor) : {};
      const result: FetchResult = {
        connector: c.name,
        query,
        fetched: 0,
        inserted: 0,
        updated: 0,
        rejected: 0,
        error: null,
      };
      if (typeof state.retryAt === 'number' && state.retryAt > Date.now()) {
        result.error = `waiting for the rate limit until ${new Date(state.retryAt).toISOString()}`;
        results.push(result);
        continue;
      }
      let next: State = { ...state, retryAt: undefined };
      try {
        const { posts, state: after } = await c.fetch(query, state, maxPages);
        result.fetched = posts.length;
        const prepared: PreparedPost[] = [];
        for (const p of posts) {
          try {
            prepared.push(preparePost(p));
          } catch (err) {
            if (!(err instanceof RejectError)) throw err;
            result.rejected++;
          }
        }
        if (prepared.length) {
          const r = await ingestBatch(db, prepared, { source: c.name, matcher });
          result.inserted = r.inserted;
          result.updated = r.updated;
        }
        next = after;
      } catch (err) {
        if (err instanceof RateLimited) next = { ...state, retryAt: err.retryAt };
        result.error = (err as Error).message.slice(0, 300);
      }
      await saveCursor(db, {
        connector: c.name,
        query,
        cursor: JSON.stringify(next),
        last_run_at: nowIso(),
        last_error: result.error,
        fetched: result.fetched,
      });
      results.push(result);
    }
  }
  return results;
}
