// Live connectors: Mastodon hashtag timelines (no key; several instances; Link-header paging),
// Bluesky searchPosts (app-password session; cursor paging), VK newsfeed.search (token;
// next_from paging) and YouTube Data API search plus comments (key; pageToken paging).
// Each fetch resumes from the state saved after the previous run (the newest item seen) and
// reads at most `maxPages` pages per query and run.
import type { MonitorConfig } from '../../config.ts';
import { count, emptyPost, parseTime, type PostInput } from '../post.ts';
import { getJson, htmlToText, RateLimited } from './http.ts';

export type State = Record<string, string | number | undefined>;

export interface Connector {
  name: 'mastodon' | 'bluesky' | 'vk' | 'youtube';
  /** The queries this connector runs for the followed hashtags (e.g. one per instance and tag). */
  queries(tags: string[]): string[];
  fetch(query: string, state: State, maxPages: number): Promise<{ posts: PostInput[]; state: State }>;
}

type J = Record<string, any>;
const base = emptyPost;
const newer = (a: string | undefined, b: string | undefined) =>
  !a ? b : !b ? a : a.length !== b.length ? (a.length > b.length ? a : b) : a > b ? a : b;
const maxIso = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : a > b ? a : b);

/** Mastodon: GET /api/v1/timelines/tag/:tag; older pages by rel="next", newer by rel="prev". */
export function mastodon(instances: readonly string[]): Connector {
  const link = (header: string | null, rel: string) =>
    header
      ?.split(',')
      .map((p) => /<([^>]+)>;\s*rel="([^"]+)"/.exec(p.trim()))
      .find((m) => m?.[2] === rel)?.[1] ?? null;
  return {
    name: 'mastodon',
    queries: (tags) => instances.flatMap((i) => tags.map((t) => `${i} #${t}`)),
    async fetch(query, state, maxPages) {
      const [instance, tag] = query.split(' #');
      const posts: PostInput[] = [];
      let newest = state.newest as string | undefined;
      // First run: the latest page, then older ones. Later runs: everything newer than before.
      let url: string | null =
        `${instance}/api/v1/timelines/tag/${encodeURIComponent(tag)}?limit=40${newest ? `&min_id=${newest}` : ''}`;
      for (let page = 0; url && page < maxPages; page++) {
        const res: { body: J[]; headers: Headers } = await getJson<J[]>(url);
        if (!Array.isArray(res.body) || !res.body.length) break;
        for (const s of res.body) {
          const status = s.reblog ?? s;
          posts.push({
            ...base('mastodon'),
            externalId: String(status.uri ?? status.url ?? `${instance}/${status.id}`),
            url: status.url ?? status.uri ?? null,
            authorId: status.account?.url ?? status.account?.acct ?? null,
            authorHandle: status.account?.acct ?? null,
            authorName: status.account?.display_name || null,
            authorFollowers: count(status.account?.followers_count),
            createdAt: parseTime(status.created_at),
            text: htmlToText(String(status.content ?? '')),
            hashtags: (status.tags ?? []).map((t: J) => t.name),
            mentions: (status.mentions ?? []).map((m: J) => m.acct),
            replyTo: status.in_reply_to_id ? String(status.in_reply_to_id) : null,
            repostOf: s.reblog ? String(s.reblog.uri) : null,
            likes: count(status.favourites_count),
            comments: count(status.replies_count),
            shares: count(status.reblogs_count),
            mediaCount: (status.media_attachments ?? []).length,
            raw: s,
          });
          newest = newer(newest, String(s.id));
        }
        url = link(res.headers.get('link'), state.newest ? 'prev' : 'next');
      }
      return { posts, state: { newest } };
    },
  };
}

/** Bluesky: com.atproto.server.createSession, then app.bsky.feed.searchPosts with a cursor. */
export function bluesky(cfg: NonNullable<MonitorConfig['bluesky']>): Connector {
  let token: string | null = null;
  async function login() {
    const res = await getJson<J>(`${cfg.service}/xrpc/com.atproto.server.createSession`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: cfg.identifier, password: cfg.appPassword }),
    });
    token = String(res.body.accessJwt);
  }
  return {
    name: 'bluesky',
    queries: (tags) => tags.map((t) => `#${t}`),
    async fetch(query, state, maxPages) {
      if (!token) await login();
      const posts: PostInput[] = [];
      let since = state.since as string | undefined;
      let cursor: string | undefined;
      for (let page = 0; page < maxPages; page++) {
        const url = `${cfg.service}/xrpc/app.bsky.feed.searchPosts?q=${encodeURIComponent(query)}&sort=latest&limit=100${state.since ? `&since=${encodeURIComponent(String(state.since))}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        let res: { body: J };
        try {
          res = await getJson<J>(url, { headers: { authorization: `Bearer ${token}` } });
        } catch (err) {
          // An expired session: log in again once.
          if ((err as { status?: number }).status !== 401 && (err as { status?: number }).status !== 400) throw err;
          await login();
          res = await getJson<J>(url, { headers: { authorization: `Bearer ${token}` } });
        }
        for (const p of res.body.posts ?? []) {
          const tags = (p.record?.facets ?? []).flatMap((f: J) =>
            (f.features ?? []).filter((x: J) => String(x.$type).endsWith('#tag')).map((x: J) => x.tag),
          );
          const rkey = String(p.uri).split('/').pop();
          posts.push({
            ...base('bluesky'),
            externalId: String(p.uri),
            url: `https://bsky.app/profile/${p.author?.handle ?? p.author?.did}/post/${rkey}`,
            authorId: p.author?.did ?? null,
            authorHandle: p.author?.handle ?? null,
            authorName: p.author?.displayName || null,
            createdAt: parseTime(p.record?.createdAt ?? p.indexedAt),
            text: String(p.record?.text ?? ''),
            hashtags: tags.length ? tags : null,
            replyTo: p.record?.reply?.parent?.uri ?? null,
            quoteOf: p.embed?.record?.uri ?? null,
            likes: count(p.likeCount),
            comments: count(p.replyCount),
            shares: (count(p.repostCount) ?? 0) + (count(p.quoteCount) ?? 0),
            mediaCount: (p.embed?.images ?? []).length,
            raw: p,
          });
          since = maxIso(since, p.indexedAt ?? p.record?.createdAt);
        }
        cursor = res.body.cursor;
        if (!cursor || !(res.body.posts ?? []).length) break;
      }
      return { posts, state: { since } };
    },
  };
}

/** VK: newsfeed.search with next_from paging; API errors 6, 9 and 29 are rate limits. */
export function vk(cfg: NonNullable<MonitorConfig['vk']>): Connector {
  return {
    name: 'vk',
    queries: (tags) => tags.map((t) => `#${t}`),
    async fetch(query, state, maxPages) {
      const posts: PostInput[] = [];
      let newest = Number(state.since ?? 0);
      let from: string | undefined;
      for (let page = 0; page < maxPages; page++) {
        const params = new URLSearchParams({
          q: query,
          count: '200',
          extended: '1',
          v: '5.199',
          access_token: cfg.token,
          fields: 'screen_name,followers_count,members_count',
        });
        if (state.since) params.set('start_time', String(Number(state.since) + 1));
        if (from) params.set('start_from', from);
        const { body } = await getJson<J>(`${cfg.api}/newsfeed.search?${params}`);
        if (body.error) {
          const code = Number(body.error.error_code);
          if ([6, 9, 29].includes(code))
            throw new RateLimited(Date.now() + (code === 6 ? 60_000 : 3_600_000), `VK error ${code}`);
          throw new Error(`VK error ${code}: ${String(body.error.error_msg ?? '').slice(0, 120)}`);
        }
        const r = body.response ?? {};
        const people = new Map<number, J>((r.profiles ?? []).map((p: J) => [Number(p.id), p]));
        const groups = new Map<number, J>((r.groups ?? []).map((g: J) => [-Number(g.id), g]));
        for (const it of r.items ?? []) {
          const who = Number(it.from_id ?? it.owner_id);
          const a = who < 0 ? groups.get(who) : people.get(who);
          posts.push({
            ...base('vk'),
            externalId: `${it.owner_id}_${it.id}`,
            url: `https://vk.com/wall${it.owner_id}_${it.id}`,
            authorId: String(who),
            authorHandle: a?.screen_name ?? null,
            authorName: a ? (a.name ?? [a.first_name, a.last_name].filter(Boolean).join(' ')) || null : null,
            authorFollowers: count(a?.followers_count ?? a?.members_count),
            createdAt: parseTime(it.date),
            text: String(it.text ?? ''),
            repostOf: it.copy_history?.[0] ? `${it.copy_history[0].owner_id}_${it.copy_history[0].id}` : null,
            likes: count(it.likes?.count),
            comments: count(it.comments?.count),
            shares: count(it.reposts?.count),
            views: count(it.views?.count),
            mediaCount: (it.attachments ?? []).length,
            raw: it,
          });
          newest = Math.max(newest, Number(it.date) || 0);
        }
        from = r.next_from;
        if (!from) break;
      }
      return { posts, state: { since: newest || undefined } };
    },
  };
}

/** YouTube Data API v3: search (videos by date), their statistics, and their latest comments. */
export function youtube(cfg: NonNullable<MonitorConfig['youtube']>): Connector {
  const call = async (path: string, params: Record<string, string>) => {
    try {
      return (await getJson<J>(`${cfg.api}/${path}?${new URLSearchParams({ ...params, key: cfg.key })}`)).body;
    } catch (err) {
      // Quota and rate limits come as 403 with a reason; quotas reset at midnight Pacific time.
      if (
        (err as { status?: number }).status === 403 &&
        /quotaExceeded|rateLimitExceeded|userRateLimitExceeded/.test((err as Error).message)
      )
        throw new RateLimited(Date.now() + 3_600_000, 'YouTube quota');
      throw err;
    }
  };
  return {
    name: 'youtube',
    queries: (tags) => tags.map((t) => `#${t}`),
    async fetch(query, state, maxPages) {
      const posts: PostInput[] = [];
      let since = state.since as string | undefined;
      let pageToken: string | undefined;
      const videos: J[] = [];
      for (let page = 0; page < maxPages; page++) {
        const body = await call('search', {
          part: 'snippet',
          q: query,
          type: 'video',
          order: 'date',
          maxResults: '50',
          ...(state.since ? { publishedAfter: String(state.since) } : {}),
          ...(pageToken ? { pageToken } : {}),
        });
        videos.push(...(body.items ?? []).filter((i: J) => i.id?.videoId));
        pageToken = body.nextPageToken;
        if (!pageToken) break;
      }
      const stats = new Map<string, J>();
      for (let i = 0; i < videos.length; i += 50) {
        const body = await call('videos', {
          part: 'statistics',
          id: videos
            .slice(i, i + 50)
            .map((v) => v.id.videoId)
            .join(','),
        });
        for (const v of body.items ?? []) stats.set(v.id, v.statistics ?? {});
      }
      for (const v of videos) {
        const id = v.id.videoId as string;
        const sn = v.snippet ?? {};
        const st = stats.get(id) ?? {};
        posts.push({
          ...base('youtube'),
          externalId: id,
          url: `https://www.youtube.com/watch?v=${id}`,
          authorId: sn.channelId ?? null,
          authorName: sn.channelTitle ?? null,
          createdAt: parseTime(sn.publishedAt),
          text: [sn.title, sn.description].filter(Boolean).join('\n'),
          likes: count(st.likeCount),
          comments: count(st.commentCount),
          views: count(st.viewCount),
          mediaCount: 1,
          raw: { ...v, statistics: st },
        });
        since = maxIso(since, sn.publishedAt);
        if (!count(st.commentCount)) continue;
        const threads = await call('commentThreads', {
          part: 'snippet',
          videoId: id,
          maxResults: '100',
          order: 'time',
          textFormat: 'plainText',
        });
        for (const th of threads.items ?? []) {
          const c = th.snippet?.topLevelComment;
          const cs = c?.snippet ?? {};
          if (!c?.id) continue;
          posts.push({
            ...base('youtube'),
            externalId: String(c.id),
            url: `https://www.youtube.com/watch?v=${id}&lc=${c.id}`,
            authorId: cs.authorChannelId?.value ?? null,
            authorName: cs.authorDisplayName ?? null,
            createdAt: parseTime(cs.publishedAt),
            text: String(cs.textOriginal ?? cs.textDisplay ?? ''),
            replyTo: id,
            likes: count(cs.likeCount),
            comments: count(th.snippet?.totalReplyCount),
            raw: th,
          });
        }
      }
      return { posts, state: { since } };
    },
  };
}

export function configuredConnectors(cfg: MonitorConfig): Connector[] {
  const out: Connector[] = [];
  if (cfg.mastodonInstances.length) out.push(mastodon(cfg.mastodonInstances));
  if (cfg.bluesky) out.push(bluesky(cfg.bluesky));
  if (cfg.vk) out.push(vk(cfg.vk));
  if (cfg.youtube) out.push(youtube(cfg.youtube));
  return out;
}
