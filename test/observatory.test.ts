// The public observatory and its open-data API on a real database with the reference dataset loaded.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readObservatoryReference } from '../src/observatory/observatory.reference.ts';
import { sortKey } from '../src/observatory/observatory.validation.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

describe('observatory: reference data, pages and API', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
    // A module (petitions, say) registers a signal and a map layer without the observatory knowing its tables.
    t.services.observatory.registerSignal('test-signatures', {
      labelKey: 'campaign.figures',
      series: async (c) =>
        c.slug === 'changethelaw'
          ? [
              { date: '2023-11-20', value: 1200 },
              { date: '2023-11-13', value: 40 },
              { date: 'yesterday', value: 3 },
            ]
          : [],
    });
    t.services.observatory.registerSignal('test-broken', {
      labelKey: 'campaign.sources',
      series: async () => Promise.reject(new Error('down')),
    });
    t.services.observatory.registerRegionLayer('test-layer', {
      labelKey: 'campaign.figures',
      counts: async () => ({ 'KZ-63': 4 }),
    });
  });
  after(() => t.close());

  test('every record of the reference dataset is loaded, published and cites a source; reloading changes nothing', async () => {
    const data = readObservatoryReference();
    const counts = await t.services.observatory.counts();
    const expected: Record<string, number> = { source: 5 };
    for (const r of data.records) expected[r.kind] = (expected[r.kind] ?? 0) + 1;
    assert.deepEqual(counts, expected);
    assert.ok(expected.case >= 8 && expected.law >= 13 && expected.event >= 11 && expected.organisation >= 15);
    for (const r of data.records) {
      const e = await t.services.observatory.getBySlug(r.slug);
      const page = await t.services.observatory.page(e);
      assert.ok(page.citations.length >= 1, `${r.slug} cites a published source`);
      for (const l of ['kk', 'ru', 'en'] as const) assert.ok(e.title[l] && e.summary[l], `${r.slug} has ${l}`);
    }
    const again = await t.services.reference.load();
    assert.deepEqual(again.observatory, {
      created: 0,
      updated: 0,
      unchanged: again.observatory.created + again.observatory.updated + again.observatory.unchanged,
    });
    assert.equal(
      (await t.services.observatory.publicLinks({ limit: 1, offset: 0 })).total,
      data.links.length + data.records.reduce((n, r) => n + r.sources.length, 0),
    );
  });

  test('the overview links the sections and shows the map in each language', async () => {
    for (const [lang, word] of [
      ['kk', 'Хроника'],
      ['ru', 'Хроника'],
      ['en', 'Timeline'],
    ] as const) {
      const res = await t.app.inject(`/${lang}/observatory`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, new RegExp(word));
      assert.match(res.body, /class="region-map__svg"/);
      assert.match(res.body, new RegExp(`href="/${lang}/observatory/impact/changethelaw"`));
    }
    const nav = await t.app.inject('/en/');
    assert.match(nav.body, /href="\/en\/observatory"/, 'the site navigation leads here');
  });

  test('the timeline lists dated moments, steps included, and filters by type, region, year and campaign', async () => {
    const all = await t.services.observatory.timeline({ perPage: 200 });
    assert.ok(
      all.items.some((i) => i.entity.slug === 'domestic-violence-prevention-bill' && i.step?.step === 'withdrawn'),
    );
    assert.ok(
      all.items.every((i, n) => n === 0 || sortKey(all.items[n - 1].date) >= sortKey(i.date)),
      'newest first',
    );

    const res = await t.app.inject('/en/observatory/timeline?kind=event&region=KZ-75&year=2023');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Feminita refused permission to rally/);
    assert.match(res.body, /Permit denied/);
    assert.doesNotMatch(res.body, /talgo-train-2018/);

    const camp = await t.app.inject('/ru/observatory/timeline?campaign=zakonsaltanat&order=asc');
    assert.match(camp.body, /Сенат сообщил о 5 070 официальных обращениях/);
    assert.match(camp.body, /Закон Салтанат/);
    assert.doesNotMatch(camp.body, /talgo-train-2018/);
    // Unknown filter values are ignored rather than breaking the page.
    const odd = await t.app.inject('/en/observatory/timeline?kind=riot&region=KZ-99&year=abc&campaign=nope&page=-4');
    assert.equal(odd.statusCode, 200);
  });

  test('the map counts records by region on each layer, including layers other modules add', async () => {
    const events = (await t.services.observatory.regionCounts('event'))!;
    assert.ok(events['KZ-75'] >= 9, 'Almaty has most of the rallies');
    const res = await t.app.inject('/kk/observatory/map?layer=event');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, new RegExp(`<title>Алматы қаласы: ${events['KZ-75']}</title>`));
    assert.match(res.body, /href="\/kk\/observatory\/timeline\?region=KZ-75&amp;kind=event"/);
    const help = await t.app.inject('/en/observatory/map?layer=test-layer');
    assert.match(help.body, /<title>East Kazakhstan Region: 4<\/title>/);
    assert.match(help.body, /aria-current="page">In numbers</);
  });

  test('search folds Kazakh letters and case across all kinds', async () => {
    const folded = await t.app.inject(`/en/observatory/search?q=${encodeURIComponent('НУКЕНОВА')}`);
    assert.match(folded.body, /The killing of Saltanat Nukenova/);
    const kk = await t.services.observatory.search({ q: 'еркиндик канаты' });
    assert.ok(
      kk.items.some((e) => e.slug === 'erkindik-kanaty-fund'),
      'ерк-і-ндік қ-анаты found without Kazakh letters',
    );
    const byArticle = await t.services.observatory.search({ q: '120', kinds: ['case'] });
    assert.deepEqual(
      byArticle.items.map((e) => e.slug),
      ['talgo-train-2018'],
    );
    const none = await t.app.inject('/ru/observatory/search?q=zzzzqqq');
    assert.match(none.body, /Ничего не найдено/);
  });

  test('an entity page shows its facts, steps, links, uncertainties and every source with its claim', async () => {
    const res = await t.app.inject('/en/observatory/laws/domestic-violence-prevention-bill');
    assert.equal(res.statusCode, 200);
    for (const s of [
      'Draft law on preventing domestic violence',
      'Reading in parliament',
      'Sent back for revision',
      'Withdrawn',
      'What is uncertain',
      'Protests against the domestic-violence prevention bill',
      '[S1]',
      '[S3]',
      'Supports:',
    ]) {
      assert.ok(res.body.includes(s), s);
    }
    const event = await t.app.inject('/ru/observatory/events/feminita-rally-refused-2023');
    assert.match(event.body, /Отказано/);
    assert.match(event.body, /одна площадь на ремонте/);
    assert.match(event.body, /Feminita/);
    const source = await t.app.inject('/kk/observatory/sources/s3-rferl-control-the-message-2023');
    assert.match(source.body, /Бұл дереккөз растайтын мәліметтер/);
    assert.match(source.body, /Қонаев/);
    // A record under another kind's path is redirected; an unknown one is a localised 404.
    const moved = await t.app.inject('/en/observatory/events/talgo-train-2018');
    assert.equal(moved.statusCode, 301);
    assert.equal(moved.headers.location, '/en/observatory/cases/talgo-train-2018');
    const missing = await t.app.inject('/ru/observatory/cases/no-such-case');
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /нет публичной записи/);
    assert.equal((await t.app.inject('/en/observatory/spaceships/x')).statusCode, 404);
  });

  test('the impact page draws signals and linked records as SVG, and survives a failing module', async () => {
    const res = await t.app.inject('/en/observatory/impact/changethelaw');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<svg class="obs-impact__chart"/);
    assert.match(
      res.body,
      /<path d="M[\d.]+,[\d.]+L[\d.]+,[\d.]+"/,
      'two valid points, oldest first, the bad one dropped',
    );
    assert.match(res.body, /The killing of Saltanat Nukenova/);
    assert.match(res.body, /Saltanat's Law/);
    assert.match(res.body, /Could not load right now: Sources/);
    const other = await t.app.inject('/en/observatory/impact/nemolchi');
    assert.match(other.body, /No counts over time yet/);
    assert.equal((await t.app.inject('/en/observatory/impact/no-such-campaign')).statusCode, 404);
  });

  test('the API lists and returns public records with sources, links and the licence', async () => {
    const list = await t.app.inject('/api/v1/observatory/events?region=KZ-75&limit=3&offset=1');
    assert.equal(list.statusCode, 200);
    const body = list.json();
    assert.equal(body.data.length, 3);
    assert.equal(body.meta.limit, 3);
    assert.ok(body.meta.total >= 9);
    assert.equal(body.meta.licence.name, 'CC BY 4.0');
    assert.match(String(list.headers.link), /creativecommons\.org.*rel="license"/);
    assert.equal(list.headers['access-control-allow-origin'], '*');
    assert.equal(list.headers['set-cookie'], undefined);

    const one = (await t.app.inject('/api/v1/observatory/events/feminita-rally-refused-2023')).json().data;
    assert.equal(one.details.permit.status, 'denied');
    assert.equal(one.details.permit.decided_on, '2023-12-04');
    assert.equal(one.region.code, 'KZ-75');
    assert.deepEqual(one.date, { start: '2023-12-09', end: null, precision: 'day' });
    assert.ok(one.sources.some((s: { ref: string; claim: { en: string } }) => s.ref === 'S3' && s.claim.en));
    assert.ok(
      one.links.some(
        (l: { relation: string; other: { slug: string } }) =>
          l.relation === 'organised_by' && l.other.slug === 'feminita',
      ),
    );

    const src = (await t.app.inject('/api/v1/observatory/sources/s1-ponars-memo-908-2024')).json().data;
    assert.ok(src.supports.length > 20);

    const tl = (await t.app.inject('/api/v1/observatory/timeline?campaign=changethelaw&order=asc')).json();
    assert.ok(tl.data.length >= 3);
    assert.equal(tl.data[0].record.kind, 'case');

    const regions = (await t.app.inject('/api/v1/observatory/regions?layer=test-layer')).json();
    assert.equal(regions.data.length, 20);
    assert.equal(regions.data.find((r: { code: string }) => r.code === 'KZ-63').count, 4);

    const impact = (await t.app.inject('/api/v1/observatory/impact/changethelaw')).json().data;
    assert.deepEqual(impact.signals, [
      {
        name: 'test-signatures',
        points: [
          { date: '2023-11-13', value: 40 },
          { date: '2023-11-20', value: 1200 },
        ],
      },
    ]);

    const first = (await t.app.inject('/api/v1/observatory/links?limit=100')).json();
    const rest = (await t.app.inject('/api/v1/observatory/links?limit=100&offset=100')).json();
    assert.equal(first.data.length + rest.data.length, first.meta.total);
    const links = { data: [...first.data, ...rest.data] };
    assert.ok(
      links.data.some(
        (l: { relation: string; from: { type: string; slug: string } }) =>
          l.relation === 'organised_by' && l.from.type === 'campaign' && l.from.slug === 'zakonsaltanat',
      ),
    );
  });

  test('bad API queries get a JSON error in the caller’s language; unknown records a 404', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ['/api/v1/observatory/timeline?region=KZ-99', 400, /not one of Kazakhstan's 20 regions/],
      ['/api/v1/observatory/cases?limit=1000', 400, /limit must be a whole number from 1 to 100/],
      ['/api/v1/observatory/timeline?kind=rally', 400, /kind must be/],
      ['/api/v1/observatory/timeline?campaign=nope', 400, /no public campaign/],
      [
        '/api/v1/observatory/regions?layer=stars',
        400,
        /Known layers: all, event, case, organisation, help, test-layer/,
      ],
      ['/api/v1/observatory/cases/nope', 404, /no public record/],
      ['/api/v1/observatory/export/secrets.csv', 404, /no such export/],
    ];
    for (const [url, status, message] of cases) {
      const res = await t.app.inject({ url, headers: { 'accept-language': 'en' } });
      assert.equal(res.statusCode, status, url);
      assert.match(res.json().error.message, message, url);
    }
    const ru = await t.app.inject({
      url: '/api/v1/observatory/timeline?order=sideways',
      headers: { 'accept-language': 'ru' },
    });
    assert.match(ru.json().error.message, /Порядок: asc или desc/);
  });

  test('the OpenAPI document is served and every documented path answers', async () => {
    const doc = (await t.app.inject('/api/v1/observatory/openapi.json')).json();
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.license.name, 'CC BY 4.0');
    const samples: Record<string, string> = { '{slug}': 'x', '{campaign}': 'changethelaw', '{file}': 'laws.csv' };
    for (const path of Object.keys(doc.paths)) {
      let url = path;
      for (const [k, v] of Object.entries(samples)) url = url.replace(k, v);
      if (url.endsWith('/x')) {
        const list = (await t.app.inject(url.slice(0, -2))).json();
        url = url.slice(0, -1) + list.data[0].slug;
      }
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, 200, url);
    }
    // Every API route of the module is documented.
    const routes = t.app.printRoutes({ commonPrefix: false });
    for (const segment of [
      'timeline',
      'links',
      'regions',
      'openapi.json',
      'cases',
      'laws',
      'events',
      'organisations',
      'sources',
    ]) {
      assert.ok(routes.includes(segment) && Object.keys(doc.paths).some((p) => p.includes(segment)), segment);
    }
  });

  test('CSV exports carry every published record, quoted, with a BOM, in all three languages', async () => {
    const res = await t.app.inject('/api/v1/observatory/export/events.csv');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.match(String(res.headers['content-disposition']), /dauys-observatory-events\.csv/);
    const [head, ...rows] = res.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    assert.ok(head.startsWith('id,slug,type,title_kk,title_ru,title_en'));
    assert.ok(head.includes('permit_status') && head.includes('participants_max') && head.includes('sources'));
    assert.equal(rows.filter((r) => /^[0-9a-f-]{36},/.test(r)).length, (await t.services.observatory.counts()).event);
    assert.match(res.body, /feminita-rally-refused-2023.*denied/);
    const links = await t.app.inject('/api/v1/observatory/export/links.csv');
    assert.match(links.body, /^\ufeffid,from_kind,from_slug,relation,to_kind,to_slug/);
    assert.match(links.body, /campaign,zakonsaltanat,organised_by,organisation,erkindik-kanaty-fund/);
  });

  test('the open-data page states the licence and links the API and the files', async () => {
    const res = await t.app.inject('/ru/observatory/data');
    assert.match(res.body, /CC BY 4\.0/);
    assert.match(res.body, /rel="license/);
    assert.match(res.body, /\/api\/v1\/observatory\/openapi\.json/);
    assert.match(res.body, /\/api\/v1\/observatory\/export\/cases\.csv/);
  });

  test('observatory pages stay small and load nothing from elsewhere', async () => {
    for (const path of [
      '/kk/observatory',
      '/kk/observatory/timeline',
      '/kk/observatory/map',
      '/kk/observatory/impact/zakonsaltanat',
      '/kk/observatory/cases/nukenova-2023',
    ]) {
      const res = await t.app.inject(path);
      assert.ok(Buffer.byteLength(res.body) < 60 * 1024, `${path}: ${Buffer.byteLength(res.body)} bytes`);
      assert.doesNotMatch(res.body, /<(script|link|img)[^>]+(src|href)="https?:/);
      assert.doesNotMatch(res.body, / style="/);
    }
  });
});
