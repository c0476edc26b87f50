// Headless Debian Chromium through playwright-core (never a downloaded browser).
import type { FastifyInstance } from 'fastify';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before } from 'node:test';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from './app.ts';

export const CHROMIUM = process.env.DAUYS_CHROMIUM ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine has no outside network: background services would only produce refused connections.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Starts the test app's HTTP server on a free port and returns its origin. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  return `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
}

export const SHOTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'screenshots');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// axe's default WCAG 2.2 AA and best-practice rules, plus the two duplicate-id rules it no longer
// runs by default (WCAG 2.2 dropped 4.1.1, but a repeated id still breaks labels and aria
// references; the tag cat.parsing selects them). Only violations are collected: building the
// passes' selectors is most of axe's time on a big page.
const RUN_AXE = `axe.run(document, ${JSON.stringify({
  runOnly: {
    type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice', 'cat.parsing'],
  },
  rules: { 'duplicate-id': { enabled: true }, 'duplicate-id-active': { enabled: true } },
  resultTypes: ['violations'],
})})`;

/** Runs axe-core in the page; returns every violation, whatever its impact. The browser's JavaScript must be on (axe's promises need it). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = (await page.evaluate(RUN_AXE)) as {
    violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
  };
  return result.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Every id used more than once in the page. */
export function duplicateIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const el of Array.from(document.querySelectorAll('[id]'))) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} ×${n}`);
  });
}

export interface BrowserSuite<T extends TestApp = TestApp> {
  t: T;
  browser: Browser;
  origin: string;
}

/** Inside a describe(): an app (seeded, unless `start` makes another) served on a free port and a browser, closed after the suite. */
export function seededBrowserSuite<T extends TestApp = TestApp>(
  start: () => Promise<T> = () => startTestApp({ seedIfEmpty: true }) as Promise<T>,
): BrowserSuite<T> {
  const s = {} as BrowserSuite<T>;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    s.t = await start();
    s.origin = await listen(s.t.app);
    s.browser = await launchBrowser();
  });
  after(async () => {
    await s.browser?.close();
    await s.t?.close();
  });
  return s;
}

/**
 * Form controls whose "required" marker and `required` attribute disagree: a control that must be
 * filled in shows the marker in its label (or, for a radio group, in its legend), and a control whose
 * label shows the marker is `required`, so sighted and screen-reader users learn the same thing.
 */
export function requiredMarkMismatches(page: Page): Promise<string[]> {
  // A string, not a function: tsx would wrap the arrow functions in a helper the page lacks.
  return page.evaluate(`(() => {
    const out = new Set();
    const marked = (el) => !!el && !!el.querySelector('.req');
    for (const c of document.querySelectorAll('input:not([type="hidden"]), select, textarea')) {
      if (c.closest('[aria-hidden="true"]')) continue;
      const required = c.required || c.getAttribute('aria-required') === 'true';
      const legend = c.type === 'radio' ? c.closest('fieldset')?.querySelector('legend') : null;
      const shown = legend ? marked(legend) : Array.from(c.labels || []).some(marked);
      if (required && !shown) out.add((c.name || c.id) + ': required but not marked');
      if (!required && shown) out.add((c.name || c.id) + ': marked but not required');
    }
    return [...out];
  })()`);
}
