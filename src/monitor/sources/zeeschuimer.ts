// Zeeschuimer NDJSON: one captured item per line, in an envelope
// { nav_index, item_id, timestamp_collected, source_platform, source_platform_url, source_url,
//   user_agent, data } where `data` is the platform's own item as its web app received it.
// Instagram, TikTok, X and Threads items are mapped; ids are the ones 4CAT uses (Instagram and
// Threads shortcodes, TikTok and X numeric ids), so the same post imported both ways is one post.
import { count, emptyPost, parseTime, reject, type Platform, type PostInput } from '../post.ts';

type J = Record<string, any>;
const obj = (v: unknown): J => (v && typeof v === 'object' ? (v as J) : {});
const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);

const PLATFORM_BY_DOMAIN: Record<string, Platform> = {
  'instagram.com': 'instagram',
  'tiktok.com': 'tiktok',
  'twitter.com': 'x',
  'x.com': 'x',
  'threads.net': 'threads',
  'threads.com': 'threads',
};

/** Maps one parsed NDJSON line (the envelope) to a post. */
export function mapZeeschuimer(envelope: unknown): PostInput {
  const env = obj(envelope);
  if (!env.data || typeof env.data !== 'object') return reject('not_a_post', 'no data');
  const domain = String(env.source_platform ?? '').toLowerCase().replace(/^www\./, '');
  const platform = PLATFORM_BY_DOMAIN[domain];
  if (!platform) return reject('unsupported_platform', domain);
  const collectedAt = parseTime(env.timestamp_collected);
  const post = { instagram, tiktok, x, threads }[platform as 'instagram' | 'tiktok' | 'x' | 'threads'](obj(env.data));
  post.raw = env.data;
  post.collectedAt = collectedAt;
  return post;
}

const base = (platform: Platform) => ({ ...emptyPost(platform), mediaCount: 1, raw: null as unknown });

function instagram(d: J): PostInput {
  if (d.product_type === 'ad' || String(d.link ?? '').startsWith('https://www.facebook.com/ads/')) return reject('not_a_post', 'advertisement');
  const graph = typeof d.__typename === 'string' && d.__typename.startsWith('Graph');
  const code = graph ? d.shortcode : d.code;
  if (!code) return reject('no_id');
  const user = { ...obj(d.owner), ...Object.fromEntries(Object.entries(obj(d.user)).filter(([, v]) => v !== null && v !== undefined)) };
  const authorId = user.pk ?? user.id ?? (typeof d.id === 'string' && d.id.includes('_') ? d.id.split('_')[1] : null);
  const hidden = !!d.like_and_view_counts_disabled;
  const caption = graph ? obj(arr(obj(d.edge_media_to_caption).edges)[0]).node?.text : obj(d.caption).text;
  return {
    ...base('instagram'),
    externalId: String(code),
    url: `https://www.instagram.com/p/${code}/`,
    authorId: authorId != null ? String(authorId) : null,
    authorHandle: user.username ?? null,
    authorName: user.full_name ?? null,
    authorFollowers: count(user.follower_count ?? obj(user.edge_followed_by).count),
    createdAt: parseTime(graph ? d.taken_at_timestamp : d.taken_at),
    text: caption ?? '',
    likes: hidden ? null : count(graph ? obj(d.edge_media_preview_like).count : d.like_count),
    comments: count(graph ? (obj(d.edge_media_to_comment).count ?? obj(d.edge_media_preview_comment).count) : d.comment_count),
    views: count(d.view_count ?? d.play_count ?? d.video_view_count),
    mediaCount: graph
      ? arr(obj(d.edge_sidecar_to_children).edges).length || 1
      : d.media_type === 8
        ? arr(d.carousel_media).length || count(d.carousel_media_count) || 1
        : 1,
  };
}

function tiktok(d: J): PostInput {
  if (!d.id) return reject('no_id');
  const author = typeof d.author === 'object' && d.author ? d.author : { uniqueId: d.author, nickname: d.nickname };
  const stats = { ...obj(d.statsV2), ...obj(d.stats) };
  const tags = [...arr(d.textExtra).map((t) => t?.hashtagName), ...arr(d.challenges).map((c) => c?.title)].filter((t) => typeof t === 'string' && t);
  return {
    ...base('tiktok'),
    externalId: String(d.id),
    url: author.uniqueId ? `https://www.tiktok.com/@${author.uniqueId}/video/${d.id}` : null,
    authorId: author.id ? String(author.id) : null,
    authorHandle: author.uniqueId ?? null,
    authorName: author.nickname ?? null,
    authorFollowers: count(obj(d.authorStats).followerCount ?? obj(d.authorStatsV2).followerCount),
    createdAt: parseTime(d.createTime),
    text: d.desc ?? '',
    hashtags: tags.length ? tags : null,
    mentions: null,
    likes: count(stats.diggCount),
    comments: count(stats.commentCount),
    shares: count(stats.shareCount),
    views: count(stats.playCount),
    mediaCount: arr(obj(d.imagePost).images).length || 1,
  };
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
  const quoted = legacy.quoted_status_id_str ?? obj(obj(d.quoted_status_result).result).rest_id ?? null;
  const replyTo = legacy.in_reply_to_status_id_str ?? null;
  return {
    ...base('x'),
    externalId: String(id),
    url: screenName ? `https://x.com/${screenName}/status/${id}` : `https://x.com/i/status/${id}`,
    authorId: legacy.user_id_str ?? userResult.rest_id ?? null,
    authorHandle: screenName,
    authorName: userCore.name ?? userLegacy.name ?? null,
    authorFollowers: count(userLegacy.followers_count),
    createdAt: parseTime(legacy.created_at ? new Date(legacy.created_at) : null),
    text: obj(obj(obj(d.note_tweet).note_tweet_results).result).text ?? legacy.full_text ?? '',
    hashtags: arr(entities.hashtags).map((h) => h?.text).filter(Boolean),
    mentions: arr(entities.user_mentions).map((m) => m?.screen_name).filter(Boolean),
    links: arr(entities.urls).map((u) => u?.expanded_url ?? u?.url).filter(Boolean),
    replyTo,
    repostOf: rtTweet.rest_id ?? null,
    quoteOf: quoted,
    likes: count(legacy.favorite_count),
    comments: count(legacy.reply_count),
    shares: (count(legacy.retweet_count) ?? 0) + (count(legacy.quote_count) ?? 0),
    views: count(obj(d.views).count),
    mediaCount: arr(obj(legacy.extended_entities).media).length || arr(entities.media).length,
  };
}

function threads(d: J): PostInput {
  if (!d.code) return reject('no_id');
  const user = obj(d.user);
  const info = obj(d.text_post_app_info);
  return {
    ...base('threads'),
    externalId: String(d.code),
    url: user.username ? `https://www.threads.net/@${user.username}/post/${d.code}` : null,
    authorId: user.pk ?? user.id ? String(user.pk ?? user.id) : null,
    authorHandle: user.username ?? null,
    authorName: user.full_name ?? null,
    authorFollowers: count(user.follower_count),
    createdAt: parseTime(d.taken_at),
    text: obj(d.caption).text ?? '',
    likes: count(d.like_count),
    comments: count(info.direct_reply_count),
    shares: (count(info.repost_count) ?? 0) + (count(info.quote_count) ?? 0) + (count(info.reshare_count) ?? 0),
    mediaCount: arr(d.carousel_media).length || 1,
  };
}
