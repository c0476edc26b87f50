// Testimonies in headless Chromium, end to end against `dauys serve` in its own process:
// an admin makes the keys in the browser; a survivor sends a testimony with a canary string and an
// attachment while every request her page sends is recorded; the canary must appear in none of
// them, nor in the database files (WAL included), the uploads folder or the server's logs. Then the
// caseworker unlocks her key and reads it in the browser, replies, the survivor reads the reply
// with her receipt, and quick exit leaves no history entry.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { totpAt } from '../../src/core/accounts/credentials.ts';
import { axeViolations, launchBrowser, SHOTS } from '../helpers/browser.ts';
import { filesUnder, recordingProxy, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const CANARY = `CANARY${Math.random().toString(36).slice(2, 10)}Q`;
const PASSWORD = 'correct horse battery staple';
const PASSPHRASE = 'caseworker key passphrase 42';
const be16 = (n: number) => [n >> 8, n & 0xff];

function jpegWithExif(): Buffer {
  const exif = Buffer.from(`Exif\0\0GPS ${CANARY} 43.25N 76.95E`);
  return Buffer.from([
    0xff,
    0xd8,
    0xff,
    0xe0,
    0,
    16,
    ...Buffer.from('JFIF\0'),
    1,
    1,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
    0xff,
    0xe1,
    ...be16(exif.length + 2),
    ...exif,
    0xff,
    0xda,
    0,
    4,
    1,
    2,
    ...Buffer.alloc(4096, 7),
    0xff,
    0xd9,
  ]);
}

describe('testimony end to end in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let admin: BrowserContext;
  let survivor: BrowserContext;
  let adminPage: Page;
  let receipt = '';
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  const browserSaw: string[] = [];

  let neutral: Server;
  before(async () => {
    // The neutral site quick exit goes to (a weather page, here on loopback).
    neutral = createServer((_q, r) =>
      r.writeHead(200, { 'content-type': 'text/html' }).end('<title>Weather</title><p>Sunny</p>'),
    );
    await new Promise<void>((resolve) => neutral.listen(0, '127.0.0.1', resolve));
    const port = (neutral.address() as { port: number }).port;
    server = await startServerProcess({ QUICK_EXIT_URL: `http://127.0.0.1:${port}/quick-exit` });
    server.cli(['user', 'create', '--email', 'admin@dauys.test', '--role', 'admin', '--name', 'Admin'], PASSWORD);
    browser = await launchBrowser();
    admin = await browser.newContext();
    // Her browser talks to the server through a recording proxy: every byte her pages send is kept.
    proxy = await recordingProxy(server.origin);
    survivor = await browser.newContext();
    survivor.on('request', (r) => browserSaw.push(r.url()));
  });
  after(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.stop();
    neutral?.close();
  });

  test('an admin signs in, makes her personal key and the organisation key in the browser', async () => {
    adminPage = await admin.newPage();
    await adminPage.goto(`${server.origin}/en/admin/login`);
    await adminPage.fill('#f-email', 'admin@dauys.test');
    await adminPage.fill('#f-password', PASSWORD);
    await Promise.all([adminPage.waitForURL(/setup-2fa/), adminPage.click('form button[type="submit"]')]);
    const secret = (await adminPage.textContent('.secret'))!.replace(/\s+/g, '');
    await adminPage.fill('#f-code', totpAt(secret, Date.now()));
    await Promise.all([adminPage.waitForLoadState('load'), adminPage.click('main form button[type="submit"]')]);
    await adminPage.goto(`${server.origin}/en/admin/testimony-keys`);
    await adminPage.fill('#new-pass', PASSPHRASE);
    await adminPage.fill('#new-pass2', PASSPHRASE);
    await Promise.all([adminPage.waitForEvent('load'), adminPage.click('form[data-key-action="personal"] button')]);
    assert.match((await adminPage.textContent('main'))!, /You have a personal key/);
    // Her key is open in this tab since she made it: no passphrase box, the organisation key is one click.
    await adminPage.waitForSelector('[data-pass-open]:not([hidden])');
    assert.equal(await adminPage.isVisible('#unlock-pass'), false);
    await Promise.all([adminPage.waitForEvent('load'), adminPage.click('button[data-key-action="create-org"]')]);
    assert.match((await adminPage.textContent('main'))!, /The active key was made/);
  });

  test('a survivor sends a testimony; no request carries the canary', async () => {
    const page = await survivor.newPage();
    await page.goto(`${proxy.origin}/en/`);
    await page.goto(`${proxy.origin}/en/tell`);
    await page.waitForSelector('[data-e2e-on]:not([hidden])');
    await page.fill('#f-story', `My story ${CANARY}: it happened at home.`);
    await page.selectOption('#f-region', 'KZ-75');
    await page.selectOption('#f-relationship', 'partner');
    await page.check('#f-help-shelter');
    await page.check('#f-consent-statistics');
    await page.fill('#f-contact', `call ${CANARY}`);
    await page.setInputFiles('#f-attachments', {
      name: `photo-${CANARY}.jpg`,
      mimeType: 'image/jpeg',
      buffer: jpegWithExif(),
    });
    await page.click('[data-tell-submit]');
    await page.waitForFunction(
      () => /\d{4} \d{4} \d{4} \d{4}/.test(document.querySelector('[data-receipt]')?.textContent ?? ''),
      undefined,
      { timeout: 60_000 },
    );
    receipt = (await page.textContent('[data-receipt]'))!.replace(/\s+/g, '');
    assert.equal(new URL(page.url()).pathname, '/en/tell', 'nothing about her in the address');
    assert.ok(await page.isVisible('text=Who can help'));
    const hidden = await page.locator('.help-match[hidden]').count();
    const shown = await page.locator('.help-match:not([hidden])').count();
    assert.ok(shown > 0 && hidden > 0, 'services filtered to her region and needs');

    const submission = proxy.requests.find((r) => r.method === 'POST' && r.url === '/en/tell');
    assert.ok(
      submission && submission.body.length > 4096,
      'the submission, with its encrypted attachment, went through the recorder',
    );
    assert.ok(
      browserSaw.every((u) => u.startsWith(proxy.origin)),
      'no request to any other server',
    );
    for (const r of proxy.requests) {
      assert.ok(!r.url.includes(CANARY), r.url);
      assert.ok(!r.headers.includes(CANARY), 'headers');
      assert.ok(
        !r.body.includes(CANARY) &&
          !r.body.includes(Buffer.from(CANARY, 'utf16le')) &&
          !r.body.includes(encodeURIComponent(CANARY)),
        `body of ${r.method} ${r.url}`,
      );
    }
    await page.close();
  });

  test('the canary is in no database file (WAL included), upload or log line', async () => {
    const files = filesUnder(server.dir);
    assert.ok(
      files.some((f) => f.path.endsWith('-wal')),
      'the WAL is there to scan',
    );
    assert.ok(
      files.some((f) => f.path.includes('uploads')),
      'the attachment was stored',
    );
    for (const f of files) assert.ok(!f.bytes.includes(CANARY), f.path);
    assert.ok(!server.logs().includes(CANARY), 'logs');
  });

  test('the caseworker unlocks her key and reads the testimony in the browser, then replies', async () => {
    await adminPage.goto(`${server.origin}/en/admin/testimonies`);
    await Promise.all([adminPage.waitForLoadState('load'), adminPage.click('main table a')]);
    // The key stays unlocked in this tab's session storage; lock it to prove the passphrase step.
    if (await adminPage.isVisible('[data-lock]'))
      await Promise.all([adminPage.waitForEvent('load'), adminPage.click('[data-lock]')]);
    await adminPage.fill('#passphrase', PASSPHRASE);
    await adminPage.click('[data-unlock-form] button');
    await adminPage.waitForFunction(
      (c) => document.querySelector('[data-testimony]')?.textContent?.includes(c),
      CANARY,
      { timeout: 30_000 },
    );
    const text = (await adminPage.textContent('[data-testimony]'))!;
    assert.match(text, /it happened at home/);
    assert.match(text, /Husband or partner/);
    // She consented to statistics: the browser adds the coarse facts on request.
    await adminPage.click('[data-stats-send]');
    await adminPage.waitForSelector('[data-stats-offer]', { state: 'hidden' });
    await adminPage.fill('#reply-text', 'REPLY-FROM-CASEWORKER');
    await Promise.all([adminPage.waitForEvent('load'), adminPage.click('form[data-compose="reply"] button')]);
    await adminPage.waitForFunction(
      () => document.querySelector('.thread')?.textContent?.includes('REPLY-FROM-CASEWORKER'),
      undefined,
      { timeout: 30_000 },
    );
  });

  test('the survivor reads the reply with her receipt; quick exit leaves no history entry', async () => {
    const page = await survivor.newPage();
    await page.goto(`${proxy.origin}/en/tell`);
    await page.goto(`${proxy.origin}/en/tell/follow-up`);
    await page.waitForSelector('[data-e2e-on]:not([hidden])');
    await page.fill('#f-receipt', receipt);
    await page.click('form[data-followup-login] button');
    await page.waitForFunction(
      () => document.querySelector('.thread')?.textContent?.includes('REPLY-FROM-CASEWORKER'),
      undefined,
      { timeout: 60_000 },
    );
    assert.equal(new URL(page.url()).pathname, '/en/tell/follow-up');
    assert.ok(proxy.requests.some((r) => r.url === '/en/tell/follow-up' && r.method === 'POST'));
    for (const r of proxy.requests)
      assert.ok(!r.body.includes(receipt) && !r.url.includes(receipt), 'the receipt itself is never sent');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForURL(/quick-exit/);
    await page.goBack();
    assert.equal(new URL(page.url()).pathname, '/en/tell', 'back skips the follow-up page');
  });

  test('the survivor pages are accessible (axe: no violations of any impact)', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const page = await admin.newPage();
    for (const path of [
      '/kk/tell',
      '/ru/tell/follow-up',
      '/en/help?region=KZ-75&need=shelter',
      '/en/tell/statistics',
    ]) {
      await page.goto(server.origin + path);
      await page.screenshot({ path: join(SHOTS, `testimony${path.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true });
      assert.deepEqual(
        (await axeViolations(page)).map((v) => `${path} ${v}`),
        [],
      );
    }
    await page.close();
  });

  test('after the whole round trip the canary is still nowhere on the server', async () => {
    await server.stop();
    for (const f of filesUnder(server.dir)) assert.ok(!f.bytes.includes(CANARY), f.path);
    assert.ok(!server.logs().includes(CANARY));
  });
});
