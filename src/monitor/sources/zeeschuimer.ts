// Zeeschuimer NDJSON: one captured item per line, in an envelope
// { nav_index, item_id, timestamp_collected, source_platform, source_platform_url, source_url,
//   user_agent, data } where `data` is the platform's own item as its web app received it.
// Instagram, TikTok, X and Threads items are mapped; ids are the ones 4CAT uses (Instagram and
// Threads shortcodes, TikTok and X numeric ids), so the same post imported both ways is one post.
import { count, emptyPost, parseTime, reject, type Platform, type PostInput } from '../post.ts';

type J = Record<string, any>;
const NONE: J = Object.freeze({});
const obj = (v: unknown): J => (v && typeof v === 'object' ? (v as J) : NONE);
const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);

const PLATFORM_BY_DOMAIN: Record<string, Platform> = {
  'instagram.com': 'instagram',
  'tiktok.com': 'tiktok',
  'twitter.com': 'x',
  'x.com': 'x',
  'threads.net': 'threads',
  'threads.com': 'threads',
};

/**
 * Maps one parsed NDJSON line (the envelope) to a post. With the line's text, the platform's item is
 * kept as written in the file rather than serialised again (see dataText).
 */
export function mapZeeschuimer(envelope: unknown, line?: string): PostInput {
  const env = obj(envelope);
  if (!env.data || typeof env.data !== 'object') return reject('not_a_post', 'no data');
  const domain = String(env.source_platform ?? '')
    .toLowerCase()
    .replace(/^www\./, '');
  const platform = PLATFORM_BY_DOMAIN[domain];
  if (!platform) return reject('unsupported_platform', domain);
  const collectedAt = parseTime(env.timestamp_collected);
  const d = obj(env.data);
  const post =
    platform === 'instagram' ? instagram(d) : platform === 'tiktok' ? tiktok(d) : platform === 'x' ? x(d) : threads(d);
  post.raw = (line !== undefined && dataText(env, line)) || env.data;
  post.collectedAt = collectedAt;
  return post;
}

/**
 * The text of the envelope's `data` in its line, when it can be told without a second parse: `data`
 * is the envelope's last key, no container opens before it (every other field is a plain value, as
 * Zeeschuimer writes them), so the first `"data":` is the envelope's own and its value runs to the
 * envelope's closing brace. Null otherwise (the caller then serialises the parsed item).
 */
function dataText(env: J, line: string): string | null {
  let last = '';
  for (const k in env) {
    if (k !== 'data' && env[k] !== null && typeof env[k] === 'object') return null;
    last = k;
  }
  if (last !== 'data') return null;
  const at = line.indexOf('"data"');
  if (at < 1 || line.charCodeAt(at - 1) === 0x5c) return null; // not an escaped quote inside a string
  for (let i = 0, braces = 0; i < at; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x5b || (c === 0x7b && ++braces > 1)) return null; // '[' or a second '{'
  }
  let from = at + 6;
  while (line.charCodeAt(from) <= 0x20) from++;
  if (line.charCodeAt(from) !== 0x3a) return null; // ':'
  from++;
  while (line.charCodeAt(from) <= 0x20) from++;
  let to = line.length - 1;
  while (to > from && line.charCodeAt(to) <= 0x20) to--;
  // The envelope's closing brace, then the end of the item before it.
  if (line.charCodeAt(to) !== 0x7d) return null;
  to--;
  while (to > from && line.charCodeAt(to) <= 0x20) to--;
  const open = line.charCodeAt(from);
  const close = line.charCodeAt(to);
  if (!((open === 0x7b && close === 0x7d) || (open === 0x5b && close === 0x5d))) return null;
  return line.slice(from, to + 1);
}

function instagram(d: J): PostInput {
  if (d.product_type === 'ad' || String(d.link ?? '').startsWith('https://www.facebook.com/ads/'))
    return reject('not_a_post', 'advertisement');
  const graph = typeof d.__typename === 'string' && d.__typename.startsWith('Graph');
  const code = graph ? d.shortcode : d.code;
  if (!code) return reject('no_id');
  // The item's user fields where set, the owner's otherwise.
  const u = obj(d.user);
  const o = obj(d.owner);
  const user = (k: string) => u[k] ?? o[k];
  const authorId =
    user('pk') ?? user('id') ?? (typeof d.id === 'string' && d.id.includes('_') ? d.id.split('_')[1] : null);
  const hidden = !!d.like_and_view_counts_disabled;
  const caption = graph ? obj(arr(obj(d.edge_media_to_caption).edges)[0]).node?.text : obj(d.caption).text;
  const p = emptyPost('instagram');
  p.externalId = String(code);
  p.url = `https://www.instagram.com/p/${code}/`;
  p.authorId = authorId != null ? String(authorId) : null;
  p.authorHandle = user('username') ?? null;
  p.authorName = user('full_name') ?? null;
  p.authorFollowers = count(user('follower_count') ?? obj(user('edge_followed_by')).count);
  p.createdAt = parseTime(graph ? d.taken_at_timestamp : d.taken_at);
  p.text = caption ?? '';
  p.likes = hidden ? null : count(graph ? obj(d.edge_media_preview_like).count : d.like_count);
  p.comments = count(
    graph ? (obj(d.edge_media_to_comment).count ?? obj(d.edge_media_preview_comment).count) : d.comment_count,
  );
  p.views = count(d.view_count ?? d.play_count ?? d.video_view_count);
  p.mediaCount = graph
    ? arr(obj(d.edge_sidecar_to_children).edges).length || 1
    : d.media_type === 8
      ? arr(d.carousel_media).length || count(d.carousel_media_count) || 1
      : 1;
  return p;
}

function tiktok(d: J): PostInput {
  if (!d.id) return reject('no_id');
  const author = typeof d.author === 'object' && d.author ? d.author : { uniqueId: d.author, nickname: d.nickname };
  // statsV2's figures where stats has none.
  const stats = obj(d.stats);
  const v2 = obj(d.statsV2);
  const stat = (k: string) => (k in stats ? stats[k] : v2[k]);
  const tags = [...arr(d.textExtra).map((t) => t?.hashtagName), ...arr(d.challenges).map((c) => c?.title)].filter(
    (t) => typeof t === 'string' && t,
  );
  const p = emptyPost('tiktok');
  p.externalId = String(d.id);
  p.url = author.uniqueId ? `https://www.tiktok.com/@${author.uniqueId}/video/${d.id}` : null;
  p.authorId = author.id ? String(author.id) : null;
  p.authorHandle = author.uniqueId ?? null;
  p.authorName = author.nickname ?? null;
  p.authorFollowers = count(obj(d.authorStats).followerCount ?? obj(d.authorStatsV2).followerCount);
  p.createdAt = parseTime(d.createTime);
  p.text = d.desc ?? '';
  p.hashtags = tags.length ? tags : null;
  p.likes = count(stat('diggCount'));
  p.comments = count(stat('commentCount'));
  p.shares = count(stat('shareCount'));
  p.views = count(stat('playCount'));
  p.mediaCount = arr(obj(d.imagePost).images).length || 1;
  return p;
}

function x(input: J): PostInput {
  const d = input.__typename === 'TweetWithVisibilityResults' && input.tweet ? obj(input.tweet) : input;
  const legacy = obj(d.legacy);
  const id = d.rest_id ?? legacy.id_str;
  if (!id) return reject('no_id');
  const userResult = obj(obj(obj(d.core).user_results).result);
  const userLegacy = obj(userResult.legacy);
  const userCore = obj(userResult.core);
  const screenName = userCore.screen_name ?? userLegacy.screen_name ?? obj(d.user).screen_name ?? null;
  const entities = obj(legacy.entities);
  const retweet = obj(obj(legacy.retweeted_status_result).result);
  const rtTweet = retweet.tweet ? obj(retweet.tweet) : retweet;
  const p = emptyPost('x');
  p.externalId = String(id);
  p.url = screenName ? `https://x.com/${screenName}/status/${id}` : `https://x.com/i/status/${id}`;
  p.authorId = legacy.user_id_str ?? userResult.rest_id ?? null;
  p.authorHandle = screenName;
  p.authorName = userCore.name ?? userLegacy.name ?? null;
  p.authorFollowers = count(userLegacy.followers_count);
  p.createdAt = parseTime(legacy.created_at ? new Date(legacy.created_at) : null);
  p.text = obj(obj(obj(d.note_tweet).note_tweet_results).result).text ?? legacy.full_text ?? '';
  p.hashtags = arr(entities.hashtags)
    .map((h) => h?.text)
    .filter(Boolean);
  p.mentions = arr(entities.user_mentions)
    .map((m) => m?.screen_name)
    .filter(Boolean);
  p.links = arr(entities.urls)
    .map((u) => u?.expanded_url ?? u?.url)
    .filter(Boolean);
  p.replyTo = legacy.in_reply_to_status_id_str ?? null;
  p.repostOf = rtTweet.rest_id ?? null;
  p.quoteOf = legacy.quoted_status_id_str ?? obj(obj(d.quoted_status_result).result).rest_id ?? null;
  p.likes = count(legacy.favorite_count);
  p.comments = count(legacy.reply_count);
  p.shares = (count(legacy.retweet_count) ?? 0) + (count(legacy.quote_count) ?? 0);
  p.views = count(obj(d.views).count);
  p.mediaCount = arr(obj(legacy.extended_entities).media).length || arr(entities.media).length;
  return p;
}

function threads(d: J): PostInput {
  if (!d.code) return reject('no_id');
  const user = obj(d.user);
  const info = obj(d.text_post_app_info);
  const p = emptyPost('threads');
  p.externalId = String(d.code);
  p.url = user.username ? `https://www.threads.net/@${user.username}/post/${d.code}` : null;
  p.authorId = (user.pk ?? user.id) ? String(user.pk ?? user.id) : null;
  p.authorHandle = user.username ?? null;
  p.authorName = user.full_name ?? null;
  p.authorFollowers = count(user.follower_count);
  p.createdAt = parseTime(d.taken_at);
  p.text = obj(d.caption).text ?? '';
  p.likes = count(d.like_count);
  p.comments = count(info.direct_reply_count);
  p.shares = (count(info.repost_count) ?? 0) + (count(info.quote_count) ?? 0) + (count(info.reshare_count) ?? 0);
  p.mediaCount = arr(d.carousel_media).length || 1;
  return p;
}
