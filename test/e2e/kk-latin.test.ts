// Kazakh in Latin letters in headless Chromium: the pages say lang="kk-Latn", the switcher offers
// "Qazaqşa" and moves between the two Kazakh scripts on the same page, a Latin query typed into the
// observatory's search finds the Cyrillic record, and the pages are axe-clean with and without
// JavaScript. (The accessibility sweep checks every page in kk-latn as well.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { axeViolations, seededBrowserSuite } from '../helpers/browser.ts';

describe('kk-Latn in the browser', () => {
  const s = seededBrowserSuite();

  async function open(path: string, js = true) {
    const context = await s.browser.newContext({ javaScriptEnabled: js, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const res = await page.goto(s.origin + path);
    return { page, res, close: () => context.close() };
  }

  test('the home page is in Latin letters, and the switcher moves between the two Kazakh scripts', async () => {
    const { page, res, close } = await open('/kk-latn/observatory');
    assert.equal(res?.status(), 200);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'kk-Latn');
    const current = page.locator('nav.langs a[aria-current="true"]');
    assert.equal(await current.textContent(), 'Qazaqşa');
    assert.equal(await current.getAttribute('hreflang'), 'kk-Latn');
    const heading = (await page.locator('main h1').first().textContent())!.trim();
    assert.doesNotMatch(heading, /[\u0400-\u04ff]/, heading);
    await Promise.all([page.waitForNavigation(), page.click('nav.langs a[hreflang="kk"]')]);
    assert.equal(new URL(page.url()).pathname, '/kk/observatory');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'kk');
    assert.match((await page.locator('main h1').first().textContent())!, /[\u0400-\u04ff]/);
    await Promise.all([page.waitForNavigation(), page.click('nav.langs a[hreflang="kk-Latn"]')]);
    assert.equal(new URL(page.url()).pathname, '/kk-latn/observatory');
    await close();
  });

  test('a Latin query typed into the observatory search finds the Cyrillic record, without JavaScript too', async () => {
    for (const js of [true, false]) {
      const { page, close } = await open('/kk-latn/observatory/search', js);
      await page.fill('#q', 'Saltanat Nükenova');
      await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
      const link = page.locator('main a[href="/kk-latn/observatory/cases/nukenova-2023"]');
      assert.ok((await link.count()) >= 1, `JS ${js}: no result for a Latin query`);
      assert.match((await link.first().textContent())!, /Nükenova/);
      await close();
    }
  });

  test('kk-Latn pages are axe-clean, with JavaScript and without', async () => {
    const problems: string[] = [];
    for (const path of ['/kk-latn/', '/kk-latn/campaigns/changethelaw', '/kk-latn/help', '/kk-latn/tell']) {
      for (const js of [true, false]) {
        const context = await s.browser.newContext({ viewport: { width: 390, height: 844 } });
        if (!js) await context.route(/\.js(\?|$)/, (route) => route.abort());
        const page = await context.newPage();
        const res = await page.goto(s.origin + path);
        if (res?.status() !== 200) problems.push(`${path}: status ${res?.status()}`);
        problems.push(...(await axeViolations(page)).map((v) => `${path} JS ${js ? 'on' : 'off'}: ${v}`));
        await context.close();
      }
    }
    assert.deepEqual(problems, []);
  });
});
