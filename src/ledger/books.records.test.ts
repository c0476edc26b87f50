import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  commitmentOf,
  formatMinor,
  makeReceipt,
  normaliseDate,
  openReceipt,
  parseMajorAmount,
  todayInKazakhstan,
} from './books.records.ts';
import { buildRecord } from './books.validation.ts';

test('typed amounts become integer minor units; negatives, fractions of a tiyn and junk are refused', () => {
  assert.equal(parseMajorAmount('12 500,50', 'KZT'), 1_250_050);
  assert.equal(parseMajorAmount('12500.5', 'KZT'), 1_250_050);
  assert.equal(parseMajorAmount('1\u00a0000', 'KZT'), 100_000);
  assert.equal(parseMajorAmount('7', 'JPY'), 7);
  assert.deepEqual(parseMajorAmount('-5', 'KZT'), { error: 'ledger.error.negative' });
  assert.deepEqual(parseMajorAmount('1,005', 'KZT'), { error: 'ledger.error.fraction' });
  assert.deepEqual(parseMajorAmount('1.5', 'JPY'), { error: 'ledger.error.fraction' });
  assert.deepEqual(parseMajorAmount('1.500', 'KZT'), 150, 'trailing zeros are not a fraction');
  assert.deepEqual(parseMajorAmount('ten', 'KZT'), { error: 'ledger.error.amount' });
  assert.deepEqual(parseMajorAmount('0', 'KZT'), { error: 'ledger.error.zero' });
  assert.equal(formatMinor(1_250_050, 'KZT'), '12500.50');
  assert.equal(formatMinor(-5, 'KZT'), '-0.05');
});

test('a receipt opens to the commitment in the record, and nothing else does', () => {
  const r = makeReceipt('KASPI-TX-77');
  const opened = openReceipt(r.code);
  assert.equal(opened?.commitment, r.commitment);
  assert.equal(opened?.reference, 'KASPI-TX-77');
  assert.equal(openReceipt(r.code.replace(/.$/, r.code.endsWith('A') ? 'B' : 'A'))?.commitment === r.commitment, false);
  assert.equal(openReceipt('not a code'), null);
  // Two donations with the same reference still get unlinkable commitments.
  assert.notEqual(makeReceipt('same').commitment, makeReceipt('same').commitment);
  assert.equal(commitmentOf(new Uint8Array(32), 'x').length, 64);
});

test('dates: DD.MM.YYYY and ISO, real days only', () => {
  assert.equal(normaliseDate('01.11.2026'), '2026-11-01');
  assert.equal(normaliseDate('1/2/2026'), '2026-02-01');
  assert.equal(normaliseDate('2026-11-01T10:00'), '2026-11-01');
  assert.equal(normaliseDate('31.02.2026'), null);
  assert.equal(todayInKazakhstan(Date.parse('2026-12-31T20:00:00Z')), '2027-01-01', 'UTC+5');
});

test('records are built only from valid input, with every problem named', async () => {
  const ctx = { today: '2026-12-03', campaignExists: async (s: string) => s === 'changethelaw' };
  const ok = await buildRecord(
    {
      kind: 'received',
      amount: 100,
      channel: 'cash',
      date: '2026-12-03',
      campaign: 'changethelaw',
      donorName: 'Aigerim',
    },
    ctx,
  );
  assert.equal(ok.record.kind, 'received');
  assert.ok(ok.receipt);
  assert.equal((ok.record as { donor_name?: string }).donor_name, 'Aigerim', 'named only because she asked');
  await assert.rejects(
    buildRecord(
      { kind: 'received', amount: -1, currency: 'ABC', channel: 'x', date: '2026-12-04', campaign: 'nope' },
      ctx,
    ),
    (e: { fields: Record<string, string> }) =>
      e.fields.amount === 'ledger.error.negative' &&
      e.fields.currency === 'ledger.error.currency' &&
      e.fields.channel === 'form.error.choice' &&
      e.fields.date === 'ledger.error.future_date' &&
      e.fields.campaign === 'ledger.error.campaign',
  );
  await assert.rejects(
    buildRecord(
      {
        kind: 'bank_event',
        event: 'account_frozen',
        date: '2026-12-01',
        account: 'A',
        authority: 'B',
        documentSha256: 'xyz',
      },
      ctx,
    ),
    (e: { fields: Record<string, string> }) => e.fields.document === 'ledger.error.hash',
  );
});
