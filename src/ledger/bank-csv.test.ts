import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBankStatement, parseStatementNumber, splitCsv } from './bank-csv.ts';

const defaults = {
  currency: 'KZT',
  campaign: null,
  purpose: 'Donations',
  category: 'other' as const,
  payeeKind: 'organisation' as const,
};

test('numbers as banks write them', () => {
  assert.equal(parseStatementNumber('1 234 567,89'), 1234567.89);
  assert.equal(parseStatementNumber('1,234,567.89'), 1234567.89);
  assert.equal(parseStatementNumber('1.234.567,89'), 1234567.89);
  assert.equal(parseStatementNumber('15000'), 15000);
  assert.equal(parseStatementNumber('-1 200,50'), -1200.5);
  assert.equal(parseStatementNumber('(300)'), -300);
  assert.equal(parseStatementNumber('5 000 ₸'), 5000);
  assert.equal(parseStatementNumber('1,234,56'), null);
  assert.equal(parseStatementNumber('abc'), null);
});

test('quoted fields may hold separators and line breaks; records keep the line they start on', () => {
  const rows = splitCsv('a,b\n"x, y","multi\nline"\nlast,1\n', ',');
  assert.deepEqual(
    rows.map((r) => r.line),
    [1, 2, 4],
  );
  assert.deepEqual(rows[1].fields, ['x, y', 'multi\nline']);
});

test('a Kazakh statement with a signed amount column, commas and tabs elsewhere', () => {
  const text =
    'Күні,Сома,Төлем мақсаты,Валюта\n"02.11.2026","-2 500,00","Заңгер кеңесі",KZT\n03.11.2026,"10 000,00",Қайырымдылық,KZT\n';
  const { rows, rejects } = parseBankStatement(text, defaults);
  assert.deepEqual(rejects, []);
  assert.equal(rows[0].input.kind, 'spent');
  assert.equal(rows[0].input.amount, 250_000);
  assert.equal(rows[0].input.description, 'Заңгер кеңесі');
  assert.equal(rows[1].input.kind, 'received');
  assert.equal(rows[1].input.purpose, 'Donations', 'the bank text never becomes the public purpose');
});

test('an English statement with credit and debit, and a file with no table at all', () => {
  const { rows } = parseBankStatement(
    '\uFEFFDate;Reference;Credit;Debit;Details\r\n2026-11-05;R1;;12.00;Monthly fee\r\n',
    defaults,
  );
  assert.equal(rows[0].input.category, 'bank_fees');
  assert.equal(rows[0].input.payeeKind, 'bank');
  const none = parseBankStatement('just,some,words\n1,2,3\n', defaults);
  assert.equal(none.rejects[0].fields.file, 'ledger.import.error.header');
});
