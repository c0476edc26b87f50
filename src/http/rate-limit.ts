// A reusable rate-limit primitive: a sliding-window counter per key. Keys are IP-HMACs (never raw
// addresses) or account ids. With one process the counters live in its memory; with a shared store
// (PostgreSQL or Redis, see db/shared-store.ts) every process counts against the same counters, so
// a limit holds for all of them together. Two fixed windows weighted by overlap approximate the
// sliding window in O(1) memory per key.
import type { CounterOp, SharedStore } from '../db/shared-store.ts';

export interface HitResult {
  allowed: boolean;
  retryAfter: number;
  remaining: number;
}

export interface RateLimit {
  /** Counts one hit; says whether it is allowed and, when not, how many seconds to wait. A refused hit is not counted. */
  hit(key: string, now?: number): Promise<HitResult>;
  reset(key: string): Promise<void>;
  /** How a shared store counts this limit's hits (null: this process's memory). */
  readonly shared: SharedPlan | null;
}

interface SharedPlan {
  store: SharedStore;
  keys(key: string, now: number): { current: string; previous: string };
  ttlMs: number;
  decide(count: number, previous: number, now: number): HitResult;
}

export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  maxKeys?: number;
  /** Shared counters need a name unique in the application (two limits must not share keys). */
  name?: string;
  store?: SharedStore;
}

export function createRateLimit(opts: RateLimitOptions): RateLimit {
  if (opts.store && opts.store.kind !== 'memory') {
    if (!opts.name) throw new Error('a rate limit on a shared store needs a name');
    return sharedRateLimit(opts.store, opts.name, opts.limit, opts.windowMs);
  }
  return memoryRateLimit(opts);
}

const windowOf = (now: number, windowMs: number) => now - (now % windowMs);

function decision(limit: number, windowMs: number, before: number, previous: number, now: number): HitResult {
  const windowStart = windowOf(now, windowMs);
  const estimate = previous * (1 - (now - windowStart) / windowMs) + before;
  if (estimate + 1 > limit)
    return {
      allowed: false,
      retryAfter: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)),
      remaining: 0,
    };
  return { allowed: true, retryAfter: 0, remaining: Math.max(0, Math.floor(limit - estimate - 1)) };
}

function memoryRateLimit(opts: { limit: number; windowMs: number; maxKeys?: number }): RateLimit {
  const { limit, windowMs } = opts;
  const maxKeys = opts.maxKeys ?? 100_000;
  const buckets = new Map<string, { start: number; count: number; prev: number }>();
  const hitNow = (key: string, now: number): HitResult => {
    let b = buckets.get(key);
    const windowStart = windowOf(now, windowMs);
    if (!b) {
      if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value as string);
      b = { start: windowStart, count: 0, prev: 0 };
      buckets.set(key, b);
    } else if (b.start !== windowStart) {
      b.prev = b.start === windowStart - windowMs ? b.count : 0;
      b.start = windowStart;
      b.count = 0;
    }
    const r = decision(limit, windowMs, b.count, b.prev, now);
    if (r.allowed) b.count++;
    return r;
  };
  return {
    shared: null,
    hit: async (key, now = Date.now()) => hitNow(key, now),
    async reset(key) {
      buckets.delete(key);
    },
  };
}

function sharedRateLimit(store: SharedStore, name: string, limit: number, windowMs: number): RateLimit {
  const plan: SharedPlan = {
    store,
    ttlMs: windowMs * 2 + 1000,
    keys(key, now) {
      const start = windowOf(now, windowMs);
      return { current: `rl:${name}:${key}:${start}`, previous: `rl:${name}:${key}:${start - windowMs}` };
    },
    decide: (count, previous, now) => decision(limit, windowMs, count - 1, previous, now),
  };
  const self: RateLimit = {
    shared: plan,
    async hit(key, now = Date.now()) {
      return (await hitAll([[self, key]], { now }))[0];
    },
    async reset(key) {
      const now = Date.now();
      const k = plan.keys(key, now);
      await Promise.all([store.delete(k.current), store.delete(k.previous)]);
    },
  };
  return self;
}

/**
 * Counts several hits at once: one round trip to a shared store. Hits are taken in order; when
 * `stop(i, result)` says so, the hits after i are not counted and their results are left out.
 * A refused hit is not counted either, as with `hit`.
 */
export async function hitAll(
  hits: Array<readonly [RateLimit, string]>,
  opts: { now?: number; stop?: (i: number, r: HitResult) => boolean } = {},
): Promise<HitResult[]> {
  const now = opts.now ?? Date.now();
  const stop = opts.stop ?? (() => false);
  const plans = hits.map(([l]) => l.shared);
  const store = plans[0]?.store;
  if (!store || plans.some((p) => !p || p.store !== store)) {
    const out: HitResult[] = [];
    for (const [i, [l, key]] of hits.entries()) {
      const r = await l.hit(key, now);
      out.push(r);
      if (stop(i, r)) break;
    }
    return out;
  }
  const keys = hits.map(([l, key]) => l.shared!.keys(key, now));
  const counted = await store.batch(
    keys.map((k, i) => ({ key: k.current, by: 1, ttlMs: plans[i]!.ttlMs })),
    keys.map((k) => k.previous),
  );
  const out: HitResult[] = [];
  const undo: CounterOp[] = [];
  const takeBack = (i: number) => undo.push({ key: keys[i].current, by: -1, ttlMs: plans[i]!.ttlMs });
  for (const i of keys.keys()) {
    const r = plans[i]!.decide(counted.incr[i], counted.get[i], now);
    out.push(r);
    if (!r.allowed) takeBack(i);
    if (stop(i, r)) {
      for (let j = i + 1; j < keys.length; j++) takeBack(j);
      break;
    }
  }
  if (undo.length) await store.batch(undo);
  return out;
}
