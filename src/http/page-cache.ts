// Rendered public pages are the same for every reader (no cookies, no personalisation), so they are
// cached in memory for a few seconds and dropped at once when content changes in this process.
// Other processes see the change within the TTL. The body is kept encoded, ready for the socket.
import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';

export interface CachedPage {
  body: Buffer;
  etag: string;
  at: number;
  /** Every header of the response, once the app has sent it: lets the front door replay it. */
  headers?: OutgoingHttpHeaders;
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
      const page: CachedPage = {
        body: Buffer.from(body),
        etag: `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`,
        at: Date.now(),
      };
      if (ttlMs <= 0) return page;
      if (map.size >= maxEntries) map.delete(map.keys().next().value as string);
      map.set(key, page);
      return page;
    },
    clear: () => map.clear(),
  };
}
