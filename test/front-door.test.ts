// The front door answers cached public pages before Fastify: over a real socket, a replayed page
// must be indistinguishable from the one the app sent, and anything not cached must reach the app.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';

const VARYING = new Set(['date', 'connection', 'keep-alive']);
const headersOf = (res: Response) => Object.fromEntries([...res.headers].filter(([k]) => !VARYING.has(k)));

describe('front door', () => {
  let t: TestApp;
  let origin: string;
  let appRequests = 0;
  before(async () => {
    const configure = (app: TestApp['app']) =>
      app.addHook('onRequest', async () => {
        appRequests++;
      });
    t = await startTestApp({ seedIfEmpty: true, env: { PAGE_CACHE_SECONDS: '60' }, configure });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  after(() => t.close());

  test('a cached page is replayed byte for byte with the same headers, without reaching the app', async () => {
    const before = appRequests;
    const first = await fetch(`${origin}/ru/campaigns/nemolchi`);
    const firstBody = await first.text();
    assert.equal(appRequests, before + 1, 'the first reader is served by the app');
    const second = await fetch(`${origin}/ru/campaigns/nemolchi`);
    assert.equal(appRequests, before + 1, 'the second is answered at the door');
    assert.equal(second.status, 200);
    assert.equal(await second.text(), firstBody);
    assert.deepEqual(headersOf(second), headersOf(first));
    assert.match(String(second.headers.get('content-security-policy')), /default-src 'none'/);
    assert.equal(second.headers.get('set-cookie'), null);
  });

  test('a conditional request gets the same 304 from the door as from the app', async () => {
    const page = await fetch(`${origin}/en/campaigns/nemolchi`);
    await page.text();
    const etag = String(page.headers.get('etag'));
    const fromDoor = await fetch(`${origin}/en/campaigns/nemolchi`, { headers: { 'if-none-match': etag } });
    assert.equal(fromDoor.status, 304);
    t.services.pageCache.clear();
    const count = appRequests;
    const fromApp = await fetch(`${origin}/en/campaigns/nemolchi`, { headers: { 'if-none-match': etag } });
    assert.equal(appRequests, count + 1);
    assert.equal(fromApp.status, 304);
    assert.deepEqual(headersOf(fromDoor), headersOf(fromApp));
  });

  test('changed content, other methods and uncached URLs go to the app', async () => {
    await (await fetch(`${origin}/kk/campaigns/nemolchi`)).text();
    let count = appRequests;
    t.services.pageCache.clear();
    await (await fetch(`${origin}/kk/campaigns/nemolchi`)).text();
    assert.equal(appRequests, ++count, 'after a content change the page is rendered again');
    assert.equal((await fetch(`${origin}/kk/campaigns/nemolchi`, { method: 'HEAD' })).status, 200);
    assert.equal(appRequests, ++count, 'HEAD is left to the app');
    const post = await fetch(`${origin}/kk/campaigns/nemolchi`, { method: 'POST', body: '' });
    await post.text();
    assert.equal(appRequests, ++count, 'POST is left to the app');
    const query = await fetch(`${origin}/kk/campaigns/nemolchi?x=1`);
    await query.text();
    assert.equal(appRequests, ++count, 'another URL is another page');
    const missing = await fetch(`${origin}/kk/campaigns/no-such-campaign`);
    assert.equal(missing.status, 404);
    await missing.text();
    const again = await fetch(`${origin}/kk/campaigns/no-such-campaign`);
    assert.equal(again.status, 404);
    await again.text();
    assert.equal(appRequests, count + 2, 'error pages are never replayed');
  });

  test('a full tile of the ledger is kept at the door for good; a partial one always reaches the app', async () => {
    const log = t.services.ledgerLog;
    await log.append(
      t.services.db,
      Array.from({ length: 300 }, (_, i) => ({ kind: 'test', i })),
    );
    const full = `${origin}/ledger/tile/0/000`;
    const first = await fetch(full);
    const bytes = Buffer.from(await first.arrayBuffer());
    assert.equal(bytes.length, 256 * 32);
    const count = appRequests;
    t.services.pageCache.clear(); // a content change elsewhere does not concern a tile
    const second = await fetch(full);
    assert.equal(appRequests, count, 'answered at the door');
    assert.deepEqual(Buffer.from(await second.arrayBuffer()), bytes);
    assert.deepEqual(headersOf(second), headersOf(first));
    assert.match(String(second.headers.get('cache-control')), /immutable/);
    await (await fetch(`${origin}/ledger/tile/0/001.p/44`)).arrayBuffer();
    await (await fetch(`${origin}/ledger/tile/0/001.p/44`)).arrayBuffer();
    assert.equal(appRequests, count + 2, 'a partial tile grows: never kept');
  });
});
