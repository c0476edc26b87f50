// The ledger in headless Chromium: the public pages in kk/ru/en with and without JavaScript (axe, no
// id twice, no sideways scrolling on a phone), the browser's own check of an entry's signature and
// inclusion proof (and its refusal of a forged entry), a donor's receipt proved without her code
// leaving the browser, and the staff pages.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import type { Staff } from '../../src/core/accounts/roles.ts';
import { cookieName } from '../../src/http/staff.ts';
import type { LedgerBooksService, LedgerLog } from '../../src/ledger/index.ts';
import { axeViolations, duplicateIds, requiredMarkMismatches, seededBrowserSuite } from '../helpers/browser.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { createStaff, signIn } from '../helpers/staff.ts';

interface LedgerSite extends TestApp {
  receipt: string;
  treasurerCookie: string;
}

const today = new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10);

async function startLedgerSite(): Promise<LedgerSite> {
  const t = await startTestApp();
  const s = t.services as TestApp['services'] & { ledgerBooks: LedgerBooksService; ledgerLog: LedgerLog };
  const accountant: Staff = await createStaff(t.services, 'accountant');
  const treasurer: Staff = await createStaff(t.services, 'treasurer');
  const got = await s.ledgerBooks.record(
    {
      kind: 'received',
      amount: 2_500_000,
      channel: 'kaspi',
      date: today,
      purpose: 'Crisis line',
      donorReference: 'TX-1',
    },
    accountant,
  );
  const more = [
    { kind: 'spent', amount: 800_000, date: today, category: 'legal_aid', payeeKind: 'person', description: 'Lawyer' },
    { kind: 'spent', amount: 120_000, date: today, category: 'bank_fees', payeeKind: 'bank', description: 'Fees' },
    {
      kind: 'bank_event',
      event: 'account_frozen',
      date: today,
      account: 'Halyk …1234',
      authority: 'Financial Monitoring Agency',
      documentSha256: 'ab'.repeat(32),
    },
  ];
  await s.ledgerBooks.approve(got.id, treasurer);
  for (const input of more) await s.ledgerBooks.approve((await s.ledgerBooks.record(input, accountant)).id, treasurer);
  await s.ledgerBooks.record(
    { kind: 'spent', amount: 5000, date: today, category: 'rent', payeeKind: 'organisation', description: 'Office' },
    accountant,
  );
  await s.ledgerLog.publish();
  const signed = await signIn(t, treasurer.email);
  return { ...t, receipt: got.receipt!, treasurerCookie: signed.cookie };
}

describe('the ledger in a real browser', () => {
  const s = seededBrowserSuite<LedgerSite>(startLedgerSite);

  const open = async (context: BrowserContext, path: string, status = 200) => {
    const page = await context.newPage();
    const res = await page.goto(s.origin + path);
    assert.equal(res?.status(), status, path);
    return page;
  };

  for (const lang of ['kk', 'ru', 'en'])
    for (const js of [true, false])
      test(`public ledger and an entry (${lang}, JavaScript ${js ? 'on' : 'off'}): accessible, fits a phone`, async () => {
        const context = await s.browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: js });
        for (const path of [`/${lang}/ledger`, `/${lang}/ledger/entries/1`, `/${lang}/ledger/receipt`]) {
          const page = await open(context, path);
          const overflow = await page.evaluate(
            `document.documentElement.scrollWidth - document.documentElement.clientWidth`,
          );
          assert.ok((overflow as number) <= 1, `${path}: no sideways scrolling (${overflow}px)`);
          assert.deepEqual(await duplicateIds(page), [], path);
          if (js) assert.deepEqual(await axeViolations(page), [], path);
          await page.close();
        }
        await context.close();
      });

  test('the browser checks the checkpoint’s signature and the inclusion proof, and refuses a forged entry', async () => {
    const context = await s.browser.newContext();
    const page = await open(context, '/en/ledger/entries/1');
    const status = page.locator('[data-ledger-proof] [role="status"]');
    await page.waitForSelector('[data-ledger-proof] [role="status"][data-state="ok"]', { timeout: 10_000 });
    assert.match(
      (await status.textContent())!,
      /Checked: the checkpoint’s signature is valid and the entry is in the tree of 4 entries/,
    );
    // The same page, with the server's answer altered on the way: the entry claims a smaller sum.
    await page.route('**/ledger/proof/1', async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      body.json = body.json.replace('800000', '80000');
      await route.fulfill({ response: res, json: body });
    });
    await page.reload();
    await page.waitForSelector('[data-ledger-proof] [role="status"][data-state="bad"]', { timeout: 10_000 });
    assert.match((await status.textContent())!, /does not lead from this entry/);
    await context.close();
  });

  test('a donor’s receipt link proves her donation; her code never leaves the browser', async () => {
    const context = await s.browser.newContext();
    const page = await context.newPage();
    const sent: string[] = [];
    page.on('request', (r) => sent.push(r.url() + (r.postData() ?? '')));
    await page.goto(`${s.origin}/ru/ledger/receipt#${s.t.receipt}`);
    await page.waitForSelector('#receipt-result [role="status"][data-state="ok"]', { timeout: 10_000 });
    const text = (await page.locator('#receipt-result [role="status"]').textContent())!;
    assert.match(text, /Ваше пожертвование есть в журнале: запись № 0\./);
    assert.equal(new URL(page.url()).hash, '', 'the code is taken out of the address bar');
    const salt = s.t.receipt.split('.')[1];
    assert.deepEqual(
      sent.filter((u) => u.includes(salt)),
      [],
      'only the commitment went to the server',
    );
    // A mistyped code is named as such.
    await page.fill('#f-code', 'D1.nope');
    await page.click('form[data-ledger-receipt] button[type="submit"]');
    await page.waitForSelector('#receipt-result [role="status"][data-state="bad"]');
    await context.close();
  });

  test('staff pages: accessible, required marks agree, errors summarised', async () => {
    const context = await s.browser.newContext();
    const [name, value] = s.t.treasurerCookie.split('=');
    await context.addCookies([{ name, value, url: s.origin }]);
    assert.equal(name, cookieName(s.t.services.web));
    for (const path of [
      '/kk/admin/ledger',
      '/ru/admin/ledger/new/received',
      '/en/admin/ledger/new/spent',
      '/en/admin/ledger/new/bank_event',
      '/kk/admin/ledger/new/correction',
      '/ru/admin/ledger/import',
      '/en/admin/ledger/figures',
    ]) {
      const page = await open(context, path);
      assert.deepEqual(await axeViolations(page), [], path);
      assert.deepEqual(await requiredMarkMismatches(page), [], path);
      await page.close();
    }
    const page = await open(context, '/en/admin/ledger/new/received');
    await page.fill('#f-amount', '-10');
    const [res] = await Promise.all([page.waitForNavigation(), page.click('form button[type="submit"]')]);
    assert.equal(res?.status(), 400);
    assert.match((await page.locator('#error-summary').textContent())!, /The amount cannot be negative/);
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});
