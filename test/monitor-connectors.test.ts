// The live connectors against a local fake server that answers in each platform's response shape
// (Mastodon statuses with Link headers, Bluesky sessions and searchPosts, VK newsfeed.search,
// YouTube search/videos/commentThreads). Tests never reach the network.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';

interface Hit {
  path: string;
  query: URLSearchParams;
  auth: string | undefined;
}

describe('monitor connectors', () => {
  let server: Server;
  let origin: string;
  let t: TestApp;
  const hits: Hit[] = [];
  let vkRateLimited = true;
  let blueskyTokens = 0;

  const status = (id: string, at: string, text: string, tags: string[]) => ({
    id,
    created_at: at,
    uri: `https://mastodon.example/users/aru/statuses/${id}`,
    url: `https://mastodon.example/@aru/${id}`,
    content: `<p>${text} ${tags.map((t) => `<a href="https://mastodon.example/tags/${t}" class="mention hashtag" rel="tag">#<span>${t}</span></a>`).join(' ')}</p>`,
    language: null,
    account: {
      id: '1',
      username: 'aru',
      acct: 'aru',
      display_name: 'Ару',
      url: 'https://mastodon.example/@aru',
      followers_count: 321,
    },
    tags: tags.map((name) => ({ name: name.toLowerCase(), url: `https://mastodon.example/tags/${name}` })),
    mentions: [],
    favourites_count: 3,
    reblogs_count: 1,
    replies_count: 0,
    in_reply_to_id: null,
    reblog: null,
    media_attachments: [],
  });

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url!, origin);
    hits.push({ path: url.pathname, query: url.searchParams, auth: req.headers.authorization });
    const json = (body: unknown, code = 200, headers: Record<string, string> = {}) => {
      res.writeHead(code, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    // Mastodon: newest first; older page through rel="next", newer through rel="prev".
    if (url.pathname === '/api/v1/timelines/tag/NeMolchi') {
      const min = url.searchParams.get('min_id');
      const max = url.searchParams.get('max_id');
      if (min === '103') return json([status('104', '2024-04-02T10:00:00.000Z', 'Жаңа пост', ['NeMolchi'])]);
      if (min) return json([]);
      if (max === '102')
        return json([status('101', '2024-04-01T08:00:00.000Z', 'Хватит молчать', ['NeMolchi'])], 200, {
          link: `<${origin}/api/v1/timelines/tag/NeMolchi?max_id=101>; rel="next", <${origin}/api/v1/timelines/tag/NeMolchi?min_id=101>; rel="prev"`,
        });
      if (max === '101') return json([]);
      return json(
        [
          status('103', '2024-04-01T10:00:00.000Z', 'Мен де үндемеймін', ['NeMolchi']),
          status('102', '2024-04-01T09:00:00.000Z', 'Do not stay silent, tell your story', ['NeMolchi', 'Almaty']),
        ],
        200,
        {
          link: `<${origin}/api/v1/timelines/tag/NeMolchi?max_id=102>; rel="next", <${origin}/api/v1/timelines/tag/NeMolchi?min_id=103>; rel="prev"`,
        },
      );
    }
    if (url.pathname.startsWith('/api/v1/timelines/tag/')) return json([]);
    // Bluesky
    if (url.pathname === '/xrpc/com.atproto.server.createSession') {
      blueskyTokens++;
      return json({ did: 'did:plc:me', handle: 'me.bsky.social', accessJwt: `jwt-${blueskyTokens}`, refreshJwt: 'r' });
    }
    if (url.pathname === '/xrpc/app.bsky.feed.searchPosts') {
      if (req.headers.authorization !== `Bearer jwt-${blueskyTokens}`)
        return json({ error: 'ExpiredToken', message: 'Token has expired' }, 400);
      if (url.searchParams.get('q') !== '#NeMolchi') return json({ posts: [] });
      const cursor = url.searchParams.get('cursor');
      const post = (rkey: string, at: string, text: string) => ({
        uri: `at://did:plc:aigerim/app.bsky.feed.post/${rkey}`,
        cid: 'bafy',
        author: { did: 'did:plc:aigerim', handle: 'aigerim.bsky.social', displayName: 'Айгерім' },
        record: {
          $type: 'app.bsky.feed.post',
          text,
          createdAt: at,
          langs: ['kk'],
          facets: [
            {
              index: { byteStart: 0, byteEnd: 9 },
              features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'NeMolchi' }],
            },
          ],
        },
        likeCount: 5,
        repostCount: 2,
        replyCount: 1,
        quoteCount: 0,
        indexedAt: at,
      });
      if (!cursor)
        return json({ posts: [post('3k1', '2024-04-03T10:00:00.000Z', '#NeMolchi Біз бірге болайық')], cursor: 'c2' });
      return json({
        posts: [post('3k0', '2024-04-03T09:00:00.000Z', '#NeMolchi Қолдау білдірген барлығыңызға рахмет')],
      });
    }
    // VK: the first call is refused as too many requests per second (error 6).
    if (url.pathname === '/method/newsfeed.search') {
      if (url.searchParams.get('access_token') !== 'vk-token')
        return json({ error: { error_code: 5, error_msg: 'User authorization failed' } });
      if (vkRateLimited) {
        vkRateLimited = false;
        return json({ error: { error_code: 6, error_msg: 'Too many requests per second' } });
      }
      if (url.searchParams.get('q') !== '#NeMolchi')
        return json({ response: { items: [], profiles: [], groups: [], count: 0 } });
      return json({
        response: {
          items: [
            {
              id: 77,
              owner_id: -100,
              from_id: -100,
              date: 1712300000,
              text: 'Не молчи! Поддержите фонд #NeMolchi',
              likes: { count: 40 },
              reposts: { count: 6 },
              comments: { count: 9 },
              views: { count: 1200 },
              attachments: [{ type: 'photo' }],
            },
          ],
          profiles: [],
          groups: [{ id: 100, name: 'НеМолчи KZ', screen_name: 'nemolchi_kz', members_count: 15000 }],
          count: 1,
          total_count: 1,
        },
      });
    }
    // YouTube
    if (url.pathname.startsWith('/youtube/v3/')) {
      if (url.searchParams.get('key') !== 'yt-key')
        return json({ error: { code: 400, message: 'API key not valid', errors: [{ reason: 'badRequest' }] } }, 400);
      if (url.pathname.endsWith('/search')) {
        if (url.searchParams.get('q') !== '#NeMolchi') return json({ kind: 'youtube#searchListResponse', items: [] });
        return json({
          kind: 'youtube#searchListResponse',
          items: [
            {
              kind: 'youtube#searchResult',
              id: { kind: 'youtube#video', videoId: 'vid123' },
              snippet: {
                publishedAt: '2024-04-04T12:00:00Z',
                channelId: 'UCx',
                channelTitle: 'Qazaq Channel',
                title: 'Прямая трансляция суда',
                description: 'Смотрите #NeMolchi',
              },
            },
          ],
        });
      }
      if (url.pathname.endsWith('/videos'))
        return json({
          items: [{ id: 'vid123', statistics: { viewCount: '250000', likeCount: '9000', commentCount: '1' } }],
        });
      if (url.pathname.endsWith('/commentThreads'))
        return json({
          items: [
            {
              id: 'th1',
              snippet: {
                videoId: 'vid123',
                totalReplyCount: 0,
                topLevelComment: {
                  id: 'cm1',
                  snippet: {
                    textOriginal: 'Әділдік болсын!',
                    authorDisplayName: 'Dana',
                    authorChannelId: { value: 'UCdana' },
                    likeCount: 12,
                    publishedAt: '2024-04-04T13:00:00Z',
                  },
                },
              },
            },
          ],
        });
    }
    json({ error: 'not found' }, 404);
  }

  before(async () => {
    server = createServer(handle);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await startTestApp({
      seedIfEmpty: true,
      env: {
        MONITOR_MASTODON_INSTANCES: origin,
        MONITOR_BLUESKY_IDENTIFIER: 'me.bsky.social',
        MONITOR_BLUESKY_APP_PASSWORD: 'app-pass-word',
        MONITOR_BLUESKY_SERVICE: origin,
        MONITOR_VK_TOKEN: 'vk-token',
        MONITOR_VK_API: `${origin}/method`,
        MONITOR_YOUTUBE_KEY: 'yt-key',
        MONITOR_YOUTUBE_API: `${origin}/youtube/v3`,
        MONITOR_MAX_PAGES: '3',
      },
    });
  });
  after(async () => {
    await t.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  test('every configured connector is scheduled as a job', async () => {
    assert.deepEqual(t.services.monitor.connectorNames(), ['mastodon', 'bluesky', 'vk', 'youtube']);
    const status = await t.services.jobs.status();
    assert.ok(status.schedules.some((s) => s.name === 'monitor.fetch' && s.cron === '*/15 * * * *'));
  });

  test('first run: pages back through every source; posts mapped to the campaign; VK backs off', async () => {
    const results = await t.services.monitor.fetchNow();
    const of = (c: string) => results.filter((r) => r.connector === c && r.fetched);
    assert.equal(of('mastodon')[0].inserted, 3, 'two pages followed through rel="next"');
    assert.equal(of('bluesky')[0].inserted, 2, 'two pages followed through the cursor');
    assert.equal(of('youtube')[0].inserted, 2, 'the video and its comment');
    const vkResult = results.find((r) => r.connector === 'vk' && r.query === '#NeMolchi')!;
    assert.match(vkResult.error!, /rate limited/);

    const nemolchi = (await t.services.campaigns.getBySlug('nemolchi')).id;
    const posts = await t.services.db.selectFrom('monitor_posts').selectAll().orderBy('created_at').execute();
    const masto = posts.find((p) => p.external_id.endsWith('/statuses/103'))!;
    assert.equal(masto.platform, 'mastodon');
    assert.equal(masto.text, 'Мен де үндемеймін #NeMolchi');
    assert.equal(masto.lang, 'kk');
    assert.deepEqual(JSON.parse(masto.campaign_ids), [nemolchi]);
    const bsky = posts.find((p) => p.platform === 'bluesky' && p.external_id.endsWith('3k1'))!;
    assert.equal(bsky.url, 'https://bsky.app/profile/aigerim.bsky.social/post/3k1');
    assert.deepEqual(JSON.parse(bsky.tag_keys), ['nemolchi']);
    const comment = posts.find((p) => p.external_id === 'cm1')!;
    assert.equal(comment.reply_to, 'vid123');
    assert.equal(posts.find((p) => p.external_id === 'vid123')!.views, 250000);
  });

  test('next run: resumes from the saved state, skips what is rate-limited, renews an expired session', async () => {
    hits.length = 0;
    blueskyTokens++; // the server forgets the session: the connector must log in again
    const results = await t.services.monitor.fetchNow();
    const mastoHit = hits.find((h) => h.path === '/api/v1/timelines/tag/NeMolchi')!;
    assert.equal(mastoHit.query.get('min_id'), '103', 'only statuses newer than the newest seen');
    assert.equal(results.find((r) => r.connector === 'mastodon' && r.query.endsWith('#NeMolchi'))!.inserted, 1);
    const bskyHit = hits.filter(
      (h) => h.path === '/xrpc/app.bsky.feed.searchPosts' && h.query.get('q') === '#NeMolchi',
    );
    assert.equal(bskyHit.at(-1)!.query.get('since'), '2024-04-03T10:00:00.000Z');
    assert.ok(hits.some((h) => h.path === '/xrpc/com.atproto.server.createSession'));
    const vkResult = results.find((r) => r.connector === 'vk' && r.query === '#NeMolchi')!;
    assert.match(vkResult.error ?? '', /waiting for the rate limit/);
    assert.ok(
      !hits.some((h) => h.path === '/method/newsfeed.search' && h.query.get('q') === '#NeMolchi'),
      'no request before the retry time',
    );
  });

  test('after the back-off, VK posts come in with their community as author', async () => {
    await t.services.db.updateTable('monitor_cursors').set({ cursor: '{}' }).where('connector', '=', 'vk').execute();
    const [r] = (await t.services.monitor.fetchNow('vk')).filter((x) => x.query === '#NeMolchi');
    assert.equal(r.inserted, 1);
    const post = await t.services.db
      .selectFrom('monitor_posts')
      .selectAll()
      .where('external_id', '=', '-100_77')
      .executeTakeFirstOrThrow();
    assert.equal(post.author_handle, 'nemolchi_kz');
    assert.equal(post.author_followers, 15000);
    assert.equal(post.url, 'https://vk.com/wall-100_77');
    assert.equal(post.lang, 'ru');
    await assert.rejects(t.services.monitor.fetchNow('twitter'), /not configured/);
    const status = await t.services.monitor.connectorStatus();
    assert.ok(status.some((s) => s.connector === 'mastodon' && s.fetched === 4 && s.lastError === null));
  });
});
