// The shared store on Redis or Valkey (REDIS_URL): counters are keys with an expiry, messages go
// through PUBLISH/SUBSCRIBE on a second connection, and a lock is a key set only if absent, with a
// lease that is renewed while its holder works (a process that dies lets go when the lease ends).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { SharedStore } from './shared-store.ts';

const LEASE_MS = 30_000;
// Deletes or renews the lock only while it is still ours.
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const RENEW =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

export async function createRedisStore(url: string, prefix: string): Promise<SharedStore> {
  const opts = { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true };
  const redis = new Redis(url, opts);
  const sub = new Redis(url, opts);
  for (const c of [redis, sub])
    c.on('error', (err: Error) => process.stderr.write(`shared store (redis): ${err.message}\n`));
  await redis.connect();
  await sub.connect();

  const me = randomBytes(6).toString('hex');
  const channelKey = prefix + 'events';
  const listeners = new Map<string, Set<(m: string | null) => void>>();
  const held = new Set<string>();
  const deliver = (channel: string, message: string | null) => {
    for (const l of listeners.get(channel) ?? []) l(message);
  };
  sub.on('message', (_ch: string, payload: string) => {
    const sep = payload.indexOf('|');
    const sep2 = payload.indexOf('|', sep + 1);
    if (payload.slice(0, sep) === me) return;
    deliver(payload.slice(sep + 1, sep2), payload.slice(sep2 + 1));
  });
  // After a lost connection, messages sent meanwhile are gone: tell every listener so.
  let ready = true;
  sub.on('close', () => (ready = false));
  sub.on('ready', () => {
    if (!ready) for (const channel of listeners.keys()) deliver(channel, null);
    ready = true;
  });
  await sub.subscribe(channelKey);

  const store: SharedStore = {
    kind: 'redis',
    async batch(incr, get = []) {
      if (!incr.length && !get.length) return { incr: [], get: [] };
      const m = redis.multi();
      for (const op of incr) {
        m.incrby(prefix + op.key, op.by);
        // NX: only a counter that has no expiry yet (that is, a new one) gets one.
        m.call('pexpire', prefix + op.key, String(op.ttlMs), 'NX');
      }
      for (const k of get) m.get(prefix + k);
      const res = (await m.exec()) ?? [];
      for (const [err] of res) if (err) throw err;
      return {
        incr: incr.map((_, i) => Number(res[i * 2][1])),
        get: get.map((_, i) => Number(res[incr.length * 2 + i][1] ?? 0)),
      };
    },
    async incr(key, ttlMs, by = 1) {
      return (await store.batch([{ key, ttlMs, by }])).incr[0];
    },
    async get(key) {
      return Number((await redis.get(prefix + key)) ?? 0);
    },
    async delete(key) {
      await redis.del(prefix + key);
    },
    async publish(channel, message) {
      await redis.publish(channelKey, `${me}|${channel}|${message}`);
    },
    subscribe(channel, l) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(l);
    },
    async exclusive(name, fn) {
      if (held.has(name)) return { ran: false };
      const key = prefix + 'lock:' + name;
      const token = `${me}:${randomBytes(6).toString('hex')}`;
      held.add(name);
      try {
        if ((await redis.set(key, token, 'PX', LEASE_MS, 'NX')) !== 'OK') return { ran: false };
        const renew = setInterval(() => void redis.eval(RENEW, 1, key, token, LEASE_MS).catch(() => {}), LEASE_MS / 3);
        renew.unref();
        try {
          return { ran: true, value: await fn() };
        } finally {
          clearInterval(renew);
          await redis.eval(RELEASE, 1, key, token).catch(() => {});
        }
      } finally {
        held.delete(name);
      }
    },
    async close() {
      await Promise.all([redis.quit().catch(() => {}), sub.quit().catch(() => {})]);
    },
  };
  return store;
}
