// Reading help services from CSV files as spreadsheets save them. Fictitious names and numbers only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createRegionsService, regionLookup } from '../core/regions/index.ts';
import { decodeHelpCsv, headerOf, identityKeys, parseHelpCsv, readDate } from './help-csv.ts';
import { parseQuery } from './help.synonyms.ts';
import { searchFold } from '../i18n/fold.ts';

const regions = createRegionsService();
const opts = { region: regionLookup(regions.all()), isRegion: regions.isValid, today: '2026-12-04' };

test('headers in Kazakh, Russian and English, with or without a language', () => {
  assert.deepEqual(headerOf('name_ru'), { field: 'name', locale: 'ru' });
  assert.deepEqual(headerOf('Название (каз.)'), { field: 'name', locale: 'kk' });
  assert.deepEqual(headerOf('Атауы'), { field: 'name', locale: null });
  assert.deepEqual(headerOf('Дата проверки'), { field: 'verified_on', locale: null });
  assert.deepEqual(headerOf('Тексерілген күні'), { field: 'verified_on', locale: null });
  assert.deepEqual(headerOf('Телефоны'), { field: 'phone', locale: null });
  assert.equal(headerOf('Примечание'), null);
});

test('dates as Excel writes them; impossible days refused', () => {
  assert.equal(readDate('01.03.2026'), '2026-03-01');
  assert.equal(readDate('2026-3-1'), '2026-03-01');
  assert.equal(readDate('1/3/26'), '2026-03-01');
  assert.equal(readDate('31.02.2026'), null);
  assert.equal(readDate('March 2026'), null);
});

test('a semicolon file with CRLF, quoted cells, several phones and Russian headers', () => {
  const csv =
    '\uFEFFНазвание;Регион;Услуги;Телефоны;Часы работы;Языки;Источник;Дата проверки\r\n' +
    '"Приют ""Тест-1"" (вымышленный)";Алматинская обл.;приют, психолог;"8 700 000 00 01, +7 700 000 00 02";Круглосуточно;рус, каз;Тестовый список;01.11.2026\r\n' +
    'Юристы (вымышленные);г. Алматы;юридическая;+7 700 000 00 03;;ru;;01.11.2026\r\n';
  const r = parseHelpCsv(csv, opts);
  assert.equal(r.fileError, null);
  assert.deepEqual(
    r.rejects.map((x) => [x.line, x.fields]),
    [[3, { source: 'help.import.error.source' }]],
  );
  assert.equal(r.rows.length, 1);
  const [{ line, input }] = r.rows;
  assert.equal(line, 2);
  assert.deepEqual(input.name, { ru: 'Приют "Тест-1" (вымышленный)' });
  assert.equal(input.regionCode, 'KZ-19');
  assert.deepEqual(input.needs, ['shelter', 'psychological']);
  assert.equal(input.kind, 'shelter');
  assert.equal(input.phone, '8 700 000 00 01, +7 700 000 00 02');
  assert.deepEqual(input.languages, ['kk', 'ru']);
  assert.equal(input.verifiedOn, '2026-11-01');
  assert.equal(input.cost, 'unknown');
  // A default source for the file fills the empty cell.
  assert.equal(parseHelpCsv(csv, { ...opts, source: 'Тест' }).rows.length, 2);
});

test('bad lines are rejected with their line numbers and reasons; a quoted line break keeps the count', () => {
  const csv = [
    'name,region,needs,phone,source,verified',
    'Fictitious One,Almaty,shelter,call us,Test,2026-01-01',
    '"Fictitious',
    'Two",Marsland,shelter,111,Test,2026-01-01',
    'Fictitious Three,Astana,knitting,111,Test,2026-01-01',
    'Fictitious Four,Astana,legal,111,Test,2030-01-01',
    'Fictitious Five,Astana,legal,111,Test,',
    ',Astana,legal,111,Test,2026-01-01',
    'Fictitious Six,KZ-71,legal;medical,111,Test,2026-01-01',
  ].join('\n');
  const r = parseHelpCsv(csv, opts);
  assert.deepEqual(
    r.rejects.map((x) => [x.line, Object.keys(x.fields).join(' ')]),
    [
      [2, 'phone'],
      [3, 'region'],
      [5, 'needs'],
      [6, 'verified_on'],
      [7, 'verified_on'],
      [8, 'name'],
    ],
  );
  assert.equal(r.rejects[1].values?.region, 'Marsland');
  assert.equal(r.rejects[2].values?.need, 'knitting');
  assert.deepEqual(
    r.rows.map((x) => [x.line, x.input.needs]),
    [[9, ['legal', 'medical']]],
  );
});

test('Windows-1251 is decoded; Kazakh letters it cannot hold are reported; spreadsheets refused', () => {
  const cp1251 = (text: string) =>
    Buffer.from([...text].map((c) => (c >= 'А' && c <= 'я' ? c.charCodeAt(0) - 0x410 + 0xc0 : c.charCodeAt(0))));
  const ok = decodeHelpCsv(cp1251('Название;Регион\r\nПриют;Астана\r\n'));
  assert.ok('text' in ok && ok.text.includes('Приют') && ok.warnings.length === 0);
  const lost = decodeHelpCsv(cp1251('Атауы\r\nДа?дарыс орталы?ы\r\n'));
  assert.ok('warnings' in lost && lost.warnings[0] === 'help.import.warning.lost_letters');
  assert.deepEqual(decodeHelpCsv(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2])), {
    error: 'help.import.error.spreadsheet',
  });
  assert.equal(parseHelpCsv('a,b\n1,2', opts).fileError, 'help.import.error.header');
});

test('identity: source, region and any name, folded', () => {
  const a = identityKeys({ source: 'Тест', regionCode: 'KZ-75', name: { ru: 'Приют «Ұміт»' } });
  const b = identityKeys({ source: 'тест', regionCode: 'KZ-75', name: { kk: 'Баспана', ru: 'приют «умит»' } });
  assert.ok(a.some((k) => b.includes(k)));
  assert.ok(
    !identityKeys({ source: 'Тест', regionCode: 'KZ-71', name: { ru: 'Приют «Ұміт»' } }).some((k) => a.includes(k)),
  );
});

test('synonyms: shelter words of three languages name one concept; other words stay words', () => {
  for (const q of ['shelter', 'баспана', 'приют', 'приюты', 'Кризисного центра', 'дағдарыс орталығы', 'ПАНА'])
    assert.deepEqual(
      parseQuery(q).map((p) => ('concept' in p ? p.concept.name : p.word)),
      ['shelter'],
      q,
    );
  assert.deepEqual(
    parseQuery('юрист Алматы').map((p) => ('concept' in p ? p.concept.name : p.word)),
    ['legal', searchFold('алматы')],
  );
});

test('the example file in test/fixtures (fictitious, for the README) reads without a reject', () => {
  const text = readFileSync(new URL('../../test/fixtures/help-services.example.csv', import.meta.url), 'utf8');
  const r = parseHelpCsv(text, { ...opts, today: '2026-12-04' });
  assert.deepEqual(r.rejects, []);
  assert.deepEqual(
    r.rows.map((x) => [x.line, x.input.regionCode, x.input.kind]),
    [
      [4, 'KZ-35', 'shelter'],
      [5, 'KZ-71', 'legal'],
      [6, null, 'hotline'],
    ],
  );
});
