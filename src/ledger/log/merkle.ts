// RFC 9162 §2.1 Merkle tree: hashing, roots, inclusion and consistency proofs.
//
// Proof generation never walks leaves. It names the complete, aligned subtrees whose hashes it needs
// (NodeId: 2^level leaves starting at index·2^level), asks a HashReader for all of them in one call,
// then folds them. So a database holding tiles, an HTTP tile fetcher and the in-memory tree below all
// serve proofs through the same code, with one round trip per proof.
import { HASH_SIZE, equalBytes, sha256 } from './bytes.ts';

/** A complete subtree: leaves [index·2^level, (index+1)·2^level). Level 0 is a leaf hash. */
export interface NodeId {
  level: number;
  index: number;
}

/** Where stored hashes come from. Must return the hashes in the order asked; may be async. */
export interface HashReader {
  readHashes(nodes: readonly NodeId[]): Promise<Uint8Array[]> | Uint8Array[];
}

const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

export const leafHash = (entry: Uint8Array): Uint8Array => sha256(LEAF, entry);
export const nodeHash = (left: Uint8Array, right: Uint8Array): Uint8Array => sha256(NODE, left, right);
/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT = sha256();

const assertSize = (n: number, what: string) => {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative safe integer, not ${n}`);
};

/** Largest power of two strictly below n (n ≥ 2), the split point k of RFC 9162. */
const splitPoint = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/**
 * The complete subtrees that make up leaves [lo, hi), left to right, largest first. For the ranges
 * RFC 9162 recursion produces (lo aligned to a power of two ≥ hi − lo), folding them from the right
 * gives MTH(D[lo:hi]).
 */
export const rangeNodes = (lo: number, hi: number): NodeId[] => {
  const out: NodeId[] = [];
  while (lo < hi) {
    let level = 0;
    while ((lo / 2 ** (level + 1)) % 1 === 0 && lo + 2 ** (level + 1) <= hi) level++;
    out.push({ level, index: lo / 2 ** level });
    lo += 2 ** level;
  }
  return out;
};

/** Hash of a run of subtree hashes, combined right to left as MTH does on a ragged right edge. */
export const foldRight = (hashes: readonly Uint8Array[]): Uint8Array => {
  if (hashes.length === 0) return EMPTY_ROOT;
  let h = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) h = nodeHash(hashes[i], h);
  return h;
};

/** MTH of leaf hashes held in memory (the whole tree: used by builders and tests). */
export const rootOfLeafHashes = (leaves: readonly Uint8Array[]): Uint8Array => {
  if (leaves.length === 0) return EMPTY_ROOT;
  // A stack of complete subtrees, merged as they pair up: O(n) hashes, O(log n) memory.
  const stack: { h: Uint8Array; size: number }[] = [];
  for (const leaf of leaves) {
    let top = { h: leaf, size: 1 };
    while (stack.length && stack[stack.length - 1].size === top.size) {
      const left = stack.pop()!;
      top = { h: nodeHash(left.h, top.h), size: left.size * 2 };
    }
    stack.push(top);
  }
  return foldRight(stack.map((s) => s.h));
};

/** A proof or root as lists of subtrees to fold: one list per output hash. */
export type Plan = NodeId[][];

export const rootPlan = (size: number): Plan => {
  assertSize(size, 'tree size');
  return size === 0 ? [] : [rangeNodes(0, size)];
};

/** RFC 9162 §2.1.3.1 PATH(m, D[lo:hi]), as subtrees to read. */
export const inclusionPlan = (index: number, size: number): Plan => {
  assertSize(index, 'leaf index');
  assertSize(size, 'tree size');
  if (index >= size) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
  const walk = (lo: number, hi: number): Plan => {
    if (hi - lo === 1) return [];
    const k = splitPoint(hi - lo);
    return index - lo < k
      ? [...walk(lo, lo + k), rangeNodes(lo + k, hi)]
      : [...walk(lo + k, hi), rangeNodes(lo, lo + k)];
  };
  return walk(0, size);
};

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]) via SUBPROOF, as subtrees to read. Empty when m is 0 or n. */
export const consistencyPlan = (oldSize: number, newSize: number): Plan => {
  assertSize(oldSize, 'old size');
  assertSize(newSize, 'new size');
  if (oldSize > newSize) throw new RangeError(`old size ${oldSize} is larger than new size ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const sub = (m: number, lo: number, hi: number, whole: boolean): Plan => {
    if (m === hi - lo) return whole ? [] : [rangeNodes(lo, hi)];
    const k = splitPoint(hi - lo);
    return m <= k
      ? [...sub(m, lo, lo + k, whole), rangeNodes(lo + k, hi)]
      : [...sub(m - k, lo + k, hi, false), rangeNodes(lo, lo + k)];
  };
  return sub(oldSize, 0, newSize, true);
};

const key = (n: NodeId) => `${n.level}/${n.index}`;

/** Read every subtree a plan names (once each, in one call) and fold each entry. */
export const resolvePlan = async (reader: HashReader, plan: Plan): Promise<Uint8Array[]> => {
  const unique = new Map<string, NodeId>();
  for (const nodes of plan) for (const n of nodes) unique.set(key(n), n);
  const wanted = [...unique.values()];
  const got = wanted.length ? await reader.readHashes(wanted) : [];
  if (got.length !== wanted.length) throw new Error(`hash reader returned ${got.length} of ${wanted.length} hashes`);
  const byKey = new Map(wanted.map((n, i) => [key(n), got[i]]));
  return plan.map((nodes) => foldRight(nodes.map((n) => byKey.get(key(n))!)));
};

export const treeRoot = async (reader: HashReader, size: number): Promise<Uint8Array> =>
  size === 0 ? EMPTY_ROOT : (await resolvePlan(reader, rootPlan(size)))[0];

export const inclusionProof = async (reader: HashReader, index: number, size: number): Promise<Uint8Array[]> =>
  resolvePlan(reader, inclusionPlan(index, size));

export const consistencyProof = async (reader: HashReader, oldSize: number, newSize: number): Promise<Uint8Array[]> =>
  resolvePlan(reader, consistencyPlan(oldSize, newSize));

// Verification follows RFC 9162 §2.1.3.2 and §2.1.4.2 step by step. Sizes can exceed 2^32, so the
// bit tests use arithmetic rather than JavaScript's 32-bit bitwise operators.
const odd = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);
const isPowerOfTwo = (x: number) => {
  while (x > 1 && x % 2 === 0) x /= 2;
  return x === 1;
};
const isHash = (h: Uint8Array) => h instanceof Uint8Array && h.length === HASH_SIZE;

/** The root an inclusion proof leads to, or null when the proof has the wrong shape. */
export const rootFromInclusionProof = (
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Uint8Array | null => {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null;
  if (!isHash(leaf) || !proof.every(isHash)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
};

export const verifyInclusion = (
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean => {
  const r = rootFromInclusionProof(leaf, index, size, proof);
  return r !== null && isHash(root) && equalBytes(r, root);
};

/** RFC 9162 §2.1.4.2, plus the trivial cases: size 0 is consistent with anything (empty proof), equal sizes need equal roots. */
export const verifyConsistency = (
  oldSize: number,
  newSize: number,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
): boolean => {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize)
    return false;
  if (!proof.every(isHash)) return false;
  if (oldSize === 0) return proof.length === 0;
  if (!isHash(oldRoot) || !isHash(newRoot)) return false;
  if (oldSize === newSize) return proof.length === 0 && equalBytes(oldRoot, newRoot);
  if (proof.length === 0) return false;
  const path = [...proof];
  // When the old tree is a complete subtree, its root is the proof's implicit first element.
  if (isPowerOfTwo(oldSize)) path.unshift(oldRoot);
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(fr, oldRoot) && equalBytes(sr, newRoot);
};
