// Opens the home page and a campaign page in all three languages, with JavaScript on and off,
// saves screenshots to test-artifacts/, runs axe-core, and checks no request leaves this server.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startTestApp } from '../helpers/app.ts';
import { launchBrowser, listen, seededBrowserSuite, axeViolations, SHOTS } from '../helpers/browser.ts';

describe('pages in a real browser', () => {
  const s = seededBrowserSuite();

  for (const lang of ['kk', 'ru', 'en'] as const) {
    for (const js of [true, false]) {
      for (const [name, path] of [
        ['home', '/'],
        ['campaign', '/campaigns/changethelaw'],
      ] as const) {
        test(`${name} page in ${lang}, JavaScript ${js ? 'on' : 'off'}`, async () => {
          const context = await s.browser.newContext({
            javaScriptEnabled: js,
            viewport: { width: 390, height: 844 },
            locale: lang,
          });
          const page = await context.newPage();
          const requests: string[] = [];
          page.on('request', (r) => requests.push(r.url()));
          const res = await page.goto(`${s.origin}/${lang}${path}`);
          assert.equal(res?.status(), 200);
          assert.equal(await page.getAttribute('html', 'lang'), lang);
          const h1 = await page.textContent('h1');
          assert.ok(h1 && h1.trim().length > 3, 'a visible heading');
          if (name === 'campaign') assert.ok(await page.isVisible('text=#ChangeTheLaw'));
          const css = await page.evaluate(() => getComputedStyle(document.body).backgroundColor).catch(() => null);
          if (js) assert.equal(css, 'rgb(251, 250, 247)', 'the stylesheet is applied');
          await page.screenshot({ path: join(SHOTS, `${name}-${lang}-js-${js ? 'on' : 'off'}.png`), fullPage: true });
          const foreign = requests.filter((u) => !u.startsWith(s.origin) && !u.startsWith('data:'));
          assert.deepEqual(foreign, [], 'no third-party requests');
          if (js) assert.deepEqual(await axeViolations(page), []);
          await context.close();
        });
      }
    }
  }

  test('the language switcher keeps the current page', async () => {
    const page = await s.browser.newPage();
    await page.goto(`${s.origin}/kk/campaigns/forsaltanat`);
    await page.click('nav.langs a[hreflang="en"]');
    assert.equal(new URL(page.url()).pathname, '/en/campaigns/forsaltanat');
    await page.close();
  });

  test('the campaign search form works without JavaScript', async () => {
    const context = await s.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${s.origin}/ru/campaigns`);
    await page.fill('#q', 'орташа');
    await page.click('form.filters button[type="submit"]');
    assert.match(page.url(), /q=/);
    assert.ok(await page.isVisible('a[href="/ru/campaigns/ortashaemes"]'));
    await context.close();
  });
});

describe('staff forms in a real browser', () => {
  test('a staff member submits an invalid campaign form and gets it back with errors and input kept', async () => {
    const t = await startTestApp({ seedIfEmpty: true });
    const browser = await launchBrowser();
    try {
      const origin = await listen(t.app);
      await t.services.accounts.createUser(
        { email: 'org@dauys.test', name: 'Org', role: 'organiser', password: 'correct horse battery staple' },
        { system: 'test' },
      );
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${origin}/ru/admin`);
      await page.fill('#f-email', 'org@dauys.test');
      await page.fill('#f-password', 'correct horse battery staple');
      await page.click('form button[type="submit"]');
      assert.equal(new URL(page.url()).pathname, '/ru/admin');
      await page.goto(`${origin}/ru/admin/campaigns/new`);
      await page.fill('#f-slug', 'Bad Slug');
      await page.fill('#f-title_kk', 'Менің науқаным');
      await page.click('form.campaign-form button[type="submit"]');
      assert.ok(await page.isVisible('#error-summary'), 'error summary shown');
      assert.equal(await page.inputValue('#f-slug'), 'Bad Slug');
      assert.equal(await page.inputValue('#f-title_kk'), 'Менің науқаным');
      await page.screenshot({ path: join(SHOTS, 'admin-campaign-form-errors-ru.png'), fullPage: false });
      await context.close();
    } finally {
      await browser.close();
      await t.close();
    }
  });
});
