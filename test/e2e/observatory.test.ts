// Observatory pages in headless Chromium: accessibility (axe), no third-party requests, readable map
// and chart on a phone, and the timeline filters and search working with JavaScript off.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { seededBrowserSuite, axeViolations, SHOTS } from '../helpers/browser.ts';

describe('observatory in a real browser', () => {
  const s = seededBrowserSuite();

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
      const context = await s.browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const res = await page.goto(s.origin + path);
      assert.equal(res?.status(), 200);
      await page.screenshot({ path: join(SHOTS, `observatory-${name}.png`), fullPage: true });
      assert.deepEqual(
        requests.filter((u) => !u.startsWith(s.origin) && !u.startsWith('data:')),
        [],
        'no third-party requests',
      );
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 1, `no sideways scrolling (${overflow}px)`);
      assert.deepEqual(await axeViolations(page), []);
      await context.close();
    });
  }

  test('timeline filters, map tiles and search work with JavaScript off', async () => {
    const context = await s.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${s.origin}/en/observatory/timeline`);
    await page.selectOption('#kind', 'event');
    await page.selectOption('#region', 'KZ-75');
    await page.click('form.filters button[type="submit"]');
    assert.match(page.url(), /kind=event/);
    assert.match(page.url(), /region=KZ-75/);
    assert.ok(await page.isVisible('text=Feminita refused permission to rally'));

    await page.goto(`${s.origin}/en/observatory/map`);
    await page.click('svg a:has(g[data-region="KZ-71"])');
    assert.match(page.url(), /timeline\?region=KZ-71/);
    assert.ok(await page.isVisible('text=The killing of Saltanat Nukenova'));

    await page.goto(`${s.origin}/kk/observatory/search`);
    await page.fill('#q', 'нукенова');
    await page.click('form.filters button[type="submit"]');
    assert.ok(await page.isVisible('text=Салтанат Нүкенованың өлтірілуі'));
    await context.close();
  });
});
