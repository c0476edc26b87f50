// The browser's checks (WebCrypto only) against the server's own pure core, in Node's WebCrypto.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEntry, receiptCommitment, rootFromProof } from './client.ts';
import { makeReceipt } from './books.records.ts';
import {
  MemoryTree,
  generateKey,
  inclusionProof,
  leafHash,
  noteSigner,
  signCheckpoint,
  toBase64,
  toHex,
} from './log/index.ts';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s));

test('inclusion proofs verify for every leaf of trees of many sizes, and a wrong leaf does not', async () => {
  for (const size of [1, 2, 3, 5, 7, 8, 13]) {
    const tree = new MemoryTree();
    for (let i = 0; i < size; i++) tree.append(utf8(`entry ${i}`));
    const root = await tree.root();
    for (let i = 0; i < size; i++) {
      const proof = await inclusionProof(tree, i, size);
      const got = await rootFromProof(i, size, leafHash(utf8(`entry ${i}`)), proof);
      assert.equal(toHex(got!), toHex(root), `size ${size}, leaf ${i}`);
      const wrong = await rootFromProof(i, size, leafHash(utf8('forged')), proof);
      assert.notEqual(toHex(wrong ?? new Uint8Array()), toHex(root));
    }
  }
});

test('a signed checkpoint and a proof check out; another key, another origin or an edited entry do not', async () => {
  const origin = 'example.org/ledger';
  const key = generateKey('example.org-ledger');
  const tree = new MemoryTree();
  const entries = ['{"a":1}', '{"b":2}', '{"c":3}'];
  for (const e of entries) tree.append(utf8(e));
  const note = signCheckpoint({ origin, size: 3, root: await tree.root(), extensions: [] }, [
    noteSigner(key.signerKey),
  ]);
  const proof = (await inclusionProof(tree, 1, 3)).map(toBase64);
  const input = { json: entries[1], index: 1, proof, checkpoint: note, keys: [key.verifierKey], origin };
  assert.deepEqual(await checkEntry(input), { signature: 'valid', included: true, size: 3 });
  const other = generateKey('example.org-ledger');
  assert.equal((await checkEntry({ ...input, keys: [other.verifierKey] })).signature, 'invalid');
  assert.equal((await checkEntry({ ...input, json: '{"b":3}' })).included, false);
  assert.equal((await checkEntry({ ...input, origin: 'elsewhere/ledger' })).included, false);
  const tampered = note.replace('\n3\n', '\n4\n');
  assert.equal((await checkEntry({ ...input, checkpoint: tampered })).signature, 'invalid');
});

test('the browser opens a receipt code to the same commitment as the server', async () => {
  const r = makeReceipt('Ақтөбе, Kaspi 12');
  assert.equal(await receiptCommitment(r.code), r.commitment);
  assert.equal(await receiptCommitment('D1.short.x'), null);
});
