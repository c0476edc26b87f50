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
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
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

/** Runs axe-core (WCAG 2.2 AA and best practice) in the page; returns serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = (await page.evaluate(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] })`)) as {
    violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
  };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export interface BrowserSuite {
  t: TestApp;
  browser: Browser;
  origin: string;
}

/** Inside a describe(): a seeded app served on a free port and a browser, closed after the suite. */
export function seededBrowserSuite(): BrowserSuite {
  const s = {} as BrowserSuite;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    s.t = await startTestApp({ seedIfEmpty: true });
    s.origin = await listen(s.t.app);
    s.browser = await launchBrowser();
  });
  after(async () => {
    await s.browser?.close();
    await s.t?.close();
  });
  return s;
}
