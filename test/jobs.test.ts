import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { backoffMs } from '../src/jobs/jobs.service.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

describe('job queue', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('runs due jobs once and records them as done', async () => {
    const seen: unknown[] = [];
    t.services.jobs.define('test.echo', async (p) => void seen.push(p));
    await t.services.jobs.enqueue('test.echo', { n: 1 });
    await t.services.jobs.enqueue('test.echo', { n: 2 }, { runAt: new Date(Date.now() + 3_600_000) });
    assert.equal(await t.services.jobs.drain(), 1, 'the future job waits');
    assert.deepEqual(seen, [{ n: 1 }]);
    const status = await t.services.jobs.status();
    assert.deepEqual(
      status.counts
        .filter((c) => c.name === 'test.echo')
        .map((c) => [c.status, c.n])
        .sort(),
      [
        ['done', 1],
        ['queued', 1],
      ],
    );
  });

  test('a failing job is retried later with backoff, then marked failed', async () => {
    let calls = 0;
    t.services.jobs.define(
      'test.flaky',
      async () => {
        calls++;
        throw new Error('upstream down');
      },
      { maxAttempts: 2 },
    );
    await t.services.jobs.enqueue('test.flaky');
    assert.equal(await t.services.jobs.drain(), 1);
    const [row] = await t.services.db.selectFrom('jobs').selectAll().where('name', '=', 'test.flaky').execute();
    assert.equal(row.status, 'queued');
    assert.ok(Date.parse(row.run_at) > Date.now(), 'retry is scheduled in the future');
    await sql`UPDATE jobs SET run_at = ${new Date(0).toISOString()} WHERE name = 'test.flaky'`.execute(t.services.db);
    await t.services.jobs.drain();
    const [final] = await t.services.db.selectFrom('jobs').selectAll().where('name', '=', 'test.flaky').execute();
    assert.equal(final.status, 'failed');
    assert.equal(final.last_error, 'upstream down');
    assert.equal(calls, 2);
    assert.ok((await t.services.jobs.status()).failures.some((f) => f.name === 'test.flaky'));
  });

  test('a unique key enqueues a job once, however often it is asked', async () => {
    t.services.jobs.define('test.once', async () => {});
    const results = await Promise.all(
      [1, 2, 3].map(() => t.services.jobs.enqueue('test.once', {}, { uniqueKey: 'slot-1' })),
    );
    assert.deepEqual(results.filter(Boolean).length, 1);
  });

  test('backoff grows exponentially and is capped at an hour', () => {
    assert.ok(backoffMs(1) < backoffMs(4));
    assert.ok(backoffMs(30) <= 3_600_000 + 1000);
  });

  test('jobs abandoned by a dead worker go back to the queue', async () => {
    let ran = 0;
    t.services.jobs.define('test.stale', async () => void ran++);
    await t.services.jobs.enqueue('test.stale');
    await sql`UPDATE jobs SET status = 'running', locked_at = ${new Date(Date.now() - 3_600_000).toISOString()} WHERE name = 'test.stale'`.execute(
      t.services.db,
    );
    t.services.jobs.start();
    for (let i = 0; i < 50 && !ran; i++) await new Promise((r) => setTimeout(r, 50));
    await t.services.jobs.stop();
    assert.equal(ran, 1);
  });
});
