import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupCommit } from './group-commit.ts';

test('concurrent pushes share one batch and each gets its own result', async () => {
  const batches: number[][] = [];
  const gc = groupCommit<number, number>(async (items) => {
    batches.push(items);
    return items.map((i) => i * 2);
  });
  const results = await Promise.all([1, 2, 3, 4].map((i) => gc.push(i)));
  assert.deepEqual(results, [2, 4, 6, 8]);
  assert.deepEqual(batches, [[1, 2, 3, 4]]);
});

test('items arriving during a write go into the next batch, bounded by maxBatch', async () => {
  const batches: number[][] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const gc = groupCommit<number, number>(async (items) => {
    batches.push(items);
    if (batches.length === 1) await gate;
    return items;
  }, 2);
  const first = gc.push(0);
  await new Promise((r) => setImmediate(r));
  const later = [1, 2, 3].map((i) => gc.push(i));
  release();
  await Promise.all([first, ...later]);
  assert.deepEqual(batches, [[0], [1, 2], [3]]);
});

test('a failing item is isolated: its neighbours are retried alone and succeed', async () => {
  const gc = groupCommit<number, string>(async (items) => {
    if (items.includes(13)) throw new Error('bad item');
    return items.map(String);
  });
  const settled = await Promise.allSettled([1, 13, 2].map((i) => gc.push(i)));
  assert.deepEqual(
    settled.map((s) => s.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  await gc.flush();
  assert.equal(gc.pending, 0);
});
