// Several processes on one PostgreSQL database behave as one: two real `dauys serve` processes share
// rate limits and lockouts, page-cache clears, sessions and CSRF tokens, jobs (each runs once) and
// the petition recount (one process at a time). Once with the shared counters in PostgreSQL, once
// in Redis (REDIS_URL). A small load test shows a limit holding for the pair as for one process.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import autocannon from 'autocannon';
import { redisAnswers } from './helpers/redis.ts';
import pg from 'pg';
import { closeServices, createServices, type Services } from '../src/boot.ts';
import { loadConfig } from '../src/config.ts';
import { totpAt } from '../src/core/accounts/credentials.ts';
import { freshDatabase, type TestDatabase } from './helpers/db-url.ts';
import { openPetition } from './helpers/petitions.ts';
import { startServerProcess, type ServerProcess } from './helpers/server-process.ts';
import { createStaff, PASSWORD } from './helpers/staff.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PG = process.env.DAUYS_TEST_DATABASE_URL?.startsWith('postgres') ? process.env.DAUYS_TEST_DATABASE_URL : null;
const REDIS = process.env.DAUYS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'scale-test-secret-scale-test-secret-0123456789';

// ---- a small browser over fetch: cookies, forms, CSRF ----

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? assert.fail('no CSRF token');

async function post(
  origin: string,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return fetch(origin + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0];

/** Signs an admin in through `origin`, enrolling two-step verification on the way. */
async function signIn(origin: string, email: string, ip: string): Promise<{ cookie: string }> {
  const h = { 'x-forwarded-for': ip };
  const page = await (await fetch(origin + '/en/admin/login', { headers: h })).text();
  const res = await post(origin, '/en/admin/login', { email, password: PASSWORD, _csrf: csrfOf(page) }, h);
  assert.equal(res.status, 303, 'signed in');
  const cookie = cookieOf(res);
  const setup = await (await fetch(origin + '/en/admin/setup-2fa', { headers: { ...h, cookie } })).text();
  const secret = /class="secret">([A-Z2-7 ]+)</.exec(setup)![1].replace(/ /g, '');
  const done = await post(
    origin,
    '/en/admin/setup-2fa',
    { code: totpAt(secret, Date.now()), _csrf: csrfOf(setup) },
    { ...h, cookie },
  );
  assert.equal(done.status, 200, 'two-step verification set up');
  return { cookie };
}

const etagOf = async (origin: string, path: string) => {
  const res = await fetch(origin + path);
  assert.equal(res.status, 200);
  await res.arrayBuffer();
  return res.headers.get('etag');
};

const until = async (what: string, check: () => Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting: ${what}`);
};

/** Fires `amount` sign-in attempts (each with its own unknown e-mail) at each origin at once; counts answers. */
async function loginFlood(origins: string[], ip: string, amount: number) {
  const page = await (await fetch(origins[0] + '/en/admin/login', { headers: { 'x-forwarded-for': ip } })).text();
  const token = csrfOf(page);
  let n = 0;
  const results = await Promise.all(
    origins.map((origin) =>
      autocannon({
        url: origin + '/en/admin/login',
        connections: 8,
        amount,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
            setupRequest: (req) => ({
              ...req,
              body: new URLSearchParams({
                email: `nobody-${n++}@dauys.test`,
                password: 'wrong',
                _csrf: token,
              }).toString(),
            }),
          },
        ],
      }),
    ),
  );
  const count = (code: `${number}`) => results.reduce((s, r) => s + (r.statusCodeStats?.[code]?.count ?? 0), 0);
  return { tried: count('400') + count('429'), refused: count('429'), allowed: count('400') };
}

function scenario(name: string, extraEnv: () => Record<string, string>) {
  describe(name, { concurrency: false }, () => {
    let database: TestDatabase;
    let services: Services;
    let a: ServerProcess;
    let b: ServerProcess;
    let adminEmail: string;
    let petition: { campaignId: string; petitionId: string };
    let slug: string;

    before(async () => {
      database = await freshDatabase(PG!);
      const env = { DATABASE_URL: database.url, DAUYS_SECRET: SECRET, ...extraEnv() };
      // This test's own process: makes the data and watches the database (it has its own store too).
      services = await createServices(
        loadConfig({
          ...env,
          DAUYS_VAR_DIR: mkdtempSync(join(tmpdir(), 'dauys-scale-')),
          LOG_LEVEL: 'silent',
          JOBS_ENABLED: 'false',
        }),
        { migrate: true },
      );
      const admin = await createStaff(services, 'admin');
      adminEmail = admin.email;
      slug = `scale-${Math.random().toString(36).slice(2, 8)}`;
      petition = await openPetition(services, { slug, admin });
      const serverEnv = {
        ...env,
        TRUST_PROXY: 'true',
        PAGE_CACHE_SECONDS: '600',
        JOBS_ENABLED: 'true',
        JOBS_POLL_MS: '50',
        PETITION_COUNT_INTERVAL_MS: '200',
        LOG_LEVEL: 'warn',
      };
      [a, b] = await Promise.all([startServerProcess(serverEnv), startServerProcess(serverEnv)]);
    });

    after(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await closeServices(services);
      await database.drop();
    });

    test('a sign-in rate limit reached through A holds on B; a lockout made on both holds on both', async () => {
      const ip = '198.51.100.7';
      const h = { 'x-forwarded-for': ip };
      const token = csrfOf(await (await fetch(a.origin + '/en/admin/login', { headers: h })).text());
      for (let i = 0; i < 10; i++) {
        const r = await post(
          a.origin,
          '/en/admin/login',
          { email: `x${i}@dauys.test`, password: 'no', _csrf: token },
          h,
        );
        assert.equal(r.status, 400, `attempt ${i + 1} is answered`);
      }
      const onB = await post(b.origin, '/en/admin/login', { email: 'y@dauys.test', password: 'no', _csrf: token }, h);
      assert.equal(onB.status, 429, 'the eleventh attempt, sent to B, is refused');
      assert.ok(Number(onB.headers.get('retry-after')) > 0);
      const other = await post(
        b.origin,
        '/en/admin/login',
        { email: 'y@dauys.test', password: 'no', _csrf: token },
        {
          'x-forwarded-for': '198.51.100.8',
        },
      );
      assert.equal(other.status, 400, 'another address is not held back');

      // Five wrong passwords for one account, through A and B in turn (each from its own address).
      const victim = await createStaff(services, 'organiser');
      for (let i = 0; i < 5; i++) {
        const origin = i % 2 ? b.origin : a.origin;
        const r = await post(
          origin,
          '/en/admin/login',
          { email: victim.email, password: 'wrong', _csrf: token },
          {
            'x-forwarded-for': `203.0.113.${i + 1}`,
          },
        );
        assert.equal(r.status, 400);
      }
      for (const origin of [a.origin, b.origin]) {
        const r = await post(
          origin,
          '/en/admin/login',
          { email: victim.email, password: PASSWORD, _csrf: token },
          {
            'x-forwarded-for': '203.0.113.50',
          },
        );
        assert.equal(r.status, 429, 'the right password is locked out on both');
        assert.match(await r.text(), /locked|temporarily/i);
      }
    });

    test('a session and CSRF token from A work on B, and a change through A clears B’s cached page', async () => {
      const path = `/en/campaigns/${slug}`;
      const first = await etagOf(b.origin, path);
      assert.equal(await etagOf(b.origin, path), first, 'B serves the page from its cache');
      await etagOf(a.origin, path);

      const { cookie } = await signIn(a.origin, adminEmail, '192.0.2.10');
      const h = { cookie, 'x-forwarded-for': '192.0.2.10' };
      const adminOnB = await fetch(b.origin + `/en/admin/campaigns/${petition.campaignId}`, { headers: h });
      assert.equal(adminOnB.status, 200, 'the session made on A is known to B');
      const token = csrfOf(await adminOnB.text());
      // A token from B's form, sent to A: the change is made through A.
      const changed = await post(
        a.origin,
        `/en/admin/campaigns/${petition.campaignId}/status`,
        { status: 'closed', _csrf: token },
        h,
      );
      assert.equal(changed.status, 303, 'the form token works whichever process answers');
      await until('B drops its cached page', async () => (await etagOf(b.origin, path)) !== first, 5000);
      const forged = await post(
        a.origin,
        `/en/admin/campaigns/${petition.campaignId}/status`,
        { status: 'live', _csrf: 'x' },
        h,
      );
      assert.equal(forged.status, 403, 'a wrong token is still refused');
    });

    test('each of many jobs runs exactly once across both processes', async () => {
      const n = 150;
      for (let i = 0; i < n; i++) await services.jobs.enqueue('petition.trending', {}, { uniqueKey: `scale-${i}` });
      const db = new pg.Pool({ connectionString: database.url, max: 1 });
      const workers = new Set<string>();
      try {
        await until(
          'every job done',
          async () => {
            const rows = await db.query<{ locked_by: string }>(
              "SELECT locked_by FROM jobs WHERE status = 'running' AND unique_key LIKE 'scale-%'",
            );
            for (const r of rows.rows) workers.add(r.locked_by.split(':')[1]);
            const done = await db.query<{ n: number }>(
              "SELECT COUNT(*)::int AS n FROM jobs WHERE status = 'done' AND unique_key LIKE 'scale-%'",
            );
            return done.rows[0].n === n;
          },
          60_000,
        );
        const attempts = await db.query<{ attempts: number; n: number }>(
          "SELECT attempts, COUNT(*)::int AS n FROM jobs WHERE unique_key LIKE 'scale-%' GROUP BY attempts",
        );
        assert.deepEqual(attempts.rows, [{ attempts: 1, n }], 'every job was claimed once, by one process');
        assert.equal(workers.size, 2, `both processes took jobs (seen: ${[...workers].join(', ')})`);
      } finally {
        await db.end();
      }
    });

    test('petition counters are recounted by one process at a time', async () => {
      const db = new pg.Pool({ connectionString: database.url, max: 1 });
      const count = async () =>
        (
          await db.query<{ c: number }>('SELECT count_total AS c FROM petitions WHERE component_id = $1', [
            petition.petitionId,
          ])
        ).rows[0].c;
      try {
        // While this test's process holds the recount, neither A nor B recounts: a wrong count stays.
        // A or B may hold the turn at the moment we ask (that is the lock working), so ask until it is ours.
        let held: { ran: true; value: number } | { ran: false } = { ran: false };
        await until(
          'the recount turn is free for this process',
          async () => {
            held = await services.shared.exclusive('petition.count', async () => {
              await db.query('UPDATE petitions SET count_total = 777 WHERE component_id = $1', [petition.petitionId]);
              await new Promise((r) => setTimeout(r, 1500)); // several count intervals of both processes
              return count();
            });
            return held.ran;
          },
          10_000,
        );
        assert.deepEqual(held, { ran: true, value: 777 });
        // Once it lets go, one of them takes its turn and puts the true count back.
        await until('a process recounts', async () => (await count()) === 0, 10_000);
      } finally {
        await db.end();
      }
    });

    test('load: the sign-in limit holds for the pair as for one process', async () => {
      const one = await loginFlood([a.origin], '192.0.2.101', 60);
      const pair = await loginFlood([a.origin, b.origin], '192.0.2.102', 30);
      assert.equal(one.tried, 60);
      assert.equal(pair.tried, 60);
      assert.equal(one.allowed, 10, 'one process lets the limit through');
      assert.equal(pair.allowed, one.allowed, 'two processes together let through no more');
    });
  });
}

if (!PG) {
  test(
    'several processes on one database',
    { skip: 'needs PostgreSQL (DAUYS_TEST_DATABASE_URL): SQLite serves from one process' },
    () => {},
  );
} else {
  scenario('two processes, shared counters in PostgreSQL', () => ({}));
  const redisUp = await redisAnswers(REDIS);
  if (redisUp) scenario('two processes, shared counters in Redis', () => ({ REDIS_URL: REDIS }));
  else if (process.env.CI)
    test('Redis is reachable in CI', () => assert.fail(`no Redis at ${REDIS}: .ci/run starts one`));
  else test('two processes, shared counters in Redis', { skip: `no Redis at ${REDIS}` }, () => {});
}

test('serve --workers above 1 is refused on SQLite, with the reason', async () => {
  const { spawnSync } = await import('node:child_process');
  const dir = mkdtempSync(join(tmpdir(), 'dauys-workers-'));
  const r = spawnSync(
    process.execPath,
    [join(import.meta.dirname, '..', 'bin', 'dauys.js'), 'serve', '--workers', '2'],
    {
      env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'x.db')}`, DAUYS_VAR_DIR: dir },
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 64);
  assert.match(r.stderr, /needs PostgreSQL/);
  assert.match(r.stderr, /one writer at a time/);
});
