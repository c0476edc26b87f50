// An analyst uploads a Zeeschuimer file in Chromium: the status page's progress bar (a labelled
// <progress>, kept current by the page's script from the small JSON status) follows the background
// import, and the page comes back by itself with the summary and the rejected lines. Both pages
// pass axe; nothing of the file is left on disk.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { cookieName } from '../../src/http/staff.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { axeViolations, launchBrowser, listen } from '../helpers/browser.ts';
import { envelope, instagramItem, ndjson } from '../helpers/monitor.ts';
import { createStaff, signIn } from '../helpers/staff.ts';

describe('uploading research data in Chromium', () => {
  let t: TestApp;
  let origin: string;
  let browser: Browser;
  let cookie: string;

  before(async () => {
    t = await startTestApp({ env: { JOBS_POLL_MS: '200' } });
    cookie = (await signIn(t, (await createStaff(t.services, 'analyst')).email)).cookie;
    origin = await listen(t.app);
    browser = await launchBrowser();
  });
  after(async () => {
    await t.services.jobs.stop();
    await browser?.close();
    await t.close();
  });

  test('the progress bar follows the import to its summary', async () => {
    const lines: unknown[] = [];
    for (let i = 0; i < 4000; i++)
      lines.push(
        envelope(
          'instagram.com',
          instagramItem({ code: `E2e${i}`, at: '2024-04-01T10:00:00Z', text: `Пост ${i} #ЗаңдыӨзгерт`, likes: i }),
        ),
      );
    lines.splice(7, 0, '{broken');
    const context = await browser.newContext();
    await context.addCookies([{ name: cookieName(t.services.web), value: cookie.split('=')[1], url: origin }]);
    const page = await context.newPage();
    await page.goto(`${origin}/en/admin/monitor/upload`);
    assert.deepEqual(await axeViolations(page), []);
    await page.setInputFiles('#f-file', {
      name: 'flashmob.ndjson',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(ndjson(lines)),
    });
    await Promise.all([
      page.waitForURL(/\/admin\/monitor\/uploads\/[0-9a-f-]{36}$/),
      page.click('button[type="submit"]'),
    ]);
    const bar = page.getByRole('progressbar', { name: 'Import progress' });
    assert.equal(await bar.count(), 1, 'a progress bar with an accessible name');
    assert.deepEqual(await axeViolations(page), []);

    // The worker starts only now, so the page is seen waiting first; then it follows the import.
    t.services.jobs.start();
    const seen = new Set<string>();
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && !(await page.locator('dl.figures').count())) {
      const text = await page
        .locator('[data-upload-field="status"]')
        .textContent()
        .catch(() => null);
      if (text) seen.add(text);
      await page.waitForTimeout(200);
    }
    assert.ok(seen.has('importing') || seen.has('waiting to start'), [...seen].join(', '));
    await page.waitForSelector('dl.figures');
    const body = await page.content();
    assert.match(body, /<dt>New<\/dt><dd>4,000<\/dd>/);
    assert.match(body, /<dt>Rejected<\/dt><dd>1<\/dd>/);
    assert.match(body, /Line 8: not valid JSON/);
    assert.equal(
      await page.locator('progress').getAttribute('value'),
      await page.locator('progress').getAttribute('max'),
    );
    assert.deepEqual(await axeViolations(page), []);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('text=Download the rejected lines (CSV)'),
    ]);
    assert.match(download.suggestedFilename(), /flashmob\.ndjson-rejects\.csv$/);
    assert.deepEqual(readdirSync(join(t.config.uploadsDir, 'monitor')), []);
    await context.close();
  });
});
