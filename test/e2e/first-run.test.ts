// The first day in a real browser: an admin follows the first-run checklist to the keys page, makes
// her personal key (the passphrase box then hides, her key being open in the tab) and the
// organisation key, and sees the items fold away as done; then takes a petition from draft to live
// by following "what is still missing" step by step, and leaves the public page by quick exit with
// JavaScript on (Esc twice) and off (a plain link).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cookieName } from '../../src/http/staff.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { axeViolations, launchBrowser, SHOTS } from '../helpers/browser.ts';
import { createStaff, signIn } from '../helpers/staff.ts';
import { campaignInput } from '../helpers/petitions.ts';

const tr = (s: string) => ({ kk: s, ru: s, en: s });

describe('first run, in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin = '';
  let petitionId = '';

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The quick exit goes to a page of this very server, so following it needs no network.
    const port = 20000 + Math.floor(Math.random() * 30000);
    origin = `http://127.0.0.1:${port}`;
    t = await startTestApp({ env: { QUICK_EXIT_URL: `${origin}/en/about` } });
    await t.app.listen({ port, host: '127.0.0.1' });
    browser = await launchBrowser();
    const staff = await createStaff(t.services, 'admin');
    const signed = await signIn(t, staff.email);
    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addCookies([{ name: cookieName(t.services.web), value: signed.cookie.split('=')[1], url: origin }]);
    page = await context.newPage();
    const campaign = await t.services.campaigns.create(campaignInput('first-day', 'First day'), staff);
    petitionId = (
      await t.services.campaigns.addComponent(
        campaign.id,
        'petition',
        { title: tr('Stop it'), text: tr('Text'), addressee: tr('The Senate'), goal: 1000, official_platform: 'none' },
        staff,
      )
    ).id;
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const item = (id: string) => page.locator(`[data-setup-item="${id}"]`);

  test('the checklist leads to the keys page, whose steps turn done and whose passphrase box hides once the key is open', async () => {
    await page.goto(`${origin}/en/admin`);
    assert.equal(await item('testimony.personal_key').getAttribute('data-done'), '0');
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(SHOTS, 'first-run-checklist-en.png'), fullPage: true });

    await Promise.all([page.waitForURL(/testimony-keys/), page.click('a:text("Go to: Your personal key")')]);
    assert.equal(await page.getAttribute('[data-key-step="personal"]', 'data-done'), '0');
    await page.fill('#new-pass', 'my own long passphrase');
    await page.fill('#new-pass2', 'my own long passphrase');
    await Promise.all([page.waitForEvent('load'), page.click('button:text("Create my key")')]);
    await page.waitForSelector('[data-key-step="personal"][data-done="1"]');
    // Her key is open in this tab: the box asking for her passphrase gives way to a note.
    await page.waitForSelector('[data-pass-open]:not([hidden])');
    assert.equal(await page.isVisible('#unlock-pass'), false);
    assert.match((await page.textContent('label[for="unlock-pass"]')) ?? '', /Your own passphrase/);

    await Promise.all([page.waitForEvent('load'), page.click('button:text("Create the organisation key")')]);
    await page.waitForSelector('[data-key-step="org"][data-done="1"]');
    assert.equal(await page.getAttribute('[data-key-step="grants"]', 'data-done'), '1');
    assert.deepEqual(await axeViolations(page), []);

    // Locking asks for the passphrase again.
    await Promise.all([page.waitForEvent('load'), page.click('[data-keys-lock]')]);
    await page.waitForSelector('#unlock-pass', { state: 'visible' });

    await page.goto(`${origin}/en/admin`);
    for (const id of ['testimony.personal_key', 'testimony.org_key', 'testimony.grants'])
      assert.equal(await item(id).getAttribute('data-done'), '1', id);
    // Done items fold into their summary but stay in the list; open one to read why it mattered.
    const why = item('testimony.org_key').locator('details > p').first();
    assert.equal(await why.isVisible(), false);
    await item('testimony.org_key').locator('summary').click();
    assert.equal(await why.isVisible(), true);
    assert.equal(await item('mail').locator('h3').isVisible(), true, 'a missing item is shown open');
    assert.deepEqual(await axeViolations(page), []);
  });

  test('a petition goes live by following what is still missing, step by step', async () => {
    const form = `${origin}/en/admin/components/${petitionId}`;
    const missing = () =>
      page.$$eval('.golive [data-missing]', (els) => els.map((e) => e.getAttribute('data-missing')));
    await page.goto(form);
    assert.deepEqual(await missing(), ['campaign', 'petition.moderation', 'petition.approval']);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(SHOTS, 'first-run-golive-en.png'), fullPage: true });

    await Promise.all([page.waitForURL(/admin\/campaigns\//), page.click('.golive a:text("Publish the campaign")')]);
    assert.equal(await page.locator('[data-missing="campaign"]').count(), 1, 'the campaign page lists it too');
    await Promise.all([page.waitForEvent('load'), page.click('.status-bar button:text("Publish")')]);
    assert.equal(await page.locator('[data-missing="campaign"]').count(), 0);

    await page.goto(form);
    assert.deepEqual(await missing(), ['petition.moderation', 'petition.approval']);
    await Promise.all([
      page.waitForURL(/admin\/petitions\//),
      page.click('.golive a:text("Send the petition to moderation")'),
    ]);
    await Promise.all([page.waitForEvent('load'), page.click('form.transition:has(input[value="moderation"]) button')]);
    await page.goto(form);
    assert.deepEqual(await missing(), ['petition.approval']);
    assert.match((await page.textContent('.golive')) ?? '', /needs a moderator or an admin/);

    await page.goto(`${origin}/en/admin/petitions/${petitionId}`);
    await Promise.all([page.waitForEvent('load'), page.click('form.transition:has(input[value="open"]) button')]);
    await page.goto(form);
    assert.deepEqual(await missing(), []);
    await Promise.all([page.waitForURL(`${origin}/en/petitions/${petitionId}`), page.click('[data-live] a')]);
    assert.ok(await page.isVisible('a.quick-exit'), 'the public page has quick exit');
  });

  test('quick exit leaves a campaign and a petition page with JavaScript (Esc twice) and without (the link)', async () => {
    const visitor = await browser.newContext();
    const p = await visitor.newPage();
    await p.goto(`${origin}/en/campaigns`);
    await p.goto(`${origin}/en/campaigns/first-day`);
    assert.ok(await p.isVisible('.quick-exit__hint'), 'with JavaScript it offers Esc twice');
    await Promise.all([
      p.waitForURL(`${origin}/en/about`),
      p.keyboard.press('Escape').then(() => p.keyboard.press('Escape')),
    ]);
    await p.goBack();
    assert.equal(new URL(p.url()).pathname, '/en/campaigns', 'the page left is not in the history');
    await visitor.close();

    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const q = await noJs.newPage();
    for (const path of [`/kk/campaigns/first-day`, `/ru/petitions/${petitionId}`, '/en/observatory']) {
      await q.goto(`${origin}${path}`);
      assert.equal(await q.isVisible('.quick-exit__hint'), false, 'without JavaScript it promises no Esc');
      await Promise.all([q.waitForURL(`${origin}/en/about`), q.click('a.quick-exit')]);
    }
    await noJs.close();
  });
});
