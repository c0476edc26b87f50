import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromHex, toHex } from './bytes.ts';
import { MemoryTree } from './memory-tree.ts';
import {
  EMPTY_ROOT,
  consistencyProof,
  inclusionProof,
  leafHash,
  rangeNodes,
  rootOfLeafHashes,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';

const V = JSON.parse(readFileSync(new URL('./testdata/rfc6962_vectors.json', import.meta.url), 'utf8')) as {
  leafInputsHex: string[];
  rootHashesBySize: string[];
  leafHashes: string[];
  inclusionProofs: { leafIndex: number; treeSize: number; proof: string[] }[];
  consistencyProofs: { oldSize: number; newSize: number; proof: string[] }[];
};

const vectorTree = () => {
  const t = new MemoryTree();
  for (const hex of V.leafInputsHex) t.append(fromHex(hex));
  return t;
};
const root = (n: number) => fromHex(V.rootHashesBySize[n]);

test('vectors: leaf hashes and the root of every prefix size', async () => {
  V.leafInputsHex.forEach((hex, i) => assert.equal(toHex(leafHash(fromHex(hex))), V.leafHashes[i]));
  const t = vectorTree();
  assert.equal(toHex(EMPTY_ROOT), V.rootHashesBySize[0]);
  for (let n = 0; n <= t.size; n++) {
    assert.equal(toHex(await t.root(n)), V.rootHashesBySize[n], `size ${n}`);
    assert.equal(toHex(rootOfLeafHashes(t.leafHashes(0, n))), V.rootHashesBySize[n], `in-memory size ${n}`);
  }
});

test('vectors: inclusion proofs are generated exactly and verify; corrupted ones do not', async () => {
  const t = vectorTree();
  for (const v of V.inclusionProofs) {
    const proof = await inclusionProof(t, v.leafIndex, v.treeSize);
    assert.deepEqual(proof.map(toHex), v.proof, `leaf ${v.leafIndex} of ${v.treeSize}`);
    const leaf = fromHex(V.leafHashes[v.leafIndex]);
    const r = root(v.treeSize);
    assert.ok(verifyInclusion(leaf, v.leafIndex, v.treeSize, proof, r));
    assert.ok(!verifyInclusion(leaf, v.leafIndex + 1, v.treeSize, proof, r));
    assert.ok(!verifyInclusion(leaf, v.leafIndex, v.treeSize * 2, proof, r));
    assert.ok(!verifyInclusion(leaf, v.leafIndex, v.treeSize, [...proof, r], r));
    assert.ok(!verifyInclusion(leaf, v.leafIndex, v.treeSize, [r, ...proof], r));
    assert.ok(!verifyInclusion(EMPTY_ROOT, v.leafIndex, v.treeSize, proof, r));
    if (proof.length) assert.ok(!verifyInclusion(leaf, v.leafIndex, v.treeSize, proof.slice(1), r));
  }
});

test('vectors: consistency proofs are generated exactly and verify; corrupted ones do not', async () => {
  const t = vectorTree();
  for (const v of V.consistencyProofs) {
    const proof = await consistencyProof(t, v.oldSize, v.newSize);
    assert.deepEqual(proof.map(toHex), v.proof, `${v.oldSize} → ${v.newSize}`);
    const [r1, r2] = [root(v.oldSize), root(v.newSize)];
    assert.ok(verifyConsistency(v.oldSize, v.newSize, proof, r1, r2));
    if (v.oldSize === v.newSize) continue;
    assert.ok(!verifyConsistency(v.oldSize, v.newSize, proof, r2, r1), 'swapped roots');
    assert.ok(!verifyConsistency(v.oldSize + 1, v.newSize, proof, r1, r2), 'old size + 1');
    assert.ok(!verifyConsistency(v.oldSize - 1, v.newSize, proof, r1, r2), 'old size - 1');
    assert.ok(!verifyConsistency(v.oldSize, v.newSize * 2, proof, r1, r2), 'new size doubled');
    assert.ok(!verifyConsistency(v.oldSize, v.newSize, [], r1, r2), 'empty proof');
    assert.ok(!verifyConsistency(v.oldSize, v.newSize, [...proof, r1], r1, r2), 'trailing hash');
    assert.ok(!verifyConsistency(v.oldSize, v.newSize, [proof[0], ...proof], r1, r2), 'preceding hash');
    assert.ok(!verifyConsistency(v.oldSize, v.newSize, proof.slice(0, -1), r1, r2), 'truncated');
  }
});

test('trivial consistency: from 0 anything with an empty proof; equal sizes need equal roots', () => {
  const a = fromHex(V.rootHashesBySize[3]);
  const b = fromHex(V.rootHashesBySize[4]);
  assert.ok(verifyConsistency(0, 5, [], EMPTY_ROOT, b));
  assert.ok(!verifyConsistency(0, 5, [a], EMPTY_ROOT, b));
  assert.ok(verifyConsistency(3, 3, [], a, a));
  assert.ok(!verifyConsistency(3, 3, [], a, b));
  assert.ok(!verifyConsistency(4, 3, [], a, b));
  assert.ok(!verifyInclusion(a, 0, 0, [], EMPTY_ROOT));
});

test('rangeNodes splits a ragged right edge into aligned complete subtrees', () => {
  assert.deepEqual(rangeNodes(0, 7), [
    { level: 2, index: 0 },
    { level: 1, index: 2 },
    { level: 0, index: 6 },
  ]);
  assert.deepEqual(rangeNodes(8, 13), [
    { level: 2, index: 2 },
    { level: 0, index: 12 },
  ]);
});

// A small deterministic generator, so a failing size can be replayed.
const rng = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

test('property: for random sizes every inclusion and consistency proof verifies, and a flipped byte fails', async () => {
  const rand = rng(17);
  const t = new MemoryTree();
  const roots: Uint8Array[] = [EMPTY_ROOT];
  for (let i = 0; i < 300; i++) {
    t.append(new Uint8Array([i & 255, i >> 8, 7]));
    roots.push(rootOfLeafHashes(t.leafHashes()));
  }
  for (let n = 1; n <= 300; n += n < 40 ? 1 : 1 + Math.floor(rand() * 20)) {
    assert.deepEqual(await treeRoot(t, n), roots[n], `root ${n}`);
    for (let i = 0; i < n; i += n < 20 ? 1 : 1 + Math.floor(rand() * 9)) {
      const leaf = t.leafHashes(i, i + 1)[0];
      const proof = await inclusionProof(t, i, n);
      assert.ok(verifyInclusion(leaf, i, n, proof, roots[n]), `inclusion ${i} in ${n}`);
      if (proof.length) {
        const k = Math.floor(rand() * proof.length);
        const bad = proof.map((p) => p.slice());
        bad[k][Math.floor(rand() * 32)] ^= 1 << Math.floor(rand() * 8);
        assert.ok(!verifyInclusion(leaf, i, n, bad, roots[n]), `flipped inclusion ${i} in ${n}`);
      }
    }
    for (let m = 1; m < n; m += n < 20 ? 1 : 1 + Math.floor(rand() * 9)) {
      const proof = await consistencyProof(t, m, n);
      assert.ok(verifyConsistency(m, n, proof, roots[m], roots[n]), `consistency ${m} → ${n}`);
      const k = Math.floor(rand() * proof.length);
      const bad = proof.map((p) => p.slice());
      bad[k][Math.floor(rand() * 32)] ^= 1 << Math.floor(rand() * 8);
      assert.ok(!verifyConsistency(m, n, bad, roots[m], roots[n]), `flipped consistency ${m} → ${n}`);
      assert.ok(!verifyConsistency(m, n, proof, roots[m - 1], roots[n]), `wrong old root ${m} → ${n}`);
    }
  }
});

test('generation asks the reader once per proof and rejects impossible requests', async () => {
  const t = vectorTree();
  let calls = 0;
  const counting = { readHashes: (n: Parameters<MemoryTree['readHashes']>[0]) => (calls++, t.readHashes(n)) };
  await inclusionProof(counting, 5, 8);
  await consistencyProof(counting, 3, 7);
  assert.equal(calls, 2);
  await assert.rejects(() => inclusionProof(t, 8, 8), RangeError);
  await assert.rejects(() => consistencyProof(t, 5, 4), RangeError);
  await assert.rejects(() => inclusionProof(t, 0, 9), RangeError); // the tree holds only 8
});
