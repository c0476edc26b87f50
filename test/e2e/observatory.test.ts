// Observatory pages in headless Chromium: accessibility (axe), no third-party requests, readable map
// and chart on a phone, and the timeline filters and search working with JavaScript off.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');

describe('observatory in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp({ seedIfEmpty: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    origin = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const pages = [
    ['overview', '/kk/observatory'],
    ['timeline', '/ru/observatory/timeline'],
    ['map', '/kk/observatory/map?layer=event'],
    ['case', '/en/observatory/cases/nukenova-2023'],
    ['event', '/ru/observatory/events/feminita-rally-refused-2023'],
    ['impact', '/en/observatory/impact/zakonsaltanat'],
    ['data', '/kk/observatory/data'],
  ] as const;

  for (const [name, path] of pages) {
    test(`${name}: accessible, self-contained, fits a phone`, async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const res = await page.goto(origin + path);
      assert.equal(res?.status(), 200);
      await page.screenshot({ path: join(SHOTS, `observatory-${name}.png`), fullPage: true });
      assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:')), [], 'no third-party requests');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 1, `no sideways scrolling (${overflow}px)`);
      await page.evaluate(AXE);
      const result = (await page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] })`)) as {
        violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
      };
      const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
      await context.close();
    });
  }

  test('timeline filters, map tiles and search work with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${origin}/en/observatory/timeline`);
    await page.selectOption('#kind', 'event');
    await page.selectOption('#region', 'KZ-75');
    await page.click('form.filters button[type="submit"]');
    assert.match(page.url(), /kind=event/);
    assert.match(page.url(), /region=KZ-75/);
    assert.ok(await page.isVisible('text=Feminita refused permission to rally'));

    await page.goto(`${origin}/en/observatory/map`);
    await page.click('svg a:has(g[data-region="KZ-71"])');
    assert.match(page.url(), /timeline\?region=KZ-71/);
    assert.ok(await page.isVisible('text=The killing of Saltanat Nukenova'));

    await page.goto(`${origin}/kk/observatory/search`);
    await page.fill('#q', 'нукенова');
    await page.click('form.filters button[type="submit"]');
    assert.ok(await page.isVisible('text=Салтанат Нүкенованың өлтірілуі'));
    await context.close();
  });
});
