// The 20 units must never be confused: each has its own name in every language, on the tiles of the
// region map too (which drop "облысы"/"область"/"Region"), and lists sort them where readers look.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCALES } from '../../i18n/locales.ts';
import { tileLines } from '../../ui/region-map.tsx';
import { compareRegionNames, withoutCityWord } from './names.ts';
import { createRegionsService } from './regions.service.ts';

const regions = createRegionsService().all();
const distinct = (names: string[]) => new Set(names.map((n) => n.toLocaleLowerCase())).size === names.length;

test('the 20 units have distinct names in kk, ru and en', () => {
  assert.equal(regions.length, 20);
  for (const l of LOCALES)
    assert.ok(distinct(regions.map((r) => r.name[l])), `${l}: ${regions.map((r) => r.name[l]).join(', ')}`);
  const almaty = (code: string) => LOCALES.map((l) => createRegionsService().name(code, l));
  assert.deepEqual(almaty('KZ-75'), ['Алматы қаласы', 'г. Алматы', 'Almaty (city)']);
  assert.deepEqual(almaty('KZ-19'), ['Алматы облысы', 'Алматинская область', 'Almaty Region']);
});

test('on the map no tile reads as another unit', () => {
  for (const l of LOCALES) {
    const names = regions.map((r) => r.name[l]);
    const tiles = names.map((n) => tileLines(n, names).join(' ').replace('- ', '-'));
    assert.ok(distinct(tiles), `${l}: ${tiles.join(', ')}`);
    // "Алматы" alone on the region's tile would read as the city.
    for (const [i, tile] of tiles.entries())
      for (const [j, other] of names.entries())
        if (i !== j)
          assert.ok(
            !other.toLocaleLowerCase().includes(tile.toLocaleLowerCase()),
            `${l}: tile "${tile}" reads as ${other}`,
          );
  }
  assert.deepEqual(tileLines('Алматы облысы', ['Алматы облысы', 'Алматы қаласы']), ['Алматы', 'облысы']);
  assert.deepEqual(tileLines('Ақмола облысы', ['Ақмола облысы', 'Астана']), ['Ақмола']);
});

test('Russian names sort by the name, not by "г." or "область"', () => {
  const ru = regions.map((r) => r.name.ru).sort(compareRegionNames('ru'));
  assert.equal(ru.indexOf('г. Алматы'), ru.indexOf('Алматинская область') + 1);
  assert.equal(ru[0], 'область Абай');
  assert.equal(withoutCityWord('Almaty (city)'), 'Almaty');
  assert.equal(withoutCityWord('Алматы қаласы'), 'Алматы');
  assert.equal(withoutCityWord('г. Алматы'), 'Алматы');
  assert.equal(withoutCityWord('Almaty Region'), 'Almaty Region');
});
