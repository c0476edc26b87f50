// A reusable rate-limit primitive: a sliding-window counter per key, kept in this process's memory.
// Keys are IP-HMACs (never raw addresses) or account ids. Behind several web processes each process
// counts on its own, so the effective limit is at most limit × processes — documented in the README.
export interface RateLimit {
  /** Counts one hit; says whether it is allowed and, when not, how many seconds to wait. */
  hit(key: string, now?: number): { allowed: boolean; retryAfter: number; remaining: number };
  reset(key: string): void;
}

export function createRateLimit(opts: { limit: number; windowMs: number; maxKeys?: number }): RateLimit {
  const { limit, windowMs } = opts;
  const maxKeys = opts.maxKeys ?? 100_000;
  // Two fixed windows weighted by overlap approximate a sliding window in O(1) memory per key.
  const buckets = new Map<string, { start: number; count: number; prev: number }>();

  return {
    hit(key, now = Date.now()) {
      let b = buckets.get(key);
      const windowStart = now - (now % windowMs);
      if (!b) {
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value as string);
        b = { start: windowStart, count: 0, prev: 0 };
        buckets.set(key, b);
      } else if (b.start !== windowStart) {
        b.prev = b.start === windowStart - windowMs ? b.count : 0;
        b.start = windowStart;
        b.count = 0;
      }
      const weight = 1 - (now - windowStart) / windowMs;
      const estimate = b.prev * weight + b.count;
      if (estimate + 1 > limit) {
        return {
          allowed: false,
          retryAfter: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)),
          remaining: 0,
        };
      }
      b.count++;
      return { allowed: true, retryAfter: 0, remaining: Math.max(0, Math.floor(limit - estimate - 1)) };
    },
    reset(key) {
      buckets.delete(key);
    },
  };
}
