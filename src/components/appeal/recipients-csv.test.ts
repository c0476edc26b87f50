import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRecipientsCsv } from './recipients-csv.ts';

const isRegion = (c: string) => ['KZ-71', 'KZ-75'].includes(c);

test('Excel-style CSV: BOM, semicolons, headers in any case, quoted fields, blank lines', () => {
  const csv =
    '\uFEFFKey;Body;Name_RU;Name_KK;Position_RU;Region;E-mail;Languages;Term_End\r\n' +
    'sen-1;senate;"Иванова; Анна";Иванова Анна;Депутат Сената;KZ-71;anna@parlam.kz;ru kk;2029-09-01\r\n' +
    '\r\n' +
    'mslt-2;MASLIKHAT;Серікұлы Б.;;Депутат;kz-75;;kk;\r\n';
  const r = parseRecipientsCsv(csv, isRegion);
  assert.deepEqual(r.errors, []);
  assert.equal(r.rows.length, 2);
  assert.equal(r.rows[0].input.name.ru, 'Иванова; Анна');
  assert.deepEqual(r.rows[0].input.languages, ['ru', 'kk']);
  assert.equal(r.rows[0].input.termEnd, '2029-09-01');
  assert.equal(r.rows[1].input.body, 'maslikhat');
  assert.equal(r.rows[1].input.region, 'KZ-75');
  assert.equal(r.rows[1].input.email, null);
});

test('bad rows are reported by line and field; good rows still come through', () => {
  const csv = [
    'key,body,name_en,region,email,term_start,term_end',
    'a,senate,,KZ-71,,,',
    'b,parliament,X,KZ-71,,,',
    'c,senate,Y,KZ-99,,,',
    'd,senate,Z,,not-an-email,,',
    'e,senate,W,,,2024-01-01,2023-01-01',
    'f,senate,Fine,,f@x.kz,,',
    'g,senate,Ctl\u0007,,,,',
  ].join('\n');
  const r = parseRecipientsCsv(csv, isRegion);
  assert.deepEqual(
    r.errors.map((e) => [e.line, e.field]),
    [
      [2, 'name'],
      [3, 'body'],
      [4, 'region'],
      [5, 'email'],
      [6, 'term_end'],
      [8, 'name_en'],
    ],
  );
  assert.deepEqual(
    r.rows.map((x) => x.input.externalKey),
    ['f'],
  );
});

test('a broken file is one clear error, not a crash', () => {
  const r = parseRecipientsCsv('key,body,name_en\n"unterminated,senate,x', isRegion);
  assert.equal(r.rows.length, 0);
  assert.equal(r.errors[0].key, 'appeal.import.error.csv');
});
