// Factories for monitor tests: platform items in the shapes Zeeschuimer captures, wrapped in its
// NDJSON envelope, and 4CAT-style CSV text.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export function envelope(platform: string, data: unknown, collected = Date.parse('2024-04-01T00:00:00Z')) {
  return {
    nav_index: '1:1:0',
    item_id: (data as { id?: string }).id ?? 'x',
    timestamp_collected: collected,
    source_platform: platform,
    source_platform_url: `https://www.${platform}/`,
    source_url: `https://www.${platform}/api`,
    user_agent: 'Mozilla/5.0',
    data,
  };
}

export const instagramItem = (o: {
  code: string;
  at: string;
  text: string;
  user?: string;
  likes?: number;
  comments?: number;
}) => ({
  id: `3300000000000000000_${o.user ?? '111'}`,
  code: o.code,
  taken_at: unix(o.at),
  media_type: 1,
  caption: { text: o.text },
  user: { pk: o.user ?? '111', username: `insta_${o.user ?? '111'}`, full_name: 'Айгерим' },
  like_count: o.likes ?? 10,
  comment_count: o.comments ?? 1,
});

export const tiktokItem = (o: {
  id: string;
  at: string;
  text: string;
  tags?: string[];
  author?: string;
  followers?: number;
  likes?: number;
}) => ({
  id: o.id,
  createTime: unix(o.at),
  desc: o.text,
  author: { id: o.author ?? '222', uniqueId: `tt_${o.author ?? '222'}`, nickname: 'Dana' },
  authorStats: { followerCount: o.followers ?? 5000 },
  stats: { diggCount: o.likes ?? 100, commentCount: 5, shareCount: 3, playCount: 1000 },
  textExtra: (o.tags ?? []).map((t) => ({ hashtagName: t })),
});

export const xItem = (o: {
  id: string;
  at: string;
  text: string;
  tags?: string[];
  user?: string;
  followers?: number;
}) => ({
  __typename: 'Tweet',
  rest_id: o.id,
  core: {
    user_results: {
      result: {
        rest_id: o.user ?? '333',
        legacy: { screen_name: `x_${o.user ?? '333'}`, name: 'Асель', followers_count: o.followers ?? 20000 },
      },
    },
  },
  legacy: {
    created_at: new Date(o.at).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) (.+) GMT$/, '$1 $3 $2 $5 +0000 $4'),
    full_text: o.text,
    user_id_str: o.user ?? '333',
    favorite_count: 7,
    retweet_count: 2,
    reply_count: 1,
    quote_count: 0,
    entities: { hashtags: (o.tags ?? []).map((text) => ({ text })), user_mentions: [], urls: [] },
  },
  views: { count: '300' },
});

export const threadsItem = (o: { code: string; at: string; text: string }) => ({
  code: o.code,
  taken_at: unix(o.at),
  caption: { text: o.text },
  user: { pk: '444', username: 'threads_user' },
  like_count: 4,
  text_post_app_info: { direct_reply_count: 1, repost_count: 1, quote_count: 0, reshare_count: 0 },
});

export function tmpFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'dauys-monitor-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

export const ndjson = (items: unknown[]) =>
  items.map((i) => (typeof i === 'string' ? i : JSON.stringify(i))).join('\n') + '\n';
