import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forceLayout } from './layout.ts';

const inside = (p: { x: number; y: number }) => p.x >= 0 && p.x <= 640 && p.y >= 0 && p.y <= 420;
const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

test('the layout is deterministic and stays inside the picture', () => {
  const edges = [
    [0, 1, 5],
    [1, 2, 3],
    [2, 0, 4],
    [3, 4, 2],
  ] as const;
  const a = forceLayout(6, edges);
  assert.deepEqual(a, forceLayout(6, edges));
  assert.ok(a.every(inside));
  assert.equal(new Set(a.map((p) => `${p.x},${p.y}`)).size, 6, 'no two nodes on one spot');
});

test('linked nodes end up closer than unlinked ones', () => {
  // Two triangles with no edge between them.
  const edges = [
    [0, 1, 3],
    [1, 2, 3],
    [2, 0, 3],
    [3, 4, 3],
    [4, 5, 3],
    [5, 3, 3],
  ] as const;
  const p = forceLayout(6, edges);
  const within = (dist(p[0], p[1]) + dist(p[3], p[4])) / 2;
  const across = (dist(p[0], p[3]) + dist(p[1], p[4]) + dist(p[2], p[5])) / 3;
  assert.ok(within < across, `within ${within} vs across ${across}`);
});

test('no nodes, one node', () => {
  assert.deepEqual(forceLayout(0, []), []);
  assert.deepEqual(forceLayout(1, []), [{ x: 320, y: 210 }]);
});
