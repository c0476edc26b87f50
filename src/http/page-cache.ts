// Rendered public pages are the same for every reader (no cookies, no personalisation), so they are
// cached in memory for a few seconds and dropped at once when content changes in this process.
// Other processes see the change within the TTL.
import { createHash } from 'node:crypto';

export interface CachedPage {
  body: string;
  etag: string;
  at: number;
}

export interface PageCache {
  get(key: string): CachedPage | undefined;
  set(key: string, body: string): CachedPage;
  clear(): void;
  readonly ttlMs: number;
}

export function createPageCache(ttlSeconds: number, maxEntries = 2000): PageCache {
  const map = new Map<string, CachedPage>();
  const ttlMs = ttlSeconds * 1000;
  return {
    ttlMs,
    get(key) {
      const hit = map.get(key);
      if (!hit) return undefined;
      if (Date.now() - hit.at > ttlMs) {
        map.delete(key);
        return undefined;
      }
      return hit;
    },
    set(key, body) {
      const page = { body, etag: `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`, at: Date.now() };
      if (ttlMs <= 0) return page;
      if (map.size >= maxEntries) map.delete(map.keys().next().value as string);
      map.set(key, page);
      return page;
    },
    clear: () => map.clear(),
  };
}
