// Read through the onion service, no page or answer may send the reader back to the clearnet host:
// every absolute link to the site itself must be the onion's. Over the clearnet, HTML pages name
// their onion twin (Onion-Location). Checked with an onion BASE_URL, and with a clearnet BASE_URL
// plus ONION_URL (one process serving both), on the main public pages and the open-data answers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LOCALES } from '../src/i18n/locales.ts';
import { startSite, type Site } from './helpers/site.ts';

const ONION = 'http://dauysxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.onion';
const CLEARNET = 'https://dauys.example.kz';
const ONION_HOST = new URL(ONION).host;

const PAGES: Array<(s: Site) => string> = [
  () => '/',
  () => '/about',
  () => '/campaigns',
  () => '/campaigns/changethelaw',
  (s) => `/campaigns/${s.campaigns.petition}`,
  (s) => `/petitions/${s.petitionId}`,
  (s) => `/petitions/${s.petitionId}/confirmed`,
  (s) => `/appeals/${s.appealId}`,
  (s) => `/appeals/${s.appealId}/write?lang=en`,
  (s) => `/c/${s.flashmobId}/uptake`,
  () => '/tell',
  () => '/help',
  () => '/stories',
  () => '/observatory',
  () => '/observatory/timeline',
  () => '/observatory/data',
  () => '/observatory/cases/nukenova-2023',
  () => '/ledger',
];
const ANSWERS = [
  '/api/v1/observatory/cases',
  '/api/v1/observatory/cases/nukenova-2023',
  '/api/v1/observatory/timeline',
  '/api/v1/observatory/openapi.json',
  '/api/v1/observatory/export/cases.csv',
];

/** Every absolute http(s) address in a body. */
const absolute = (body: string) => [...body.matchAll(/https?:\/\/[^\s"'<>`)\\]+/g)].map((m) => m[0]);

async function readAll(site: Site, host: string) {
  const out: Array<{ url: string; status: number; body: string; onionLocation: unknown; type: string }> = [];
  for (const path of [...PAGES.flatMap((p) => LOCALES.map((l) => `/${l}${p(site)}`)), ...ANSWERS]) {
    const res = await site.app.inject({ method: 'GET', url: path, headers: { host } });
    out.push({
      url: path,
      status: res.statusCode,
      body: res.body,
      onionLocation: res.headers['onion-location'],
      type: String(res.headers['content-type']),
    });
  }
  return out;
}

function assertOnlyOnion(pages: Awaited<ReturnType<typeof readAll>>, clearnet: string) {
  for (const p of pages) {
    assert.equal(p.status, 200, `${p.url} answered ${p.status}`);
    assert.ok(!p.body.includes(new URL(clearnet).host), `${p.url} names the clearnet host`);
    assert.equal(p.onionLocation, undefined, `${p.url}: no Onion-Location inside Tor`);
  }
  // The site's own absolute links are there, and they are the onion's.
  const own = pages.flatMap((p) => absolute(p.body).filter((u) => new URL(u).hostname.endsWith('.onion')));
  assert.ok(own.length > 20, 'pages and answers carry absolute links to the site');
  for (const u of own) assert.ok(u.startsWith(ONION), `${u} is the onion's address`);
}

describe('an onion BASE_URL', () => {
  let site: Site;
  before(async () => {
    site = await startSite({ BASE_URL: ONION });
  });
  after(() => site.close());

  test('every main page and open-data answer links only to the onion', async () => {
    assertOnlyOnion(await readAll(site, ONION_HOST), 'http://127.0.0.1:3000');
  });
});

describe('a clearnet BASE_URL with ONION_URL', () => {
  let site: Site;
  before(async () => {
    site = await startSite({ BASE_URL: CLEARNET, ONION_URL: ONION });
  });
  after(() => site.close());

  test('read through the onion, nothing points to the clearnet host', async () => {
    assertOnlyOnion(await readAll(site, ONION_HOST), CLEARNET);
  });

  test('over the clearnet, pages name their onion twin and links stay on the clearnet', async () => {
    const pages = await readAll(site, 'dauys.example.kz');
    for (const p of pages) {
      if (p.type.startsWith('text/html')) assert.equal(p.onionLocation, ONION + p.url, p.url);
      else assert.equal(p.onionLocation, undefined, `${p.url}: only pages carry Onion-Location`);
      assert.ok(!p.body.includes('.onion'), `${p.url} leaks the onion address into a clearnet page`);
    }
  });

  test('an ONION_URL that is not an onion address is refused at start', async () => {
    const { loadConfig, ConfigError } = await import('../src/config.ts');
    assert.throws(() => loadConfig({ ONION_URL: 'https://example.org' }), ConfigError);
    assert.throws(() => loadConfig({ ONION_URL: 'http://short.onion' }), /ONION_URL must be http:\/\/<56/);
  });
});
