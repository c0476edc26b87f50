// Near-identical texts without pairwise comparison: MinHash signatures over character shingles
// (one-permutation hashing: each shingle hashed once into one of 64 bins, the minimum kept per bin),
// locality-sensitive hashing of bands of the signature, verification of candidates by estimated
// Jaccard similarity, and union-find into groups. A group is then one "object" for co-similar.
//
// Texts are compared after the monitor's own normalisation: Unicode NFC, invisible characters gone,
// links and @mentions removed, case and Kazakh letters folded (ә→а, қ→к …), punctuation and
// whitespace collapsed. Deterministic: the hash seeds are constants.
import type { MessageSet } from './message-set.ts';
import { ticker, type RunOptions } from './run.ts';
import { foldedCodes } from './text-codes.ts';

export { similarText } from './text-codes.ts';

export interface SimilarOptions {
  /** Estimated Jaccard similarity of shingle sets at or above which two texts are one group. Default 0.6. */
  threshold?: number;
  /** Characters per shingle. Default 5. */
  shingle?: number;
  /** Texts shorter than this after normalisation take no part (a "+" or "thanks" is no evidence). Default 20. */
  minChars?: number;
}

export interface SimilarGroups {
  /** Group of each message, -1 when it has no near-duplicate (or is a repost, or too short). */
  group: Int32Array;
  groupCount: number;
  /** A message of each group (its earliest in message order). */
  representative: Int32Array;
}

const BINS = 64;
const ROWS = 3;
const BANDS = 21; // 63 of the 64 bins in bands of 3: P(candidate) ≈ 0.99 at J = 0.6, 0.3 at J = 0.3
const EMPTY = 0xffff;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Writes the 64 × 16-bit signature of s[0, len) at sig[at …]; false when the text is too short. */
export function signature(s: Uint16Array, len: number, k: number, sig: Uint16Array, at: number): boolean {
  const n = len - k + 1;
  if (n < 1) return false;
  sig.fill(EMPTY, at, at + BINS);
  // Polynomial rolling hash of k UTF-16 units; fmix32 spreads it over bin (6 bits) and value (16 bits).
  const P = 0x01000193;
  let pk = 1;
  for (let i = 0; i < k - 1; i++) pk = Math.imul(pk, P);
  let h = 0;
  for (let i = 0; i < k; i++) h = (Math.imul(h, P) + s[i]) | 0;
  for (let i = 0; ; i++) {
    const x = fmix32(h ^ 0x9e3779b9);
    const bin = x >>> 26;
    const val = x & 0xfffe; // even: EMPTY (odd) can never be a value
    if (val < sig[at + bin]) sig[at + bin] = val;
    if (i + 1 >= n) break;
    h = (Math.imul((h - Math.imul(s[i], pk)) | 0, P) + s[i + k]) | 0;
  }
  // Densification: an empty bin borrows the next filled bin's value, marked by the distance.
  for (let b = 0; b < BINS; b++) {
    if (sig[at + b] !== EMPTY) continue;
    for (let d = 1; d < BINS; d++) {
      const v = sig[at + ((b + d) % BINS)];
      if (v !== EMPTY && (v & 1) === 0) {
        sig[at + b] = ((v + d * 0x9e37 + 1) & 0xffff) | 1; // odd: never equal to a real value
        break;
      }
    }
  }
  return true;
}

/** Share of equal bins: the MinHash estimate of the Jaccard similarity. */
export function estimatedJaccard(sig: Uint16Array, a: number, b: number): number {
  let eq = 0;
  const x = a * BINS;
  const y = b * BINS;
  for (let i = 0; i < BINS; i++) if (sig[x + i] === sig[y + i]) eq++;
  return eq / BINS;
}

function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

/** Groups of near-identical texts among the messages that are not reposts. */
export async function similarGroups(set: MessageSet, opts: SimilarOptions & RunOptions = {}): Promise<SimilarGroups> {
  const threshold = opts.threshold ?? 0.6;
  const k = opts.shingle ?? 5;
  const minChars = Math.max(k, opts.minChars ?? 20);
  const n = set.n;
  const sig = new Uint16Array(n * BINS);
  const has = new Uint8Array(n);
  const tick = ticker(opts, 'similar', n * 2);
  let codes: Uint16Array = new Uint16Array(4096);
  for (let i = 0; i < n; i++) {
    if ((i & 1023) === 0 && tick.due()) await tick.pause(i);
    if (set.repost[i] >= 0) continue;
    const [c, len] = foldedCodes(set.text.buffer(i), set.text.start(i), set.text.end(i), codes);
    codes = c;
    if (len >= minChars && signature(codes, len, k, sig, i * BINS)) has[i] = 1;
  }

  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const docs: number[] = [];
  for (let i = 0; i < n; i++) if (has[i]) docs.push(i);
  const docBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const hashSpace = 2 ** Math.min(32, 53 - docBits);
  const packed = new Float64Array(docs.length);
  for (let band = 0; band < BANDS; band++) {
    if (tick.due()) await tick.pause(n + Math.round((band / BANDS) * n));
    const off = band * ROWS;
    for (let d = 0; d < docs.length; d++) {
      const at = docs[d] * BINS + off;
      let h = band * 0x27d4eb2d;
      for (let r = 0; r < ROWS; r++) h = fmix32(h ^ (sig[at + r] + r * 0x10000));
      packed[d] = (h % hashSpace) * 2 ** docBits + docs[d];
    }
    packed.sort();
    const docMask = 2 ** docBits;
    // Within a bucket: each text against the bucket's first and against its predecessor.
    let first = -1;
    let prevBucket = -1;
    let prev = -1;
    for (let d = 0; d < packed.length; d++) {
      const bucket = Math.floor(packed[d] / docMask);
      const doc = packed[d] - bucket * docMask;
      if (bucket !== prevBucket) {
        prevBucket = bucket;
        first = doc;
        prev = doc;
        continue;
      }
      for (const other of prev === first ? [first] : [first, prev]) {
        const ra = find(parent, doc);
        const rb = find(parent, other);
        if (ra !== rb && estimatedJaccard(sig, doc, other) >= threshold) parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
      prev = doc;
    }
  }
  tick.finish();

  // Groups of two or more, numbered by their earliest message.
  const size = new Int32Array(n);
  for (const d of docs) size[find(parent, d)]++;
  const group = new Int32Array(n).fill(-1);
  const idOfRoot = new Int32Array(n).fill(-1);
  const reps: number[] = [];
  for (const d of docs) {
    const r = find(parent, d);
    if (size[r] < 2) continue;
    if (idOfRoot[r] < 0) {
      idOfRoot[r] = reps.length;
      reps.push(d);
    }
    group[d] = idOfRoot[r];
  }
  return { group, groupCount: reps.length, representative: Int32Array.from(reps) };
}
