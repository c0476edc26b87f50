// Poisson tails in logarithms (p-values far below 1e-300 keep their order) and Benjamini–Hochberg.

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = 0.99999999999980993;
  const t = x + 7.5;
  for (let i = 0; i < 8; i++) a += LANCZOS[i] / (x + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * ln P(X ≥ k) for X ~ Poisson(lambda). When k ≤ lambda the tail is at least about one half and 0
 * (p = 1) is returned: such a count is never evidence, and the conservative value saves the work.
 */
export function logPoissonTail(k: number, lambda: number): number {
  if (k <= 0) return 0;
  if (lambda <= 0) return -Infinity;
  if (k <= lambda) return 0;
  // The terms fall from k on, each by lambda/(j+1): sum until they no longer matter.
  const first = -lambda + k * Math.log(lambda) - logGamma(k + 1);
  let sum = 1;
  let term = 1;
  for (let j = k; j < k + 10_000; j++) {
    term *= lambda / (j + 1);
    sum += term;
    if (term < sum * 1e-15) break;
  }
  return Math.min(0, first + Math.log(sum));
}

/**
 * Benjamini–Hochberg over `logp` (natural logs; NaN = not tested) with `tests` hypotheses in the
 * family (at least the finite entries). Returns ln q for each entry (NaN where untested).
 */
export function logQValues(logp: Float64Array, count: number, tests: number): Float64Array {
  const idx: number[] = [];
  for (let i = 0; i < count; i++) if (!Number.isNaN(logp[i])) idx.push(i);
  const m = Math.max(tests, idx.length);
  const order = Int32Array.from(idx).sort((a, b) => logp[a] - logp[b]);
  const out = new Float64Array(count).fill(NaN);
  let running = 0; // ln 1: q-values are monotone from the largest p down
  const logm = Math.log(m);
  for (let r = order.length; r >= 1; r--) {
    const i = order[r - 1];
    const q = logp[i] + logm - Math.log(r);
    if (q < running) running = q;
    out[i] = running;
  }
  return out;
}
