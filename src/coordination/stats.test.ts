import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logGamma, logPoissonTail, logQValues } from './stats.ts';

/** P(X ≥ k) by summing the lower terms directly (fine for small λ and k). */
function direct(k: number, lambda: number): number {
  let term = Math.exp(-lambda);
  let below = 0;
  for (let j = 0; j < k; j++) {
    below += term;
    term *= lambda / (j + 1);
  }
  return 1 - below;
}

test('log Γ matches factorials', () => {
  let f = 1;
  for (let n = 1; n < 30; n++) {
    f *= n;
    assert.ok(Math.abs(logGamma(n + 1) - Math.log(f)) < 1e-9, `${n}!`);
  }
});

test('Poisson upper tails match the direct sum, and stay ordered far below 1e-300', () => {
  for (const [k, lambda] of [
    [2, 0.1],
    [5, 1.5],
    [10, 3],
    [3, 0.001],
  ])
    assert.ok(Math.abs(Math.exp(logPoissonTail(k, lambda)) / direct(k, lambda) - 1) < 1e-6, `${k}, ${lambda}`);
  assert.equal(logPoissonTail(3, 5), 0, 'k ≤ λ: no evidence');
  assert.equal(logPoissonTail(0, 1), 0);
  const a = logPoissonTail(200, 0.01);
  const b = logPoissonTail(300, 0.01);
  assert.ok(Number.isFinite(a) && Number.isFinite(b) && b < a && a < -700);
});

test('Benjamini–Hochberg q-values over a family larger than the tested entries', () => {
  const p = Float64Array.from([0.001, 0.04, NaN, 0.03, 0.5].map((x) => Math.log(x)));
  const q = Array.from(logQValues(p, 5, 10), (x) => Math.exp(x));
  // Sorted p: 0.001, 0.03, 0.04, 0.5 with m = 10: 0.01, 0.15, 0.1333 → monotone 0.1333, 1.
  assert.ok(Math.abs(q[0] - 0.01) < 1e-12);
  assert.ok(Math.abs(q[3] - 0.4 / 3) < 1e-12);
  assert.ok(Math.abs(q[1] - 0.4 / 3) < 1e-12);
  assert.ok(Number.isNaN(q[2]));
  assert.equal(q[4], 1);
});
