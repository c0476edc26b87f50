import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256, toBase64 } from './bytes.ts';
import { signCheckpoint } from './checkpoint.ts';
import { checkCosignatures, cosignatureVerifier, cosigner } from './cosignature.ts';
import { SIG_COSIGNATURE_V1, generateKey, noteSigner, noteVerifier, type Verifier } from './keys.ts';
import { MemoryTree } from './memory-tree.ts';
import { consistencyProof } from './merkle.ts';
import type { FetchLike } from './fetch-like.ts';
import { openNote } from './note.ts';
import {
  buildAddCheckpointRequest,
  decideAddCheckpoint,
  formatAddCheckpointRequest,
  parseAddCheckpointRequest,
  readWitnessResponse,
  requestCosignature,
  type WitnessRecord,
} from './witness.ts';

const ORIGIN = 'dauys.example/ledger';
const log = generateKey(ORIGIN);
const witnessKey = generateKey('witness.example/w1', SIG_COSIGNATURE_V1);
const witnessVerifier = cosignatureVerifier(witnessKey.verifierKey);

const grow = (t: MemoryTree, to: number, salt = 0) => {
  while (t.size < to) t.append(new Uint8Array([t.size & 255, t.size >> 8, salt]));
};
const checkpointOf = async (t: MemoryTree, signers = [noteSigner(log.signerKey)]) =>
  signCheckpoint({ origin: ORIGIN, size: t.size, root: await t.root(), extensions: [] }, signers);

/** A witness with an in-memory record, applying decisions as a real one would (compare-and-set). */
const makeWitness = (keys: Record<string, Verifier[]> = { [ORIGIN]: [noteVerifier(log.verifierKey)] }) => {
  const records = new Map<string, WitnessRecord>();
  const handle = (body: string) => {
    const d = decideAddCheckpoint(body, {
      logKeys: (o) => keys[o],
      latest: (o) => records.get(o),
      cosigners: [cosigner(witnessKey.signerKey)],
      now: 1_800_000_000,
    });
    if (d.status === 200) {
      assert.equal(records.get(d.update.origin), d.update.previous);
      records.set(d.update.origin, d.update.next);
    }
    return d;
  };
  return { records, handle };
};

test('request body: the spec example shape parses and formats back', () => {
  const proof = [sha256(new Uint8Array([1])), sha256(new Uint8Array([2]))];
  const cp =
    'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n\u2014 x AAAAAAA=\n';
  const body = formatAddCheckpointRequest({ oldSize: 20852014, proof, checkpoint: cp });
  assert.equal(body, `old 20852014\n${toBase64(proof[0])}\n${toBase64(proof[1])}\n\n${cp}`);
  assert.deepEqual(parseAddCheckpointRequest(body), { oldSize: 20852014, proof, checkpoint: cp });
  assert.deepEqual(parseAddCheckpointRequest(`old 0\n\n${cp}`).proof, []);
});

test('witness: first checkpoint, growth with a proof, then the same tree again → 200 and cosignatures', async () => {
  const t = new MemoryTree();
  grow(t, 10);
  const w = makeWitness();
  const first = await checkpointOf(t);
  const d1 = w.handle(await buildAddCheckpointRequest(t, first, 0));
  assert.equal(d1.status, 200);
  assert.deepEqual(
    checkCosignatures(first + d1.body, [witnessVerifier]).valid.map((v) => v.time),
    [1_800_000_000],
  );
  assert.equal(w.records.get(ORIGIN)?.size, 10);
  grow(t, 300);
  const second = await checkpointOf(t);
  const d2 = w.handle(await buildAddCheckpointRequest(t, second, 10));
  assert.equal(d2.status, 200);
  assert.equal(w.records.get(ORIGIN)?.size, 300);
  const again = w.handle(await buildAddCheckpointRequest(t, second, 300));
  assert.equal(again.status, 200);
});

test('witness: stale old size → 409 with its size as text/x.tlog.size', async () => {
  const t = new MemoryTree();
  grow(t, 20);
  const w = makeWitness();
  assert.equal(w.handle(await buildAddCheckpointRequest(t, await checkpointOf(t), 0)).status, 200);
  grow(t, 30);
  const d = w.handle(await buildAddCheckpointRequest(t, await checkpointOf(t), 0));
  assert.equal(d.status, 409);
  assert.equal(d.contentType, 'text/x.tlog.size');
  assert.equal(d.body, '20\n');
});

test('witness: a fork (same size, different root) is refused with 409, and the record stays', async () => {
  const t = new MemoryTree();
  grow(t, 8);
  const w = makeWitness();
  assert.equal(w.handle(await buildAddCheckpointRequest(t, await checkpointOf(t), 0)).status, 200);
  const forked = new MemoryTree();
  grow(forked, 8, 99);
  const d = w.handle(await buildAddCheckpointRequest(forked, await checkpointOf(forked), 8));
  assert.equal(d.status, 409);
  assert.equal(d.body, '8\n');
  assert.deepEqual(w.records.get(ORIGIN)?.root, await t.root());
});

test('witness: a fork that grew, or a bad proof → 422 and nothing cosigned', async () => {
  const t = new MemoryTree();
  grow(t, 8);
  const w = makeWitness();
  assert.equal(w.handle(await buildAddCheckpointRequest(t, await checkpointOf(t), 0)).status, 200);
  const forked = new MemoryTree();
  grow(forked, 12, 99);
  const d = w.handle(await buildAddCheckpointRequest(forked, await checkpointOf(forked), 8));
  assert.equal(d.status, 422);
  grow(t, 12);
  const proof = await consistencyProof(t, 8, 12);
  proof[0] = sha256(proof[0]);
  const bad = formatAddCheckpointRequest({ oldSize: 8, proof, checkpoint: await checkpointOf(t) });
  assert.equal(w.handle(bad).status, 422);
  const nonEmpty = formatAddCheckpointRequest({ oldSize: 0, proof: [sha256()], checkpoint: await checkpointOf(t) });
  assert.equal(makeWitness().handle(nonEmpty).status, 422);
  assert.equal(w.records.get(ORIGIN)?.size, 8);
});

test('witness: unknown log → 404, no trusted signature → 403, malformed → 400', async () => {
  const t = new MemoryTree();
  grow(t, 3);
  const w = makeWitness({});
  assert.equal(w.handle(await buildAddCheckpointRequest(t, await checkpointOf(t), 0)).status, 404);
  const stranger = generateKey(ORIGIN);
  const signedByStranger = await checkpointOf(t, [noteSigner(stranger.signerKey)]);
  assert.equal(makeWitness().handle(await buildAddCheckpointRequest(t, signedByStranger, 0)).status, 403);
  const cp = await checkpointOf(t);
  const tampered = cp.replace('\n3\n', '\n4\n');
  assert.equal(makeWitness().handle(`old 0\n\n${tampered}`).status, 403);
  for (const body of [
    '',
    'old\n\n' + cp,
    'old 01\n\n' + cp,
    'old 0\nnot-base64\n\n' + cp,
    'old 0\n' + cp,
    'old 0\n\nnot a note',
  ])
    assert.equal(makeWitness().handle(body).status, 400, JSON.stringify(body.slice(0, 20)));
  assert.equal(makeWitness().handle(`old 5\n\n${cp}`).status, 400); // old larger than the checkpoint
  const tooLong = `old 1\n${`${toBase64(sha256())}\n`.repeat(64)}\n${cp}`;
  assert.equal(makeWitness().handle(tooLong).status, 400);
});

test('log side: requestCosignature recovers from a 409 once and keeps only valid witness lines', async () => {
  const t = new MemoryTree();
  grow(t, 40);
  const w = makeWitness();
  assert.equal(w.handle(await buildAddCheckpointRequest(t, await checkpointOf(t), 0)).status, 200);
  grow(t, 50);
  const note = await checkpointOf(t);
  const urls: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    urls.push(url);
    const d = w.handle(init!.body!);
    return { status: d.status, text: async () => d.body, arrayBuffer: async () => new ArrayBuffer(0) };
  };
  const answer = await requestCosignature({
    fetch,
    submissionPrefix: 'https://witness.example/w1',
    reader: t,
    checkpointNote: note,
    witnessKeys: [witnessVerifier],
    believedSize: 0, // the log forgot: the witness says 40, the retry carries a proof from 40
  });
  assert.equal(answer.kind, 'cosigned');
  assert.deepEqual(urls, ['https://witness.example/w1/add-checkpoint', 'https://witness.example/w1/add-checkpoint']);
  if (answer.kind === 'cosigned') {
    const opened = openNote(note + answer.lines.join(''), [noteVerifier(log.verifierKey), witnessVerifier]);
    assert.equal(opened.verified.length, 2);
  }
  // A response signed by someone else's key is not a cosignature.
  const other = cosigner(generateKey('witness.example/w1', SIG_COSIGNATURE_V1).signerKey);
  const body = other.cosign(note.slice(0, note.lastIndexOf('\n\n') + 1), 1);
  assert.equal(readWitnessResponse(200, body, note, [witnessVerifier]).kind, 'refused');
  assert.deepEqual(readWitnessResponse(409, '12\n', note, [witnessVerifier]), { kind: 'conflict', size: 12 });
});
