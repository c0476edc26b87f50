// Posts in the narrow shape an analysis of who posted what and when needs (the coordination module
// reads them through MonitorService.analysisPosts). Objects are namespaced by platform, so a repost of
// post 123 on X never matches one of post 123 on VK.
import type { AnalysisRow } from './posts.repository.ts';

export interface AnalysisPost {
  /** platform:external_id */
  id: string;
  url: string | null;
  platform: string;
  /** The monitor's author key (platform:id, or platform:@handle). */
  author: string;
  handle: string | null;
  at: Date;
  text: string;
  /** Folded hashtag keys. */
  hashtags: string[];
  mentions: string[];
  links: string[];
  replyTo: string | null;
  /** A repost's or a quote's original. */
  repostOf: string | null;
  /** The sound of a TikTok video (its music id), when the import kept it. */
  sound: string | null;
}

const list = (json: string): string[] => {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

/** A TikTok video's sound: Zeeschuimer keeps `music.id`; 4CAT's CSV `music_id`, or only the music's URL. */
export function soundOf(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const r = JSON.parse(raw);
    const id = r?.music?.id ?? r?.music_id ?? r?.music_url ?? r?.music?.playUrl;
    return id === undefined || id === null || id === '' ? null : String(id);
  } catch {
    return null;
  }
}

export function toAnalysisPost(r: AnalysisRow): AnalysisPost | null {
  if (!r.author_key) return null;
  const ns = (id: string | null) => (id ? `${r.platform}:${id}` : null);
  const sound = r.platform === 'tiktok' ? soundOf(r.raw) : null;
  return {
    id: `${r.platform}:${r.external_id}`,
    url: r.url,
    platform: r.platform,
    author: r.author_key,
    handle: r.author_handle,
    at: new Date(r.created_at),
    text: r.text,
    hashtags: list(r.tag_keys),
    mentions: list(r.mentions),
    links: list(r.links),
    replyTo: ns(r.reply_to),
    repostOf: ns(r.repost_of ?? r.quote_of),
    sound: sound ? `tiktok:${sound}` : null,
  };
}
