// What several web processes must agree on besides the database rows: counters that expire (rate
// limits, spent proof-of-work solutions), a message to every process (a change clears every page
// cache) and a lock only one process holds at a time (the petition recount). Three implementations:
// in this process (SQLite, one process: today's speed), PostgreSQL (an UNLOGGED table, LISTEN/NOTIFY,
// advisory locks) and Redis or Valkey (REDIS_URL); shared-store.open.ts picks one.
export interface CounterOp {
  key: string;
  /** Added to the counter; a counter that does not exist (or has expired) starts from 0. */
  by: number;
  /** A new counter expires this long after it was made; later increments keep that expiry. */
  ttlMs: number;
}

export interface SharedStore {
  readonly kind: 'memory' | 'postgres' | 'redis';
  /** Applies every increment and reads every `get` key in one round trip; values in that order. */
  batch(incr: CounterOp[], get?: string[]): Promise<{ incr: number[]; get: number[] }>;
  incr(key: string, ttlMs: number, by?: number): Promise<number>;
  get(key: string): Promise<number>;
  delete(key: string): Promise<void>;
  /** Sends a message to the listeners of `channel` in every other process. */
  publish(channel: string, message: string): Promise<void>;
  /**
   * Listens to other processes' messages. `null` means the connection was lost and messages may
   * have been missed: act as if every kind of message had come.
   */
  subscribe(channel: string, listener: (message: string | null) => void): void;
  /** Runs `fn` while no other process (nor this one) runs under the same name; otherwise does nothing. */
  exclusive<T>(name: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  close(): Promise<void>;
}

/** Adds up increments of the same key, so each key is touched once per batch. */
export function mergeOps(ops: CounterOp[]): { unique: CounterOp[]; index: number[] } {
  const at = new Map<string, number>();
  const unique: CounterOp[] = [];
  const index = ops.map((op) => {
    let i = at.get(op.key);
    if (i === undefined) {
      i = unique.push({ ...op }) - 1;
      at.set(op.key, i);
    } else unique[i].by += op.by;
    return i;
  });
  return { unique, index };
}

export function createMemoryStore(maxKeys = 500_000): SharedStore {
  const counters = new Map<string, { value: number; expires: number }>();
  const held = new Set<string>();
  const read = (key: string, now: number) => {
    const c = counters.get(key);
    if (c && c.expires <= now) {
      counters.delete(key);
      return undefined;
    }
    return c;
  };
  const incrOne = (op: CounterOp, now: number) => {
    let c = read(op.key, now);
    if (!c) {
      if (counters.size >= maxKeys) counters.delete(counters.keys().next().value as string);
      c = { value: 0, expires: now + op.ttlMs };
      counters.set(op.key, c);
    }
    c.value += op.by;
    return c.value;
  };
  const store: SharedStore = {
    kind: 'memory',
    async batch(incr, get = []) {
      const now = Date.now();
      return { incr: incr.map((op) => incrOne(op, now)), get: get.map((k) => read(k, now)?.value ?? 0) };
    },
    async incr(key, ttlMs, by = 1) {
      return incrOne({ key, ttlMs, by }, Date.now());
    },
    async get(key) {
      return read(key, Date.now())?.value ?? 0;
    },
    async delete(key) {
      counters.delete(key);
    },
    // One process: nobody else to tell.
    async publish() {},
    subscribe() {},
    async exclusive(name, fn) {
      if (held.has(name)) return { ran: false };
      held.add(name);
      try {
        return { ran: true, value: await fn() };
      } finally {
        held.delete(name);
      }
    },
    async close() {
      counters.clear();
    },
  };
  return store;
}
