// The sign form in a real browser (Debian Chromium): with JavaScript the page's script solves the
// proof of work before the form is sent; without JavaScript the same form still works (no proof,
// stricter limits). Both under the site's strict Content-Security-Policy.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { openPetition } from '../helpers/petitions.ts';

const port = 20000 + Math.floor(Math.random() * 30000);
const origin = `http://127.0.0.1:${port}`;

describe('signing in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let petitionId: string;
  before(async () => {
    t = await startTestApp({ env: { PETITION_POW_MAX_NUMBER: '3000' } });
    petitionId = (await openPetition(t.services)).petitionId;
    await t.app.listen({ port, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signAs(javaScript: boolean, email: string) {
    const context = await browser.newContext({ javaScriptEnabled: javaScript });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused/.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${origin}/kk/petitions/${petitionId}`);
    await page.fill('#f-name', 'Ләззат Оспанова');
    await page.fill('#f-email', email);
    await page.selectOption('#f-region', 'KZ-35');
    await page.check('#f-show_name');
    await Promise.all([page.waitForURL(/\/check-email$/, { timeout: 20_000 }), page.click('button[type="submit"]')]);
    assert.match((await page.textContent('h1')) ?? '', /Поштаңызды тексеріңіз/);
    await context.close();
    assert.deepEqual(violations, []);
    await t.services.petitions.flush();
    return t.services.db
      .selectFrom('petition_signatures')
      .select(['pow', 'quarantined', 'display_name'])
      .where('email_domain', '=', email.split('@')[1])
      .executeTakeFirstOrThrow();
  }

  test('with JavaScript the proof of work is solved and sent with the form', async () => {
    const row = await signAs(true, 'js@with-script.example');
    assert.equal(row.pow, 1);
    assert.equal(row.quarantined, 0);
    assert.equal(row.display_name, 'Ләззат О.');
  });

  test('without JavaScript the form still signs, without the proof', async () => {
    const row = await signAs(false, 'nojs@no-script.example');
    assert.equal(row.pow, 0);
    assert.equal(row.quarantined, 0);
  });
});
