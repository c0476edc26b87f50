// The reusable quick-exit control: a survivor-facing page (mounted here by a test module) is
// replaced by the neutral page on a click or on Esc pressed twice, leaving no back-history entry.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import type { Browser } from 'playwright-core';
import { defineModule } from '../../src/core/modules/module.ts';
import { ctxFor, sendPage } from '../../src/http/pages.tsx';
import { Layout } from '../../src/ui/layout.tsx';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';

const port = 20000 + Math.floor(Math.random() * 30000);
const origin = `http://127.0.0.1:${port}`;

const survivorPage = defineModule({
  name: 'survivor-test',
  needs: {},
  create: (_: object) => ({}),
  contributes: (_, web) => ({
    routes: async (app) => {
      app.get('/test/survivor', { config: { survivor: true } }, async (req, reply) =>
        sendPage(
          reply,
          <Layout ctx={ctxFor(web, req)} title="Tell" survivorFacing>
            <h1>Private page</h1>
          </Layout>,
        ),
      );
    },
  }),
});

describe('quick exit', () => {
  let t: TestApp;
  let browser: Browser;
  before(async () => {
    t = await startTestApp({ modules: [survivorPage], env: { QUICK_EXIT_URL: `${origin}/en/about` } });
    await t.app.listen({ port, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const how of ['click', 'double Esc'] as const) {
    test(`${how} replaces the page and the back button does not return to it`, async () => {
      const page = await browser.newPage();
      await page.goto(`${origin}/en/`);
      await page.goto(`${origin}/en/test/survivor`);
      assert.ok(await page.isVisible('a.quick-exit'));
      assert.equal(await page.getAttribute('meta[name="robots"]', 'content'), 'noindex, nofollow');
      if (how === 'click') await Promise.all([page.waitForURL(`${origin}/en/about`), page.click('a.quick-exit')]);
      else
        await Promise.all([
          page.waitForURL(`${origin}/en/about`),
          page.keyboard.press('Escape').then(() => page.keyboard.press('Escape')),
        ]);
      await page.goBack();
      assert.equal(new URL(page.url()).pathname, '/en/', 'back goes to the page before, skipping the survivor page');
      await page.close();
    });
  }

  test('without JavaScript the control is still a working link', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${origin}/kk/test/survivor`);
    assert.equal(await page.getAttribute('a.quick-exit', 'href'), `${origin}/en/about`);
    await Promise.all([page.waitForURL(`${origin}/en/about`), page.click('a.quick-exit')]);
    await context.close();
  });
});
