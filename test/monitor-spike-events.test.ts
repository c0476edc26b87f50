// Spikes annotated with observatory events, through the real app on a real database: the campaign
// page lists the nearby events in the reader's language and flags them on the chart; the hashtag
// page treats the campaigns following the hashtag as its own; a monitor without an event source
// leaves spikes alone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMonitorService } from '../src/monitor/monitor.service.ts';
import type { EntityInput } from '../src/observatory/observatory.model.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { envelope, ndjson, tiktokItem, tmpFile } from './helpers/monitor.ts';
import { createStaff, signIn, type Signed } from './helpers/staff.ts';

const TITLES = {
  rally: { kk: 'Сенат алдындағы пикет (сынақ)', ru: 'Пикет у Сената (тест)', en: 'Picket outside the Senate (test)' },
  hearing: { kk: 'Алматыдағы сот ісі (сынақ)', ru: 'Судебное дело в Алматы (тест)', en: 'Court case in Almaty (test)' },
  law: { kk: 'Жаңа заң (сынақ)', ru: 'Новый закон (тест)', en: 'New law (test)' },
};

const record = (o: Partial<EntityInput> & Pick<EntityInput, 'kind' | 'slug' | 'dateStart'>): EntityInput => ({
  subtype: null,
  title: { kk: `${o.slug} kk`, ru: `${o.slug} ru`, en: `${o.slug} en` },
  summary: { kk: 'Қысқаша.', ru: 'Кратко.', en: 'In short.' },
  body: {},
  region: null,
  place: {},
  dateEnd: null,
  details: {},
  steps: [],
  uncertainties: [],
  ...o,
});

describe('monitor spikes annotated with observatory events', () => {
  let t: TestApp;
  let analyst: Signed;
  let campaignId: string;
  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
    const obs = t.services.observatory;
    campaignId = (await t.services.campaigns.getBySlug('forsaltanat')).id;
    // Linked to the campaign, the same day as the spike.
    await obs.upsertReference(
      'test:rally',
      record({
        kind: 'event',
        subtype: 'picket',
        slug: 'spike-test-rally',
        title: TITLES.rally,
        dateStart: '2025-03-10',
      }),
    );
    await obs.upsertReferenceLink('test:rally-link', {
      from: { type: 'campaign', slug: 'forsaltanat' },
      relation: 'sparked',
      to: { type: 'entity', slug: 'spike-test-rally' },
      note: {},
    });
    // Not linked; a trial step two days before.
    await obs.upsertReference(
      'test:hearing',
      record({
        kind: 'case',
        slug: 'spike-test-hearing',
        title: TITLES.hearing,
        dateStart: '2025-01-15',
        steps: [{ step: 'trial', date: '2025-03-08', note: {} }],
      }),
    );
    // Three days after: outside the window.
    await obs.upsertReference(
      'test:late',
      record({ kind: 'event', subtype: 'rally', slug: 'spike-test-late', dateStart: '2025-03-13' }),
    );
    // Dated to the month: shown (approximate) when linked, not otherwise.
    await obs.upsertReference(
      'test:law',
      record({ kind: 'law', subtype: 'law', slug: 'spike-test-law', title: TITLES.law, dateStart: '2025-03' }),
    );
    await obs.upsertReferenceLink('test:law-link', {
      from: { type: 'entity', slug: 'spike-test-law' },
      relation: 'responded_to',
      to: { type: 'campaign', slug: 'forsaltanat' },
      note: {},
    });
    await obs.upsertReference(
      'test:vague',
      record({ kind: 'law', subtype: 'law', slug: 'spike-test-vague', dateStart: '2025-03' }),
    );
    // A draft is not public memory yet.
    const admin = await createStaff(t.services, 'admin');
    await obs.create(
      record({ kind: 'event', subtype: 'rally', slug: 'spike-test-draft', dateStart: '2025-03-10' }),
      admin,
    );

    // #ForSaltanat: a post every six hours from 25 February to 14 March, and a burst of 14 at 14:00 UTC on 10 March.
    const items = [];
    let n = 0;
    for (let at = Date.parse('2025-02-25T00:20:00Z'); at < Date.parse('2025-03-15T00:00:00Z'); at += 6 * 3_600_000)
      items.push(
        tiktokItem({
          id: String(7_500_000_000_000_000_000n + BigInt(n++)),
          at: new Date(at).toISOString(),
          text: 'Әділдік керек #ForSaltanat',
          tags: ['ForSaltanat'],
        }),
      );
    for (let i = 0; i < 14; i++)
      items.push(
        tiktokItem({
          id: String(7_500_000_000_000_000_000n + BigInt(n++)),
          at: `2025-03-10T14:${String(10 + i).padStart(2, '0')}:00Z`,
          text: 'Справедливость #ForSaltanat #ЗаСалтанат',
          tags: ['ForSaltanat', 'ЗаСалтанат'],
          author: String(900 + i),
        }),
      );
    // A smaller burst on 27 February, with nothing in the observatory near it.
    for (let i = 0; i < 9; i++)
      items.push(
        tiktokItem({
          id: String(7_500_000_000_000_000_000n + BigInt(n++)),
          at: `2025-02-27T03:${String(10 + i).padStart(2, '0')}:00Z`,
          text: '#ForSaltanat',
          tags: ['ForSaltanat'],
          author: String(800 + i),
        }),
      );
    await t.services.monitor.importFile(
      { file: tmpFile('spike.ndjson', ndjson(items.map((d) => envelope('tiktok.com', d)))), format: 'zeeschuimer' },
      { system: 'test' },
    );
    analyst = await signIn(t, (await createStaff(t.services, 'analyst')).email);
  });
  after(() => t.close());

  const get = (url: string) => t.app.inject({ url, headers: { cookie: analyst.cookie } });

  test('the service finds the spike and the moments near it', async () => {
    const o = await t.services.monitor.annotateSpikes(
      await t.services.monitor.overview({ scope: `c:${campaignId}` }, 'day'),
    );
    assert.deepEqual(
      o.spikes.map((s) => s.t),
      ['2025-03-10T14', '2025-02-27T03'],
    );
    assert.deepEqual(o.spikes[1].events, { items: [], more: 0 });
    const near = o.spikes[0].events!.items.map((e) => [e.path, e.days, e.linked, e.approximate]);
    assert.deepEqual(near, [
      ['/observatory/events/spike-test-rally', 0, true, false],
      ['/observatory/laws/spike-test-law', 0, true, true],
      ['/observatory/cases/spike-test-hearing', -2, false, false],
    ]);
  });

  test('the campaign page lists the events next to the spike and flags them on the chart, in kk, ru and en', async () => {
    const words = {
      kk: {
        same: 'сол күні',
        before: 'шарықтаудан 2 күн бұрын',
        linked: 'науқанмен байланысты',
        approx: 'шамамен: тек айы белгілі',
      },
      ru: {
        same: 'в тот же день',
        before: 'за 2 дня до всплеска',
        linked: 'связано с кампанией',
        approx: 'приблизительно: известен только месяц',
      },
      en: {
        same: 'same day',
        before: '2 days before the spike',
        linked: 'linked to the campaign',
        approx: 'approximate: only the month is known',
      },
    } as const;
    for (const l of ['kk', 'ru', 'en'] as const) {
      const res = await get(`/${l}/admin/monitor/campaigns/${campaignId}`);
      assert.equal(res.statusCode, 200);
      const w = words[l];
      const tr = t.services.i18n.translator(l);
      const list = res.body.slice(res.body.indexOf('<ul class="spike-events">'));
      assert.ok(list.length < res.body.length, `${l}: the spike has its events`);
      const items = list.slice(0, list.indexOf('</ul>')).split('<li>').slice(1);
      assert.equal(items.length, 3, `${l}: three events near the spike`);
      assert.match(
        items[0],
        new RegExp(
          `<a href="/${l}/observatory/events/spike-test-rally"><span>${TITLES.rally[l].replace(/[()]/g, '\\$&')}</span></a>`,
        ),
      );
      assert.match(items[0], new RegExp(`>${tr('observatory.subtype.event.picket')}<`));
      assert.ok(items[0].includes(w.same) && items[0].includes(w.linked), `${l}: ${items[0]}`);
      assert.match(items[1], new RegExp(`href="/${l}/observatory/laws/spike-test-law"`));
      assert.ok(items[1].includes(w.approx), `${l}: approximate date said`);
      assert.doesNotMatch(items[1], /class="spike-events__n"/, 'no flag for a month');
      assert.match(items[2], new RegExp(`href="/${l}/observatory/cases/spike-test-hearing"`));
      assert.ok(
        items[2].includes(w.before) &&
          items[2].includes(`>${tr('observatory.step.case.trial')}<`) &&
          !items[2].includes(w.linked),
        `${l}: ${items[2]}`,
      );
      for (const slug of ['spike-test-late', 'spike-test-vague', 'spike-test-draft'])
        assert.ok(!res.body.includes(slug), `${l}: ${slug} is not near or not public`);
      // Two numbered flags on the SVG chart, each a link with a title in the reader's language.
      const flags = new Map(
        [
          ...res.body.matchAll(/<a href="([^"]+)" aria-label="[^"]+"><g class="chart__flag"><title>([^<]+)<\/title>/g),
        ].map((m) => [m[1], m[2]]),
      );
      assert.equal(flags.size, 2);
      assert.match(
        res.body,
        /<svg class="chart"[^>]*role="group" aria-labelledby="volume-t volume-d"/,
        'a chart holding links is a group, not an image',
      );
      const rally = flags.get(`/${l}/observatory/events/spike-test-rally`) ?? '';
      assert.ok(rally.startsWith('1. ') && rally.includes(TITLES.rally[l]), rally);
      assert.ok(flags.get(`/${l}/observatory/cases/spike-test-hearing`)?.startsWith('2. '));
      assert.match(res.body, new RegExp(tr('monitor.legend.event')));
      assert.ok(res.body.includes(`<p class="hint">${tr('monitor.event.none')}</p>`), `${l}: the quiet spike says so`);
      assert.ok(
        res.body.includes(tr('monitor.spikes_hint')) && res.body.includes(tr('monitor.spike_time_hourly')),
        `${l}: a campaign's spikes are hours`,
      );
      assert.ok(!/<script(?![^>]*src=)/.test(res.body), 'no inline script');
    }
  });

  test('on the hashtag page the campaigns following the hashtag count as linked; on the all-posts page nothing does', async () => {
    const tag = await get(`/en/admin/monitor/hashtags/forsaltanat`);
    assert.equal(tag.statusCode, 200);
    const tagList = tag.body.slice(tag.body.indexOf('<ul class="spike-events">'));
    assert.match(tagList.slice(0, tagList.indexOf('</ul>')), /spike-test-rally.*linked to the campaign/s);
    // A hashtag's volume is kept by day: its spikes are days, and the page says so.
    assert.match(tag.body, /Days with far more posts than usual \(robust z-score above 3\.5 on daily counts\)/);
    assert.match(tag.body, /Spike days are UTC days/);
    assert.doesNotMatch(tag.body, /Hours with far more posts|Spike hours/);
    const all = await get(`/en/admin/monitor/all`);
    const allList = all.body.slice(all.body.indexOf('<ul class="spike-events">'));
    const items = allList.slice(0, allList.indexOf('</ul>'));
    assert.match(items, /spike-test-rally/);
    assert.match(items, /spike-test-hearing/);
    assert.doesNotMatch(items, /linked to the campaign/);
    assert.doesNotMatch(items, /spike-test-law/, 'a month alone is not enough');
  });

  test('without an event source the monitor shows spikes alone', async () => {
    const s = t.services;
    const bare = createMonitorService({
      db: s.db,
      campaigns: s.campaigns,
      audit: s.audit,
      secret: s.config.secret,
      config: s.config.monitor,
    });
    const o = await bare.annotateSpikes(await bare.overview({ scope: `c:${campaignId}` }, 'day'));
    assert.equal(o.spikes.length, 2);
    assert.ok(o.spikes.every((s) => s.events === undefined));
  });
});
