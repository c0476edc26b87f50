// The windowed co-occurrence network, compatible with QUT's coordination-network-toolkit: messages
// e1 ≠ e2 with a key in common and |t2 − t1| ≤ window give an edge user(e1) → user(e2) whose weight
// is the number of distinct e1. Every edge of weight ≥ 2 is also scored against chance (see the
// README, *Coordinated accounts*) while its author's messages are at hand: no second pass is needed.
//
// Occurrences (message, key) are sorted by key then time once; each author's messages are then
// visited in turn and the window around each occurrence scanned in both directions. A stamp per
// user counts each e1 at most once per partner, however many keys (links) matched.
import type { Keys } from './keys.ts';
import type { MessageSet } from './message-set.ts';
import { ticker, type RunOptions } from './run.ts';
import { logPoissonTail, logQValues } from './stats.ts';

export interface EdgeOptions extends RunOptions {
  /** Seconds, inclusive. */
  window: number;
  /** Edges kept for output: weight ≥ minWeight (scoring keeps its own minimum of 2). Default 1. */
  minWeight?: number;
  /** Benjamini–Hochberg false discovery rate. Default 0.01. */
  fdr?: number;
}

/** Occurrences sorted by (key, time), kept for evidence look-ups. */
export interface OccurrenceIndex {
  /** Positions of key k: keyStart[k] … keyStart[k+1]. */
  keyStart: Int32Array;
  msg: Int32Array;
  time: Float64Array;
  user: Int32Array;
  /** Position of occurrence j (keys.ids[j]) in the sorted order. */
  pos: Int32Array;
}

export interface EdgeSet {
  count: number;
  src: Int32Array;
  dst: Int32Array;
  weight: Int32Array;
  /** ln p of the edge against chance; NaN when untested (weight < 2 or a loop). */
  logp: Float64Array;
  /** ln q (Benjamini–Hochberg); NaN when untested. */
  logq: Float64Array;
  significant: Uint8Array;
  /** Hypotheses in the FDR family: every unordered pair of distinct users with weight ≥ 1. */
  tests: number;
  /** Expected weight under the null (NaN when untested). */
  expected: Float64Array;
  index: OccurrenceIndex;
  window: number;
}

class Growing {
  src = new Int32Array(1 << 16);
  dst = new Int32Array(1 << 16);
  weight = new Int32Array(1 << 16);
  logp = new Float64Array(1 << 16);
  expected = new Float64Array(1 << 16);
  count = 0;
  push(u: number, v: number, w: number, logp: number, expected: number) {
    if (this.count === this.src.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.src = grow(this.src);
      this.dst = grow(this.dst);
      this.weight = grow(this.weight);
      this.logp = grow(this.logp);
      this.expected = grow(this.expected);
    }
    const i = this.count++;
    this.src[i] = u;
    this.dst[i] = v;
    this.weight[i] = w;
    this.logp[i] = logp;
    this.expected[i] = expected;
  }
}

/** Messages of each user, in message order: order[userStart[u] … userStart[u+1]). */
export function byUser(set: MessageSet): { userStart: Int32Array; order: Int32Array } {
  const nu = set.users.size;
  const userStart = new Int32Array(nu + 1);
  for (let i = 0; i < set.n; i++) userStart[set.user[i] + 1]++;
  for (let u = 0; u < nu; u++) userStart[u + 1] += userStart[u];
  const fill = userStart.slice(0, nu);
  const order = new Int32Array(set.n);
  for (let i = 0; i < set.n; i++) order[fill[set.user[i]]++] = i;
  return { userStart, order };
}

export function indexOccurrences(set: MessageSet, keys: Keys): OccurrenceIndex {
  const m = keys.ids.length;
  const byTime = new Int32Array(set.n);
  for (let i = 0; i < set.n; i++) byTime[i] = i;
  const t = set.time;
  byTime.sort((a, b) => t[a] - t[b]);
  const keyStart = new Int32Array(keys.keyCount + 1);
  for (let j = 0; j < m; j++) keyStart[keys.ids[j] + 1]++;
  for (let k = 0; k < keys.keyCount; k++) keyStart[k + 1] += keyStart[k];
  const fill = keyStart.slice(0, keys.keyCount);
  const msg = new Int32Array(m);
  const time = new Float64Array(m);
  const user = new Int32Array(m);
  const pos = new Int32Array(m);
  // Messages in time order, each occurrence to its key's next slot: (key, time) order, stably.
  for (let r = 0; r < set.n; r++) {
    const i = byTime[r];
    for (let j = keys.start[i]; j < keys.start[i + 1]; j++) {
      const p = fill[keys.ids[j]]++;
      msg[p] = i;
      time[p] = t[i];
      user[p] = set.user[i];
      pos[j] = p;
    }
  }
  return { keyStart, msg, time, user, pos };
}

/** The network of one type: every edge of weight ≥ min(minWeight, 2), scored. */
export async function computeEdges(set: MessageSet, keys: Keys, opts: EdgeOptions): Promise<EdgeSet> {
  const w = opts.window;
  if (!(w >= 0)) throw new RangeError('window must be a number of seconds ≥ 0');
  opts.signal?.throwIfAborted();
  const keep = Math.max(1, Math.min(opts.minWeight ?? 1, 2));
  const index = indexOccurrences(set, keys);
  const { keyStart, time, user, pos } = index;
  const nu = set.users.size;
  const { userStart, order } = byUser(set);

  // The null model's inputs: each user's keyed messages (m_v) and all keyed messages (N).
  const active = new Int32Array(nu);
  let keyed = 0;
  for (let i = 0; i < set.n; i++)
    if (keys.start[i + 1] > keys.start[i]) {
      active[set.user[i]]++;
      keyed++;
    }

  const stamp = new Int32Array(nu).fill(-1);
  const cnt = new Int32Array(nu);
  const touched = new Int32Array(nu);
  const density = new Int32Array(set.n); // c(e1) of the current user's messages
  const out = new Growing();
  let tests = 0;
  const tick = ticker(opts, 'edges', nu);

  for (let u = 0; u < nu; u++) {
    if ((u & 255) === 0 && tick.due()) await tick.pause(u);
    let nt = 0;
    let nd = 0;
    for (let r = userStart[u]; r < userStart[u + 1]; r++) {
      const e1 = order[r];
      let c = 0;
      for (let j = keys.start[e1]; j < keys.start[e1 + 1]; j++) {
        const p = pos[j];
        const t1 = time[p];
        const k = keys.ids[j];
        const lo = keyStart[k];
        const hi = keyStart[k + 1];
        for (let q = p - 1; q >= lo && t1 - time[q] <= w; q--) {
          const v = user[q];
          if (v !== u) c++;
          if (stamp[v] !== e1) {
            stamp[v] = e1;
            if (cnt[v]++ === 0) touched[nt++] = v;
          }
        }
        for (let q = p + 1; q < hi && time[q] - t1 <= w; q++) {
          const v = user[q];
          if (v !== u) c++;
          if (stamp[v] !== e1) {
            stamp[v] = e1;
            if (cnt[v]++ === 0) touched[nt++] = v;
          }
        }
      }
      if (c > 0) density[nd++] = c;
    }
    if (nt === 0) continue;
    // The user's densities as (value, count) pairs: few distinct values, so λ is cheap per partner.
    const dens = density.subarray(0, nd).sort();
    const values: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < nd; i++) {
      if (i && dens[i] === dens[i - 1]) counts[counts.length - 1]++;
      else {
        values.push(dens[i]);
        counts.push(1);
      }
    }
    for (let i = 0; i < nt; i++) {
      const v = touched[i];
      const weight = cnt[v];
      cnt[v] = 0;
      if (v !== u) tests++;
      if (weight < keep) continue;
      let lambda = NaN;
      if (v !== u && weight >= 2) {
        // Chance that a message of v falls among the c others' messages around e1, if v's
        // messages were any of the keyed ones: 1 − (1 − c/N)^m_v ≈ 1 − exp(−m_v·c/N).
        lambda = 0;
        const a = active[v] / keyed;
        for (let x = 0; x < values.length; x++) lambda += counts[x] * -Math.expm1(-a * values[x]);
      }
      out.push(u, v, weight, NaN, lambda);
    }
  }
  tick.finish();

  // A pair is tested once, on the smaller of its two weights: u's messages near one message of v
  // (a user reposting the same thing four times in a minute) are one coincidence, not four. The
  // p-value is the larger of the two directions' tails: both must be surprising.
  const nu2 = nu;
  const partner = new Map<number, number>();
  for (let i = 0; i < out.count; i++) if (!Number.isNaN(out.expected[i])) partner.set(out.src[i] * nu2 + out.dst[i], i);
  for (let i = 0; i < out.count; i++) {
    if (Number.isNaN(out.expected[i]) || out.src[i] > out.dst[i]) continue;
    const j = partner.get(out.dst[i] * nu2 + out.src[i]);
    if (j === undefined) continue; // the other direction has weight < 2: nothing to test
    const s = Math.min(out.weight[i], out.weight[j]);
    const lp = Math.max(logPoissonTail(s, out.expected[i]), logPoissonTail(s, out.expected[j]));
    out.logp[i] = lp; // tested once, on the edge from the smaller id; copied to its partner below
    out.logp[j] = NaN;
  }
  const logq = logQValues(out.logp, out.count, Math.ceil(tests / 2));
  for (let i = 0; i < out.count; i++) {
    if (Number.isNaN(out.logp[i]) || out.src[i] > out.dst[i]) continue;
    const j = partner.get(out.dst[i] * nu2 + out.src[i])!;
    out.logp[j] = out.logp[i];
    logq[j] = logq[i];
  }
  const alpha = Math.log(opts.fdr ?? 0.01);
  const significant = new Uint8Array(out.count);
  for (let i = 0; i < out.count; i++) if (logq[i] <= alpha) significant[i] = 1;
  return {
    count: out.count,
    src: out.src.subarray(0, out.count),
    dst: out.dst.subarray(0, out.count),
    weight: out.weight.subarray(0, out.count),
    logp: out.logp.subarray(0, out.count),
    expected: out.expected.subarray(0, out.count),
    logq,
    significant,
    tests,
    index,
    window: w,
  };
}
