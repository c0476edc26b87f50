// The no-JavaScript testimony form in Chromium (Tor Browser's safest mode sends forms like this):
// the browser sends the fields before the files, as the server's early checks rely on; a form the
// server answers before reading its files (here: no consent chosen) still shows her the page with
// her words; a valid one is stored with its attachments and leaves no temp file.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser, listen } from '../helpers/browser.ts';
import { createStaff, signIn } from '../helpers/staff.ts';
import { orgKey, personalKey } from '../helpers/testimony.ts';

const be16 = (n: number) => [n >> 8, n & 0xff];
const exif = Buffer.from('Exif\0\0GPS 43.25N 76.95E');
const jpeg = (size: number) => {
  const out = Buffer.alloc(size, 7);
  Buffer.from([0xff, 0xd8, 0xff, 0xe1, ...be16(exif.length + 2), ...exif, 0xff, 0xda, 0, 4, 1, 2]).copy(out);
  out.set([0xff, 0xd9], size - 2);
  return out;
};

describe('uploads without JavaScript, in Chromium', () => {
  let t: TestApp;
  let origin: string;
  let browser: Browser;
  const dir = (name: string) => readdirSync(join(t.config.uploadsDir, name));

  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
    const admin = await signIn(t, (await createStaff(t.services, 'admin')).email);
    await orgKey(t, admin, await personalKey(t, admin));
    origin = await listen(t.app);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t.close();
  });

  test('a form answered before its files are read still shows her words; a valid one is stored with its files', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${origin}/en/tell`);
    await page.fill('#f-story', 'UPLOAD-E2E story');
    await page.setInputFiles('#f-attachments', [
      { name: 'big.jpg', mimeType: 'image/jpeg', buffer: jpeg(8 * 1024 * 1024) },
    ]);
    const refused = await Promise.all([page.waitForNavigation(), page.click('[data-tell-submit]')]).then(([r]) => r!);
    assert.equal(refused.status(), 400);
    assert.equal(await page.inputValue('#f-story'), 'UPLOAD-E2E story');
    assert.match(await page.content(), /Choose how your words may be used/);

    const before = dir('testimony').length;
    await page.check('#f-consent-private');
    await page.setInputFiles('#f-attachments', [
      { name: 'a.jpg', mimeType: 'image/jpeg', buffer: jpeg(2 * 1024 * 1024) },
      { name: 'b.jpg', mimeType: 'image/jpeg', buffer: jpeg(3 * 1024 * 1024) },
    ]);
    const sent = await Promise.all([page.waitForNavigation(), page.click('[data-tell-submit]')]).then(([r]) => r!);
    assert.equal(sent.status(), 200);
    assert.match(await page.content(), /class="receipt__number"/);
    assert.equal(dir('testimony').length, before + 2);
    assert.deepEqual(dir('incoming'), []);
    await context.close();
  });
});
