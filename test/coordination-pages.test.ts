// Coordination analyses of monitor data through the real app: a planted ring among ordinary posters
// is found and only it, the pages work without script in kk/ru/en, bad input is answered in the
// reader's language, exports are audited and pseudonymised on request, runs can be stopped and deleted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { ndjson, tmpFile } from './helpers/monitor.ts';
import { RING, ringPosts as posts } from './helpers/coordination.ts';
import { createStaff, post, signIn, type Signed } from './helpers/staff.ts';
import { createCoordinationService } from '../src/coordination/coordination.service.ts';

describe('coordination pages', () => {
  let t: TestApp;
  let analyst: Signed;
  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
    await t.services.monitor.importFile(
      { file: tmpFile('ring.ndjson', ndjson(posts())), format: 'zeeschuimer' },
      { system: 'test' },
    );
    analyst = await signIn(t, (await createStaff(t.services, 'analyst')).email);
  });
  after(() => t.close());

  const get = (url: string, s: Signed | null = analyst) =>
    t.app.inject({ url, headers: s ? { cookie: s.cookie } : {} });
  const start = (values: Record<string, string>, lang = 'en') =>
    post(t, analyst, `/${lang}/admin/coordination/runs`, values);

  test('only staff who may see analytics reach the pages', async () => {
    assert.equal((await get('/en/admin/coordination', null)).statusCode, 303);
    const moderator = await signIn(t, (await createStaff(t.services, 'moderator')).email);
    assert.equal((await get('/en/admin/coordination', moderator)).statusCode, 403);
    const page = await get('/kk/admin/coordination');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Үйлестірілген аккаунттар/);
    assert.match(page.body, /Үндес әрекет дәлел емес/);
    assert.ok(!/<script(?![^>]*src=)/.test(page.body), 'no inline script');
  });

  test('bad input gets its error next to the field, in the reader’s language, and nothing is started', async () => {
    const before = (await t.services.coordination.runs({ system: 'test' })).length;
    const res = await start({ scope: 'a', type: 'co-hashtag', window: 'минута' }, 'ru');
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Окно — целое число секунд/);
    const tag = await start({ scope: 'a', hashtag: '#ЕшкімБілмейді', type: 'co-hashtag' }, 'en');
    assert.equal(tag.statusCode, 400);
    assert.match(tag.body, /no post with this hashtag/);
    const type = await start({ scope: 'a', type: 'co-telepathy' }, 'kk');
    assert.equal(type.statusCode, 400);
    assert.match(type.body, /ортақ нысанын таңдаңыз/);
    assert.equal((await t.services.coordination.runs({ system: 'test' })).length, before);
  });

  test('a run finds the planted ring, and only it, with its evidence', async () => {
    const res = await start({ scope: 'a', hashtag: 'ЗаңдыӨзгерт', type: 'co-hashtag', window: '60' });
    assert.equal(res.statusCode, 303);
    const runUrl = String(res.headers.location);
    const queued = await get(runUrl);
    assert.equal(queued.statusCode, 200);
    assert.equal(queued.headers.refresh, '3', 'a waiting run refreshes itself without script');
    assert.match(queued.body, /Waiting to start/);

    assert.equal(await t.services.coordination.runQueued(), 1);
    const done = await get(runUrl);
    assert.equal(done.headers.refresh, undefined);
    assert.match(done.body, /Done/);
    const runs = await t.services.coordination.runs({ system: 'test' });
    const run = runs.find((r) => runUrl.endsWith(r.id))!;
    assert.equal(run.status, 'done');
    assert.equal(run.messages, 8 * RING.length + 40 * 4);
    const clusters = await t.services.coordination.clusters({ system: 'test' }, run.id);
    assert.equal(clusters.length, 1, 'the ordinary accounts form no cluster');
    assert.deepEqual(clusters[0].members.map((m) => m.handle).sort(), RING.map((u) => `x_${u}`).sort());
    const { evidence } = await t.services.coordination.cluster({ system: 'test' }, run.id, 1);
    assert.equal(evidence.length, 8, 'each shared hashtag set is evidence');
    assert.ok(evidence.every((e) => e.messages.length === RING.length));

    const page = await get(`${runUrl}/clusters/1`.replace('/en/', '/ru/'));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<svg class="chart network"/);
    assert.match(page.body, /<svg class="chart time-strip"/);
    assert.match(page.body, /x_9001/);
    assert.match(page.body, /2024-04-01 06:00:07 UTC/, 'times to the second');
    assert.match(page.body, /Синхронное поведение — не доказательство/);
    assert.equal((await get(`${runUrl}/clusters/2`)).statusCode, 404);
  });

  test('exports are audited, and pseudonymised ones name nobody', async () => {
    const [run] = (await t.services.coordination.runs({ system: 'test' })).filter((r) => r.status === 'done');
    const base = `/en/admin/coordination/runs/${run.id}/export`;
    const plain = await get(`${base}?format=clusters`);
    assert.equal(plain.statusCode, 200);
    assert.match(String(plain.headers['content-type']), /text\/csv/);
    assert.match(plain.body, /^cluster,user_id,handle,platform,score\n/);
    assert.match(plain.body, /x_9003/);
    const gexf = await get(`${base}?format=gexf&pseudonymise=1`);
    assert.match(gexf.body, /<gexf xmlns="http:\/\/gexf.net\/1.3"/);
    assert.doesNotMatch(gexf.body, /x_900|9001/);
    assert.equal((gexf.body.match(/<node /g) ?? []).length, RING.length);
    const again = await get(`${base}?format=gexf&pseudonymise=1`);
    assert.notEqual(again.body, gexf.body, 'a fresh key for each export: pseudonyms cannot be linked');
    assert.equal((await get(`${base}?format=xlsx`)).statusCode, 404);
    const audit = await t.services.audit.list({ action: 'coordination.export' });
    assert.ok(audit.length >= 3);
  });

  test('a queued run can be stopped; a finished one deleted; a running one not', async () => {
    const res = await start({ scope: 'a', type: 'co-post' });
    const id = String(res.headers.location).split('/').pop()!;
    assert.equal((await post(t, analyst, `/en/admin/coordination/runs/${id}/cancel`, {})).statusCode, 303);
    assert.equal((await t.services.coordination.run({ system: 'test' }, id)).status, 'cancelled');
    assert.equal(await t.services.coordination.runQueued(), 0, 'a cancelled run is not started');
    assert.equal((await post(t, analyst, `/en/admin/coordination/runs/${id}/delete`, {})).statusCode, 303);
    assert.equal((await get(`/en/admin/coordination/runs/${id}`)).statusCode, 404);

    const running = await start({ scope: 'a', type: 'co-post' });
    const rid = String(running.headers.location).split('/').pop()!;
    await t.services.db
      .updateTable('coordination_runs')
      .set({ status: 'running', updated_at: new Date().toISOString() })
      .where('id', '=', rid)
      .execute();
    const refused = await post(t, analyst, `/kk/admin/coordination/runs/${rid}/delete`, {});
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /алдымен оны тоқтатыңыз/);
  });

  test('a run whose process died is marked interrupted, not left running', async () => {
    const res = await start({ scope: 'a', type: 'co-post' });
    const id = String(res.headers.location).split('/').pop()!;
    const old = new Date(Date.now() - 3600_000).toISOString();
    await t.services.db
      .updateTable('coordination_runs')
      .set({ status: 'running', updated_at: old })
      .where('id', '=', id)
      .execute();
    await t.services.coordination.runQueued();
    const run = await t.services.coordination.run({ system: 'test' }, id);
    assert.equal(run.status, 'failed');
    assert.equal(run.error, 'interrupted');
    assert.match((await get(`/en/admin/coordination/runs/${id}`)).body, /server stopped during the analysis/);
  });

  test('a serving process runs a start at once; a shutdown puts the running analysis back in the queue', async () => {
    const c = t.services.coordination;
    c.startRunner(60_000);
    try {
      const run = await c.start({ scope: 'a', type: 'co-hashtag' }, { system: 'test' });
      for (let i = 0; i < 200 && (await c.run({ system: 'test' }, run.id)).status !== 'done'; i++)
        await new Promise((r) => setTimeout(r, 25));
      assert.equal((await c.run({ system: 'test' }, run.id)).status, 'done', 'run without waiting for the poll');
    } finally {
      await c.stopRunner();
    }

    // Posts that arrive slowly, so the shutdown comes while the analysis reads them.
    const slow = createCoordinationService({
      db: t.services.db,
      audit: t.services.audit,
      maxPosts: 1000,
      monitor: {
        async *analysisPosts() {
          for (let i = 0; i < 1000; i++) {
            await new Promise((r) => setTimeout(r, 20));
            yield { ...POST, id: `x:${i}`, author: `x:${i % 7}`, at: new Date(Date.UTC(2024, 3, 1, 0, 0, i)) };
          }
        },
      },
    });
    // An analysis that breaks is recorded as failed, and the server log (not the page) says why.
    const warnings: string[] = [];
    const broken = createCoordinationService({
      db: t.services.db,
      audit: t.services.audit,
      maxPosts: 1000,
      warn: (msg, extra) => void warnings.push(`${msg} ${JSON.stringify(extra)}`),
      monitor: {
        async *analysisPosts() {
          throw new Error('the posts table is gone');
        },
      },
    });
    broken.startRunner(60_000);
    const doomed = await broken.start({ scope: 'a', type: 'co-post' }, { system: 'test' });
    for (let i = 0; i < 100 && (await broken.run({ system: 'test' }, doomed.id)).status !== 'failed'; i++)
      await new Promise((r) => setTimeout(r, 20));
    await broken.stopRunner();
    assert.equal((await broken.run({ system: 'test' }, doomed.id)).error, 'failed');
    assert.match(warnings.join('\n'), /coordination analysis failed .*the posts table is gone/);

    slow.startRunner(60_000);
    const run = await slow.start({ scope: 'a', type: 'co-post' }, { system: 'test' });
    for (let i = 0; i < 100 && (await slow.run({ system: 'test' }, run.id)).status !== 'running'; i++)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 1200)); // past the first heartbeat (reading takes 20 s)
    await slow.stopRunner();
    const back = await slow.run({ system: 'test' }, run.id);
    assert.equal(back.status, 'queued');
    assert.equal(back.startedAt, null);
    await slow.cancel({ system: 'test' }, run.id);
  });
});

const POST = {
  id: '',
  url: null,
  platform: 'x',
  author: '',
  handle: null,
  at: new Date(0),
  text: 'Заңды өзгертейік',
  hashtags: [],
  mentions: [],
  links: [],
  replyTo: null,
  repostOf: null,
  sound: null,
};
