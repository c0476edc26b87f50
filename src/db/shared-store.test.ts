// The three shared stores keep the same contract: counters that expire, a message to the other
// processes (two store instances stand for two processes), and a lock one holder at a time.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { redisAnswers } from '../../test/helpers/redis.ts';
import { freshDatabase, type TestDatabase } from '../../test/helpers/db-url.ts';
import { createRateLimit } from '../http/rate-limit.ts';
import { createPostgresStore } from './shared-store.postgres.ts';
import { createRedisStore } from './shared-store.redis.ts';
import { createMemoryStore, type SharedStore } from './shared-store.ts';

const PG = process.env.DAUYS_TEST_DATABASE_URL?.startsWith('postgres') ? process.env.DAUYS_TEST_DATABASE_URL : null;
const REDIS = process.env.DAUYS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function contract(name: string, open: () => Promise<[SharedStore, SharedStore]>, shared: boolean) {
  describe(name, () => {
    let stores: [SharedStore, SharedStore] | null = null;
    const pair = async () => (stores ??= await open());
    after(async () => {
      if (stores) await Promise.all(stores.map((s) => s.close()));
    });

    test('counters add up, read back, expire and are deleted', async () => {
      const [a, b] = await pair();
      const k = `c-${Math.random()}`;
      assert.deepEqual(
        (
          await a.batch([
            { key: k, by: 2, ttlMs: 60_000 },
            { key: k, by: 1, ttlMs: 60_000 },
          ])
        ).incr,
        [2, 3],
      );
      if (shared) assert.equal(await b.get(k), 3, 'the other process sees the same counter');
      const short = `s-${Math.random()}`;
      await a.incr(short, 150);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(await a.get(short), 0, 'an expired counter starts again from nothing');
      assert.equal(await a.incr(short, 60_000), 1);
      await a.delete(k);
      assert.equal(await a.get(k), 0);
    });

    test('a rate limit on the store holds for every process together', async () => {
      const [a, b] = await pair();
      const name = `t${Math.random()}`;
      const la = createRateLimit({ limit: 3, windowMs: 60_000, name, store: a });
      const lb = createRateLimit({ limit: 3, windowMs: 60_000, name, store: b });
      const got = [];
      for (const l of [la, lb, la, lb, la]) got.push((await l.hit('ip')).allowed);
      assert.deepEqual(got, shared ? [true, true, true, false, false] : [true, true, true, true, true]);
    });

    test('one holder of a lock at a time', async () => {
      const [a, b] = await pair();
      let release!: () => void;
      const first = a.exclusive('L', () => new Promise<string>((r) => (release = () => r('done'))));
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(await a.exclusive('L', async () => 'x'), { ran: false }, 'not twice in one process');
      if (shared) assert.deepEqual(await b.exclusive('L', async () => 'x'), { ran: false }, 'nor in another');
      release();
      assert.deepEqual(await first, { ran: true, value: 'done' });
      assert.deepEqual(await b.exclusive('L', async () => 'y'), { ran: true, value: 'y' }, 'free again');
    });

    if (shared)
      test('a message reaches the other process, not the sender', async () => {
        const [a, b] = await pair();
        const seenA: Array<string | null> = [];
        const seenB: Array<string | null> = [];
        a.subscribe('ch', (m) => seenA.push(m));
        b.subscribe('ch', (m) => seenB.push(m));
        await a.publish('ch', 'hello');
        for (let i = 0; i < 50 && !seenB.length; i++) await new Promise((r) => setTimeout(r, 20));
        assert.deepEqual(seenB, ['hello']);
        assert.deepEqual(seenA, []);
      });
  });
}

contract(
  'memory store',
  async () => {
    const s = createMemoryStore();
    return [s, s];
  },
  false,
);

if (PG) {
  let db: TestDatabase;
  contract(
    'PostgreSQL store',
    async () => {
      db = await freshDatabase(PG);
      return [await createPostgresStore(db.url), await createPostgresStore(db.url)];
    },
    true,
  );
  after(async () => db?.drop());
}

if (await redisAnswers(REDIS)) {
  const prefix = `dauys-test:${Math.random().toString(36).slice(2)}:`;
  contract(
    'Redis store',
    async () => [await createRedisStore(REDIS, prefix), await createRedisStore(REDIS, prefix)],
    true,
  );
} else test('Redis store', { skip: `no Redis at ${REDIS}` }, () => {});
