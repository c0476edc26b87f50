import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkOptions } from './monitor-coordination.ts';

const base = { type: 'co-repost', format: 'csv' };

test('the options are checked before anything is opened, each with a sentence naming it', () => {
  assert.deepEqual(checkOptions(base), { window: 60, minWeight: 2 });
  assert.deepEqual(checkOptions({ ...base, window: '0', minWeight: '1' }), { window: 0, minWeight: 1 });
  const refused: Array<[Record<string, string>, RegExp]> = [
    [{ type: 'co-telepathy' }, /--type must be one of co-repost/],
    [{ campaign: 'nemolchi', hashtag: 'NeMolchi' }, /--campaign or --hashtag, not both/],
    [{ format: 'xlsx' }, /--format must be csv or gexf/],
    [{ from: '01.04.2024' }, /Bad date 01\.04\.2024: use YYYY-MM-DD/],
    [{ platform: 'myspace' }, /--platform must be one of/],
    [{ window: '1.5' }, /--window must be a whole number/],
    [{ window: '-1' }, /--window must be a whole number/],
    [{ window: '604801' }, /--window must be a whole number/],
    [{ minWeight: '0' }, /--min-weight must be a whole number ≥ 1/],
  ];
  for (const [bad, message] of refused) assert.throws(() => checkOptions({ ...base, ...bad }), message);
});
