// Pure parts of the observatory: permissions, the staff form, CSV cells, the region map and the chart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import type { Role } from '../core/accounts/index.ts';
import { classOf, RegionMap, TILE_GRID, tileLines } from '../ui/region-map.tsx';
import { csv, csvCell } from './observatory.export.ts';
import { formToInput, inputToForm } from './observatory.form.ts';
import { editMode, linkApprovedOnCreate, mayChangeStatus, mayRemoveLink } from './observatory.permissions.ts';
import { dateMs, ticks, timeDomain } from './views/impact-chart.tsx';

const who = (role: Role) => ({ id: 'u', role });

test('editors write drafts and propose changes to published records; moderators publish', () => {
  assert.equal(editMode(who('organiser'), 'draft'), 'direct');
  assert.equal(editMode(who('organiser'), 'published'), 'propose');
  assert.equal(editMode(who('analyst'), 'published'), 'propose');
  assert.equal(editMode(who('moderator'), 'published'), 'direct');
  assert.equal(editMode(who('admin'), 'published'), 'direct');
  assert.equal(editMode(who('caseworker'), 'draft'), 'none');
  assert.equal(editMode(null, 'draft'), 'none');
  assert.equal(mayChangeStatus(who('organiser'), 'draft', 'review'), true);
  assert.equal(mayChangeStatus(who('organiser'), 'review', 'published'), false);
  assert.equal(mayChangeStatus(who('organiser'), 'published', 'draft'), false);
  assert.equal(mayChangeStatus(who('moderator'), 'review', 'published'), true);
  assert.equal(mayChangeStatus(who('moderator'), 'published', 'draft'), true);
  assert.equal(mayChangeStatus(who('moderator'), 'draft', 'draft'), false);
  assert.equal(linkApprovedOnCreate(who('organiser')), false);
  assert.equal(linkApprovedOnCreate(who('moderator')), true);
  assert.equal(mayRemoveLink(who('organiser'), { approved: true }), false);
  assert.equal(mayRemoveLink(who('organiser'), { approved: false }), true);
  assert.equal(mayRemoveLink(who('caseworker'), { approved: false }), false);
});

test('the staff form reads lines and numbers robustly and round-trips', () => {
  const { input, errors } = formToInput('event', {
    slug: ' Feminita-Rally ',
    subtype: 'rally',
    title_en: ' Refused ',
    date_start: '2023-12-09',
    permit_status: 'denied',
    permit_reason_en: 'square under repair',
    permit_decided_on: '2023-12-04',
    participants_min: '1 000',
    participants_max: '1,500',
    figures: '5070 | exact | өтініш | обращений | appeals',
    uncertainties_en: 'one\n\ntwo',
    uncertainties_ru: 'раз',
  });
  assert.deepEqual(errors, {});
  assert.equal(input.slug, 'feminita-rally');
  assert.deepEqual(input.details.participants, { min: 1000, max: 1500 });
  assert.deepEqual(input.details.permit, {
    status: 'denied',
    reason: { en: 'square under repair' },
    decidedOn: '2023-12-04',
  });
  assert.deepEqual(input.details.figures, [
    { value: '5070', approx: 'exact', label: { kk: 'өтініш', ru: 'обращений', en: 'appeals' } },
  ]);
  assert.deepEqual(input.uncertainties, [{ en: 'one', ru: 'раз' }, { en: 'two' }]);
  const again = formToInput('event', inputToForm(input)).input;
  assert.deepEqual(again.details.permit, input.details.permit);
  assert.deepEqual(again.uncertainties, input.uncertainties);
  assert.equal(formToInput('event', { participants_min: '1.5' }).errors.participants_min, 'observatory.error.count');
  const c = formToInput('case', {
    charges: 'ст. 120 | зорлау\n- | | | murder',
    steps: 'Verdict | 2019-07 | | | 2.6 years',
  }).input;
  assert.deepEqual(c.details.charges, [
    { article: '120', label: { kk: 'зорлау' } },
    { article: null, label: { en: 'murder' } },
  ]);
  assert.deepEqual(c.steps, [{ step: 'verdict', date: '2019-07', note: { en: '2.6 years' } }]);
});

test('CSV cells are quoted and never run as spreadsheet formulas', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvCell('+7 701'), "'+7 701");
  assert.equal(csvCell(null), '');
  assert.ok(csv([['a'], ['b']]).startsWith('\ufeffa\r\nb'));
});

test('the tile grid places all 20 units on distinct tiles', () => {
  const codes = Object.keys(TILE_GRID);
  assert.equal(codes.length, 20);
  assert.equal(new Set(Object.values(TILE_GRID).map(([c, r]) => `${c},${r}`)).size, 20);
});

test('map classes scale to the largest count; names lose the generic word and wrap', () => {
  assert.equal(classOf(0, 10), 0);
  assert.equal(classOf(1, 10), 1);
  assert.equal(classOf(10, 10), 5);
  assert.equal(classOf(5, 0), 0);
  assert.deepEqual(tileLines('Ақмола облысы'), ['Ақмола']);
  assert.deepEqual(tileLines('Западно-Казахстанская область'), ['Западно-', 'Казахстанская']);
  assert.deepEqual(tileLines('East Kazakhstan Region'), ['East', 'Kazakhstan']);
});

test('the region map is self-contained SVG with a title, counts, links and a table', () => {
  const labels = Object.fromEntries(Object.keys(TILE_GRID).map((c) => [c, `Name ${c}`]));
  const html = renderToString(
    <RegionMap
      counts={{ 'KZ-75': 14, 'KZ-71': 9 }}
      labels={labels}
      locale="en"
      title="Events by region"
      valueLabel="Events"
      tableLabel="Table"
      regionLabel="Region"
      href={(c) => `/en/x?region=${c}`}
      selected="KZ-75"
    />,
  );
  assert.match(html, /<svg[^>]+role="group"/, 'a map with links is a group of links, not an image');
  assert.match(html, /<title id="region-map-title">Events by region<\/title>/);
  assert.equal((html.match(/data-region=/g) ?? []).length, 20);
  assert.match(html, /<title>Name KZ-75: 14<\/title>/);
  assert.match(html, /href="\/en\/x\?region=KZ-71"/);
  assert.match(html, /region-map__tile--selected" data-region="KZ-75"/);
  assert.ok(!/https?:\/\/(?!www\.w3\.org\/2000\/svg)/.test(html), 'no external address');
  assert.ok(!/style=/.test(html), 'no inline styles (the CSP forbids them)');
  // The table lists the largest first.
  assert.ok(html.indexOf('Name KZ-75</a></th><td>14') < html.indexOf('Name KZ-71</a></th><td>9'));
});

test('the impact chart places partial dates mid-period and picks year or month ticks', () => {
  assert.equal(new Date(dateMs('2019')).toISOString().slice(0, 10), '2019-07-01');
  assert.equal(new Date(dateMs('2019-09')).toISOString().slice(0, 10), '2019-09-15');
  const [lo, hi] = timeDomain(['2009', '2024-05-13']);
  assert.ok(lo < Date.UTC(2009, 6, 1) && hi > Date.UTC(2024, 4, 13));
  assert.ok(ticks(lo, hi).every((t) => t.year && /^\d{4}$/.test(t.label)));
  const [a, b] = timeDomain(['2023-11-12', '2024-05-13']);
  const months = ticks(a, b);
  assert.ok(months.length >= 6 && months.some((t) => t.label === '2024') && months.some((t) => t.label === ''));
});
