// Which observatory moments stand next to a spike: the window's edges, date precision, multi-day
// events, links to the scope's campaigns, ordering and the limit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createI18n } from '../i18n/translator.ts';
import { annotate, eventsNear, shiftDay, whenText, WINDOW_DAYS, type ContextEvent } from './spike-events.ts';

const ev = (key: string, date: string, o: Partial<ContextEvent> = {}): ContextEvent => ({
  key,
  kind: 'event',
  title: { en: key },
  labelKey: 'observatory.subtype.event.rally',
  date,
  end: null,
  path: `/observatory/events/${key}`,
  campaignIds: [],
  ...o,
});
const none = new Set<string>();
const keys = (r: { items: Array<{ key: string }> }) => r.items.map((e) => e.key);

test('the window reaches two days either side of the spike, and no further', () => {
  assert.equal(WINDOW_DAYS, 2);
  const events = ['2024-05-10', '2024-05-11', '2024-05-12', '2024-05-13', '2024-05-14', '2024-05-15', '2024-05-16'].map(
    (d) => ev(d, d),
  );
  const r = eventsNear('2024-05-13T09', events, none, { limit: 10 });
  assert.deepEqual(keys(r).sort(), ['2024-05-11', '2024-05-12', '2024-05-13', '2024-05-14', '2024-05-15']);
  assert.deepEqual(Object.fromEntries(r.items.map((e) => [e.key, e.days])), {
    '2024-05-11': -2,
    '2024-05-12': -1,
    '2024-05-13': 0,
    '2024-05-14': 1,
    '2024-05-15': 2,
  });
  // Across a month and a year boundary, by calendar days.
  assert.deepEqual(
    keys(
      eventsNear(
        '2024-01-01T00',
        [ev('a', '2023-12-30'), ev('b', '2023-12-29'), ev('c', '2024-01-03'), ev('d', '2024-01-04')],
        none,
      ),
    ),
    ['a', 'c'],
  );
  // A day bucket (a hashtag's daily volume) works like an hour.
  assert.deepEqual(keys(eventsNear('2024-05-13', [ev('x', '2024-05-15')], none)), ['x']);
  assert.equal(shiftDay('2024-03-01', -2), '2024-02-28');
});

test('a moment dated only to the month is shown, as approximate, only when linked and in the spike month', () => {
  const scope = new Set(['camp']);
  const events = [
    ev('linked-may', '2024-05', { campaignIds: ['camp'] }),
    ev('linked-april', '2024-04', { campaignIds: ['camp'] }),
    ev('unlinked-may', '2024-05'),
    ev('year', '2024', { campaignIds: ['camp'] }),
  ];
  const r = eventsNear('2024-05-02T12', events, scope);
  assert.deepEqual(keys(r), ['linked-may']);
  assert.equal(r.items[0].approximate, true);
  assert.equal(r.items[0].linked, true);
  // Without a campaign in scope (everything, or a hashtag no campaign follows) a month is never enough.
  assert.deepEqual(keys(eventsNear('2024-05-02T12', events, none)), []);
});

test('a multi-day event matches while under way and near either end', () => {
  const trial = ev('trial', '2024-03-27', { end: '2024-05-13' });
  const during = eventsNear('2024-04-20T10', [trial], none);
  assert.equal(during.items[0].during, true);
  assert.equal(during.items[0].days, 0);
  assert.equal(during.items[0].end, '2024-05-13');
  assert.deepEqual(
    eventsNear('2024-05-15T10', [trial], none).items.map((e) => [e.days, e.during]),
    [[-2, false]],
  );
  assert.deepEqual(
    eventsNear('2024-03-25T10', [trial], none).items.map((e) => [e.days, e.during]),
    [[2, false]],
  );
  assert.equal(eventsNear('2024-05-16T10', [trial], none).items.length, 0);
  // An end known only to the month does not make a range.
  assert.equal(eventsNear('2024-04-20T10', [ev('vague', '2024-03-27', { end: '2024-05' })], none).items.length, 0);
});

test('linked moments come first, then exact ones by distance, point events before ranges; the rest are counted', () => {
  const scope = new Set(['camp']);
  const events = [
    ev('far-linked', '2024-05-11', { campaignIds: ['camp'] }),
    ev('same-day', '2024-05-13'),
    ev('next-day', '2024-05-14'),
    ev('range', '2024-05-01', { end: '2024-05-20' }),
    ev('month-linked', '2024-05', { campaignIds: ['camp', 'other'] }),
    ev('day-before', '2024-05-12'),
    ev('other-campaign', '2024-05-13', { campaignIds: ['other'] }),
  ];
  const r = eventsNear('2024-05-13T22', events, scope, { limit: 5 });
  assert.deepEqual(keys(r), ['far-linked', 'month-linked', 'other-campaign', 'same-day', 'range']);
  assert.equal(r.more, 2);
  assert.deepEqual(keys(eventsNear('2024-05-13T22', events, scope, { limit: 10 })).slice(5), [
    'day-before',
    'next-day',
  ]);
});

test('annotate asks the source once for the whole span and labels each spike', async () => {
  const asked: Array<[string, string]> = [];
  const source = {
    async momentsNear(from: string, to: string) {
      asked.push([from, to]);
      return [ev('verdict', '2024-05-13', { campaignIds: ['c1'] }), ev('rally', '2024-04-01')];
    },
  };
  const spikes = await annotate(
    [
      { t: '2024-05-13T09', posts: 40, z: 9 },
      { t: '2024-04-02T18', posts: 12, z: 4 },
      { t: '2024-02-01T01', posts: 6, z: 3.6 },
    ],
    source,
    new Set(['c1']),
  );
  assert.deepEqual(asked, [['2024-01-30', '2024-05-15']]);
  assert.deepEqual(
    spikes.map((s) => keys(s.events)),
    [['verdict'], ['rally'], []],
  );
  assert.equal(spikes[0].events.items[0].linked, true);
  assert.deepEqual(await annotate([], source, none), []);
  assert.equal(asked.length, 1, 'no spikes, no question');
});

test('when a moment happened is said in each language, with plural forms', () => {
  const i18n = createI18n();
  const base = { ...ev('x', '2024-05-11'), during: false, approximate: false, linked: false };
  const say = (l: 'kk' | 'ru' | 'en', days: number, extra = {}) =>
    whenText(i18n.translator(l), { ...base, days, ...extra });
  assert.equal(say('en', -2), '2 days before the spike');
  assert.equal(say('en', 1), '1 day after the spike');
  assert.equal(say('en', 0), 'same day');
  assert.equal(say('ru', -2), 'за 2 дня до всплеска');
  assert.equal(say('ru', 1), 'через 1 день после всплеска');
  assert.equal(say('kk', -2), 'шарықтаудан 2 күн бұрын');
  assert.equal(say('kk', 0, { during: true }), i18n.translator('kk')('monitor.event.during'));
  assert.equal(say('en', 0, { approximate: true }), 'approximate: only the month is known');
});
