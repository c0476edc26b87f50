// The public site through app.inject() on a real database (SQLite or PostgreSQL).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';

describe('public site', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
  });
  after(() => t.close());

  test('GET /healthz answers ok', async () => {
    const res = await t.app.inject('/healthz');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  test('/ redirects by Accept-Language, Kazakh when unsure', async () => {
    const cases: Array<[string | undefined, string]> = [
      ['ru-RU,ru;q=0.9', '/ru/'],
      ['en-GB,en;q=0.8', '/en/'],
      ['de', '/kk/'],
      [undefined, '/kk/'],
    ];
    for (const [lang, target] of cases) {
      const res = await t.app.inject({ url: '/', headers: lang ? { 'accept-language': lang } : {} });
      assert.equal(res.statusCode, 302, String(lang));
      assert.equal(res.headers.location, target, String(lang));
    }
  });

  test('unknown or missing language prefixes redirect to a supported one, keeping the page', async () => {
    const cases: Array<[string, string]> = [
      ['/de/campaigns', '/en/campaigns'],
      ['/kz/campaigns/nemolchi', '/kk/campaigns/nemolchi'],
      ['/en-US/about', '/en/about'],
      ['/campaigns', '/en/campaigns'],
      ['/admin', '/en/admin'],
    ];
    for (const [from, to] of cases) {
      const res = await t.app.inject({ url: from, headers: { 'accept-language': 'en' } });
      assert.equal(res.statusCode, 302, from);
      assert.equal(res.headers.location, to, from);
    }
  });

  test('every page carries the strict security headers', async () => {
    const res = await t.app.inject('/en/');
    assert.equal(res.statusCode, 200);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.ok(!csp.includes('unsafe-inline'));
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.match(String(res.headers['permissions-policy']), /camera=\(\)/);
    assert.equal(res.headers['set-cookie'], undefined, 'public pages set no cookies');
  });

  test('the home page lists reference campaigns in each language with the lang attribute set', async () => {
    for (const [lang, word] of [
      ['kk', 'Науқан'],
      ['ru', 'Кампани'],
      ['en', 'Campaigns'],
    ] as const) {
      const res = await t.app.inject(`/${lang}/`);
      assert.equal(res.statusCode, 200, lang);
      assert.match(res.body, new RegExp(`<html lang="${lang}"`));
      assert.match(res.body, /href="\/(kk|ru|en)\/campaigns\/nemolchi"/);
      assert.ok(res.body.toLowerCase().includes(word.toLowerCase()), `${lang} page in its language`);
      assert.ok(!/<script>|<style>|\sstyle="|\son[a-z]+="/.test(res.body), 'no inline script, style or event handler');
    }
  });

  test('a campaign page shows its text, hashtag alias group, uncertainties and sources', async () => {
    const res = await t.app.inject('/en/campaigns/changethelaw');
    assert.equal(res.statusCode, 200);
    for (const tag of ['#ЗаңдыӨзгерт', '#МеняйЗакон', '#ChangeTheLaw']) assert.ok(res.body.includes(tag), tag);
    assert.match(res.body, /class="uncertain"/);
    assert.match(res.body, /2024/, 'the misprinted year is explained');
    assert.match(res.body, /PONARS/);
    const kk = await t.app.inject('/kk/campaigns/changethelaw');
    assert.match(kk.body, /<html lang="kk"/);
    assert.match(kk.body, /href="\/ru\/campaigns\/changethelaw" hreflang="ru"/, 'language switcher keeps the page');
  });

  test('unknown slugs and bad ids give a localised 404 page, never a stack trace', async () => {
    for (const url of [
      '/ru/campaigns/no-such-campaign',
      '/ru/campaigns/bad%20slug%00',
      '/ru/campaigns/' + 'x'.repeat(300),
    ]) {
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(res.body, /<html lang="ru"/);
      assert.ok(!/at \w+ \(|node_modules/.test(res.body), 'no stack trace');
    }
  });

  test('malformed percent-encoding gives a clean 400 page', async () => {
    const res = await t.app.inject('/en/campaigns/%E0%A4%A');
    assert.ok([400, 404].includes(res.statusCode), String(res.statusCode));
    assert.ok(!/at \w+ \(|node_modules/.test(res.body));
  });

  test('oversized bodies get a 413 page', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/en/admin/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=' + 'x'.repeat(400 * 1024),
    });
    assert.equal(res.statusCode, 413);
    assert.match(res.body, /<html lang="en"/);
  });

  test('search folds Kazakh letters and case; the status filter narrows the list', async () => {
    const a = await t.app.inject('/en/campaigns?q=' + encodeURIComponent('зандыозгерт'));
    assert.match(a.body, /\/en\/campaigns\/changethelaw"/, 'typed without Kazakh letters');
    const b = await t.app.inject('/en/campaigns?q=' + encodeURIComponent('ЗАҢДЫӨЗГЕРТ'));
    assert.match(b.body, /\/en\/campaigns\/changethelaw"/);
    const c = await t.app.inject('/en/campaigns?q=' + encodeURIComponent('#OrtashaEmes'));
    assert.match(c.body, /\/en\/campaigns\/ortashaemes"/);
    assert.ok(!c.body.includes('/en/campaigns/changethelaw"'));
    const live = await t.app.inject('/en/campaigns?status=live');
    assert.match(live.body, /\/en\/campaigns\/nemolchi"/);
    assert.ok(!live.body.includes('/en/campaigns/metootalgo"'), 'archived ones are filtered out');
    const bogus = await t.app.inject('/en/campaigns?status=draft&page=-4&q=' + 'x'.repeat(500));
    assert.equal(bogus.statusCode, 200, 'bad query values are ignored, not errors');
  });

  test('pages send an ETag and answer 304 when unchanged', async () => {
    const first = await t.app.inject('/en/campaigns/nemolchi');
    const etag = String(first.headers.etag);
    assert.ok(etag);
    const second = await t.app.inject({ url: '/en/campaigns/nemolchi', headers: { 'if-none-match': etag } });
    assert.equal(second.statusCode, 304);
  });

  test('static assets have content-hashed names and a year-long immutable cache', async () => {
    const home = await t.app.inject('/en/');
    const href = /href="(\/assets\/css\/dauys\.[\w-]+\.css)"/.exec(home.body)?.[1];
    assert.ok(href, 'stylesheet linked with a hash');
    const css = await t.app.inject(href!);
    assert.equal(css.statusCode, 200);
    assert.match(String(css.headers['cache-control']), /max-age=31536000, immutable/);
    assert.equal((await t.app.inject('/assets/css/dauys.000000000000.css')).statusCode, 404);
    const script = /src="(\/assets\/js\/enhance\.[\w-]+\.js)"/.exec(home.body)?.[1];
    assert.ok(script && (await t.app.inject(script)).statusCode === 200);
  });

  test('public pages stay small: HTML + CSS + JS under 60 KB', async () => {
    for (const url of ['/kk/', '/ru/campaigns', '/en/campaigns/forsaltanat']) {
      const page = await t.app.inject(url);
      const assets = [...page.body.matchAll(/(?:href|src)="(\/assets\/[^"]+\.(?:css|js))"/g)].map((m) => m[1]);
      let total = Buffer.byteLength(page.body);
      for (const a of assets) total += (await t.app.inject(a)).rawPayload.length;
      assert.ok(total < 60 * 1024, `${url}: ${total} bytes`);
    }
  });
});
