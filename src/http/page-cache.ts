// Rendered public pages are the same for every reader (no cookies, no personalisation), so they are
// cached in memory for a few seconds and dropped at once when content changes: in this process, and
// through the shared store's messages in every other one. The body is kept encoded, ready for the socket.
import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import type { SharedStore } from '../db/shared-store.ts';

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
  /** Drops every page here and in every other process. */
  clear(): void;
  /** Runs after every clear, this process's own or another's (for caches of their own beside the pages). */
  onClear(listener: () => void): void;
  readonly ttlMs: number;
}

const CHANNEL = 'page-cache';

export function createPageCache(
  ttlSeconds: number,
  opts: { maxEntries?: number; store?: SharedStore } = {},
): PageCache {
  const map = new Map<string, CachedPage>();
  const maxEntries = opts.maxEntries ?? 2000;
  const ttlMs = ttlSeconds * 1000;
  const listeners: Array<() => void> = [];
  const clearHere = () => {
    map.clear();
    for (const l of listeners) l();
  };
  opts.store?.subscribe(CHANNEL, clearHere);
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
    clear() {
      clearHere();
      opts.store?.publish(CHANNEL, 'clear').catch((err) =>
        console.error(
          JSON.stringify({
            level: 'warn',
            msg: 'page cache: could not tell the other processes',
            error: (err as Error).message,
          }),
        ),
      );
    },
    onClear: (l) => void listeners.push(l),
  };
}
