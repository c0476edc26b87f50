// 4CAT CSV exports: one column set per data source (the columns of each data source's map_item).
// The platform is named on the command line or recognised from the columns. Times come from
// `unix_timestamp` when present: 4CAT's `timestamp` column is in the server's local time.
import { count, emptyPost, parseTime, reject, type Platform, type PostInput } from '../post.ts';

export type Row = Record<string, string | undefined>;

const list = (v: string | undefined): string[] | null =>
  v === undefined
    ? null
    : v
        .split(/[,\s]+/)
        .map((s) => s.trim())
        .filter(Boolean);
const yes = (v: string | undefined) => v === 'yes' || v === 'True' || v === 'true' || v === '1';
const has = (columns: string[], ...names: string[]) => names.every((n) => columns.includes(n));

/** Which 4CAT data source produced these columns, if it can be told. */
export function detectFourcatPlatform(columns: string[]): Platform | null {
  if (has(columns, 'tiktok_url') || has(columns, 'plays', 'author_followers', 'music_name')) return 'tiktok';
  if (has(columns, 'num_likes', 'media_type') || has(columns, 'usertags', 'num_comments')) return 'instagram';
  if (has(columns, 'retweet_count', 'is_retweet') || has(columns, 'impression_count')) return 'x';
  if (has(columns, 'chat', 'author_is_bot') || has(columns, 'chat', 'views', 'reply_to')) return 'telegram';
  if (has(columns, 'post_comments', 'author_screen_name') || has(columns, 'author_type', 'author_sex')) return 'vk';
  if (
    has(columns, 'repost_count', 'author_display_name') ||
    has(columns, 'replied_to_post', 'like_count', 'quote_count')
  )
    return 'bluesky';
  if (has(columns, 'author_is_verified', 'reposts', 'quotes')) return 'threads';
  return null;
}

/** The time of a 4CAT row: unix_timestamp first, then ISO created_at, then local-time timestamp. */
function when(r: Row): Date | null {
  return parseTime(r.unix_timestamp) ?? parseTime(r.created_at) ?? parseTime(r.timestamp);
}

const empty = (platform: Platform, r: Row): PostInput => ({
  ...emptyPost(platform),
  externalId: r.id ?? '',
  createdAt: when(r),
  text: r.body ?? '',
  raw: r,
});

const MAPPERS: Partial<Record<Platform, (r: Row) => PostInput>> = {
  instagram: (r) => ({
    ...empty('instagram', r),
    url: r.url || (r.id ? `https://www.instagram.com/p/${r.id}/` : null),
    authorId: r.author_id || null,
    authorHandle: r.author || null,
    authorName: r.author_fullname || null,
    hashtags: list(r.hashtags),
    likes: r.likes_hidden === 'yes' ? null : count(r.num_likes),
    comments: count(r.num_comments),
    views: count(r.play_count),
    mediaCount: count(r.num_media) ?? 1,
  }),
  tiktok: (r) => ({
    ...empty('tiktok', r),
    url: r.tiktok_url || null,
    authorId: r.author_id || null,
    authorHandle: r.author || null,
    authorName: r.author_full || null,
    authorFollowers: count(r.author_followers),
    hashtags: list(r.hashtags),
    likes: count(r.likes),
    comments: count(r.comments),
    shares: count(r.shares),
    views: count(r.plays),
    mediaCount: 1,
  }),
  x: (r) => ({
    ...empty('x', r),
    url: r.link || null,
    authorId: r.author_id || null,
    authorHandle: r.author || null,
    authorName: r.author_fullname || null,
    hashtags: list(r.hashtags),
    mentions: list(r.mentions),
    links: list(r.urls),
    replyTo: yes(r.is_reply) ? r.thread_id || null : null,
    likes: count(r.like_count),
    comments: count(r.reply_count),
    shares:
      r.retweet_count === undefined && r.quote_count === undefined
        ? null
        : (count(r.retweet_count) ?? 0) + (count(r.quote_count) ?? 0),
    views: count(r.impression_count),
    mediaCount: (list(r.images)?.length ?? 0) + (list(r.videos)?.length ?? 0),
  }),
  telegram: (r) => ({
    ...empty('telegram', r),
    // Message ids are only unique within a chat.
    externalId: r.chat && r.id ? `${r.chat}/${r.id}` : '',
    url: r.chat && r.id ? `https://t.me/${r.chat}/${r.id}` : null,
    authorId: r.author || r.chat || null,
    authorHandle: r.author_username || r.chat || null,
    authorName: r.author_name || null,
    replyTo: r.reply_to ? `${r.chat}/${r.reply_to}` : null,
    views: count(r.views),
    shares: count(r.forwards),
    mediaCount: r.attachment_type ? 1 : 0,
  }),
  vk: (r) => {
    const owner = /wall(-?\d+)_/.exec(r.link ?? '')?.[1];
    return {
      ...empty('vk', r),
      externalId: owner && r.id ? `${owner}_${r.id}` : (r.id ?? ''),
      url: r.link || null,
      authorId: r.author_id || null,
      authorHandle: r.author_screen_name || null,
      authorName: r.author_name || null,
      authorFollowers: count(r.author_followers),
      likes: count(r.likes),
      comments: count(r.post_comments),
      views: count(r.views),
      links: list(r.links),
      mediaCount: (list(r.photos)?.length ?? 0) + (list(r.videos)?.length ?? 0),
    };
  },
  bluesky: (r) => ({
    ...empty('bluesky', r),
    url: r.link || null,
    authorId: r.author_id || null,
    authorHandle: r.author || null,
    authorName: r.author_display_name || null,
    hashtags: list(r.tags),
    mentions: list(r.mentions),
    links: list(r.links),
    replyTo: r.replied_to_post || null,
    quoteOf: r.quoted_post || null,
    likes: count(r.like_count),
    comments: count(r.reply_count),
    shares: r.repost_count === undefined ? null : (count(r.repost_count) ?? 0) + (count(r.quote_count) ?? 0),
    mediaCount: list(r.images)?.length ?? 0,
    // 4CAT writes Bluesky's `timestamp` as unix seconds and `created_at` as ISO-8601.
    createdAt: parseTime(r.created_at) ?? parseTime(r.timestamp),
  }),
  threads: (r) => ({
    ...empty('threads', r),
    url: r.url || null,
    authorHandle: r.author || null,
    hashtags: list(r.hashtags),
    likes: count(r.likes),
    comments: count(r.replies),
    shares: r.reposts === undefined ? null : (count(r.reposts) ?? 0) + (count(r.quotes) ?? 0),
    mediaCount: (list(r.image_url)?.length ?? 0) + (list(r.video_url)?.length ?? 0),
  }),
};

export const FOURCAT_PLATFORMS = Object.keys(MAPPERS) as Platform[];

export function mapFourcat(platform: Platform, row: Row): PostInput {
  const m = MAPPERS[platform];
  if (!m) return reject('unsupported_platform', platform);
  return m(row);
}
