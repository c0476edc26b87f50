// Survivor routes log at most an error code and the day when they fail: no path, no time of day, no
// stack, no message that could carry her words. Other routes keep their (redacted) error lines.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { form, startTestApp, type TestApp } from './helpers/app.ts';

const CANARY = 'Aigerim-CANARY';
const failure = () => Object.assign(new Error(`statement about ${CANARY} at /en/tell`), { code: 'SQLITE_IOERR' });

describe('logs on survivor routes', () => {
  let t: TestApp;
  const logs: string[] = [];
  before(async () => {
    t = await startTestApp({
      logLines: logs,
      configure: (app) => app.get('/en/test/failing', async () => Promise.reject(failure())),
    });
  });
  after(() => t.close());

  const parsed = () => logs.map((l) => JSON.parse(l) as Record<string, unknown>);

  test('a failing ordinary route is logged with its masked path and stack (the capture works)', async () => {
    logs.length = 0;
    const res = await t.app.inject('/en/test/failing');
    assert.equal(res.statusCode, 500);
    assert.ok(
      logs.some((l) => l.includes('/en/test/failing') && l.includes('"stack"') && l.includes('"time"')),
      logs.join(''),
    );
  });

  test('a failing survivor route, read or form post: one line with a code and the day, nothing else', async () => {
    const mod = t.services.testimony;
    const activeKey = mod.keys.activeKey;
    const check = mod.pow.check;
    mod.keys.activeKey = async () => Promise.reject(failure());
    mod.pow.check = async () => Promise.reject(failure());
    try {
      logs.length = 0;
      const page = await t.app.inject('/en/tell');
      assert.equal(page.statusCode, 500);
      assert.match(page.body, /<html lang="en"/);
      const post = await t.app.inject({
        method: 'POST',
        url: '/en/tell/follow-up',
        ...form({
          _csrf: t.services.csrf.tokenFor(null),
          receipt: `${CANARY}-receipt`,
          pow_challenge: CANARY,
          pow_solution: CANARY,
        }),
      });
      assert.equal(post.statusCode, 500);
    } finally {
      mod.keys.activeKey = activeKey;
      mod.pow.check = check;
    }
    const day = new Date().toISOString().slice(0, 10);
    const lines = parsed();
    assert.equal(lines.length, 2, logs.join(''));
    for (const line of lines) {
      const { level, pid, hostname, ...rest } = line;
      assert.ok(level && pid && hostname);
      assert.deepEqual(rest, { code: 'SQLITE_IOERR', day, msg: 'survivor route failed' });
    }
    const all = logs.join('');
    for (const absent of [CANARY, '/tell', 'follow-up', 'stack', 'time', 'reqId', 'url'])
      assert.ok(!all.includes(absent), `"${absent}" is not logged: ${all}`);
  });
});
