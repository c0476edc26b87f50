// What a first-time visitor tripped over, checked in headless Chromium in kk, ru and en: a button and
// a hint meant for JavaScript showing without it, a required field nobody marked, checkbox labels falling
// under their box, and a region map cut off on a 375 px phone with labels too small to read.
// Screenshots of each page go to test-artifacts/screenshots.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { LOCALES } from '../../src/i18n/locales.ts';
import { axeViolations, seededBrowserSuite, SHOTS } from '../helpers/browser.ts';
import { startSite } from '../helpers/site.ts';

const PHONE = { width: 375, height: 812 };

/** Visible text in the page's region maps whose rendered size is under `min` px (SVG text scaled as drawn). */
const SMALL_MAP_TEXT = (min: number) => `(() => {
  const small = [];
  let seen = 0;
  for (const el of document.querySelectorAll('figure.region-map *')) {
    if (!el.checkVisibility() || ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const size = parseFloat(getComputedStyle(el).fontSize) * (el instanceof SVGElement ? el.getScreenCTM().a : 1);
    seen++;
    if (size < ${min}) small.push(el.textContent.trim() + ' ' + size.toFixed(1) + 'px');
  }
  return { seen, small };
})()`;

/** Checkboxes whose label does not start level with the box, beside it. */
const CHECKBOX_LABELS_OFF = `(() => [...document.querySelectorAll('.field--checkbox')].filter((f) => f.checkVisibility()).flatMap((f) => {
  const box = f.querySelector('input').getBoundingClientRect();
  const label = f.querySelector('label').getBoundingClientRect();
  return Math.abs(label.top - box.top) > 4 || label.left < box.right ? [f.querySelector('label').textContent + ': label at ' + label.top + '/' + label.left + ', box at ' + box.top + '/' + box.right] : [];
}))()`;

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('a first visit, on a phone and without JavaScript', () => {
  const s = seededBrowserSuite(startSite);

  async function open(path: string, o: { js?: boolean; viewport?: { width: number; height: number } } = {}) {
    const context = await s.browser.newContext({ javaScriptEnabled: o.js ?? true, viewport: o.viewport ?? PHONE });
    const page = await context.newPage();
    const res = await page.goto(s.origin + path);
    return { page, res, close: () => context.close() };
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  test('"Copy the letter" is hidden without JavaScript and copies the letter with it', async () => {
    for (const lang of LOCALES) {
      const off = await open(`/${lang}/appeals/letters/${s.t.letterToken}`, { js: false });
      assert.equal(off.res?.status(), 200);
      assert.equal(await off.page.locator('button[data-copy]').count(), 1);
      assert.equal(
        await off.page.isVisible('button[data-copy]'),
        false,
        `${lang}: a dead button shows without JavaScript`,
      );
      await shot(off.page, `appeal-letter-${lang}-js-off`);
      await off.close();
    }
    const on = await open(`/en/appeals/letters/${s.t.letterToken}`);
    await on.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.origin });
    assert.ok(await on.page.isVisible('button[data-copy]'));
    await on.page.click('button[data-copy]');
    await on.page.waitForSelector('button[data-copy][aria-pressed="true"]');
    const copied = await on.page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, await on.page.inputValue('#letter-text'));
    assert.match(copied, /my neighbour called the police/);
    await shot(on.page, 'appeal-letter-en-js-on');
    await on.close();
  });

  test('quick exit mentions "Esc twice" only when the script that makes Esc work runs', async () => {
    for (const js of [false, true]) {
      const { page, close } = await open('/ru/help', { js });
      assert.ok(await page.isVisible('a.quick-exit'));
      assert.equal(await page.isVisible('.quick-exit__hint'), js, `JavaScript ${js ? 'on' : 'off'}`);
      await close();
    }
  });

  test('the petition form marks every required field and, sent without a region, comes back at its errors with what was typed', async () => {
    for (const lang of LOCALES) {
      const { page, close } = await open(`/${lang}/petitions/${s.t.petitionId}`, { js: false });
      const t = (key: string) => s.t.services.i18n.t(lang, key);
      for (const field of ['name', 'email', 'region']) {
        assert.equal(await page.getAttribute(`#f-${field}`, 'required'), '', `${lang}: ${field} is required`);
        assert.match(
          (await page.textContent(`label[for="f-${field}"] .req`)) ?? '',
          new RegExp(t('form.required')),
          `${lang}: ${field} is marked`,
        );
      }
      assert.equal(await page.textContent('.sign-form .required-note'), t('form.required_note'));
      await page.fill('#f-name', 'Ләззат Оспанова');
      await page.fill('#f-email', 'lazzat@example.kz');
      const [res] = await Promise.all([page.waitForNavigation(), page.click('form.sign-form button[type="submit"]')]);
      assert.equal(res?.status(), 400);
      assert.equal(await page.inputValue('#f-name'), 'Ләззат Оспанова');
      assert.equal(await page.inputValue('#f-email'), 'lazzat@example.kz');
      assert.equal(await page.getAttribute('#f-region', 'aria-invalid'), 'true');
      assert.match(
        (await page.textContent('#error-summary')) ?? '',
        new RegExp(t('petition.error.region_required').replace(/[.*+?()[\]]/g, '\\$&')),
      );
      // On a phone the form is below the petition's text: the answer must open at the errors.
      assert.ok(
        await page
          .locator('#error-summary')
          .evaluate((e) => e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().top < innerHeight),
        `${lang}: the error summary is on screen`,
      );
      await shot(page, `petition-errors-${lang}-js-off`);
      await close();
    }
  });

  test('at 375 px: no sideways scrolling, checkbox labels beside their box, map text at least 12 px', async () => {
    const pages = [
      ['petition', `/petitions/${s.t.petitionId}`],
      ['observatory-map', '/observatory/map?layer=event'],
      ['observatory', '/observatory'],
      ['tell', '/tell'],
      ['help', '/help'],
      ['appeal-write', `/appeals/${s.t.appealId}/write`],
    ] as const;
    const problems: string[] = [];
    const tabs = new Map<boolean, Page>();
    for (const js of [true, false])
      tabs.set(js, await (await s.browser.newContext({ javaScriptEnabled: js, viewport: PHONE })).newPage());
    for (const lang of LOCALES) {
      for (const js of [true, false]) {
        for (const [name, path] of pages) {
          const page = tabs.get(js)!;
          const res = await page.goto(`${s.origin}/${lang}${path}`);
          const where = `${name} ${lang} JS ${js ? 'on' : 'off'}`;
          if (res?.status() !== 200) problems.push(`${where}: status ${res?.status()}`);
          const wide = await overflow(page);
          if (wide > 1) problems.push(`${where}: ${wide}px of sideways scrolling`);
          for (const p of (await page.evaluate(CHECKBOX_LABELS_OFF)) as string[]) problems.push(`${where}: ${p}`);
          const map = (await page.evaluate(SMALL_MAP_TEXT(12))) as { seen: number; small: string[] };
          if (name === 'petition' || name.startsWith('observatory')) {
            if (map.seen < 20) problems.push(`${where}: only ${map.seen} map labels visible`);
            for (const s of map.small) problems.push(`${where}: map text ${s}`);
          }
          await shot(page, `phone-${name}-${lang}-js-${js ? 'on' : 'off'}`);
        }
      }
    }
    for (const page of tabs.values()) await page.context().close();
    assert.deepEqual(problems, []);
  });

  test('on a wider screen the tile map shows, its labels at least 12 px, and passes axe', async () => {
    for (const lang of LOCALES) {
      const { page, close } = await open(`/${lang}/observatory/map?layer=event`, {
        viewport: { width: 800, height: 1000 },
      });
      const map = (await page.evaluate(SMALL_MAP_TEXT(12))) as { seen: number; small: string[] };
      assert.ok(await page.isVisible('svg.region-map__svg'));
      assert.ok(map.seen >= 40, `tile names and counts visible (${map.seen})`);
      assert.deepEqual(map.small, []);
      assert.equal(await overflow(page), 0);
      assert.deepEqual(await axeViolations(page), []);
      await shot(page, `tablet-observatory-map-${lang}`);
      await close();
    }
  });
});
