import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromBase64, sha256 } from './bytes.ts';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint, type Checkpoint } from './checkpoint.ts';
import { checkCosignatures, cosignatureTime, cosignatureVerifier, cosignedMessage, cosigner } from './cosignature.ts';
import { LedgerFormatError } from './errors.ts';
import { SIG_COSIGNATURE_V1, generateKey, noteSigner, noteVerifier } from './keys.ts';
import { openNote, parseSignatureLine, signNote } from './note.ts';

const reasonOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof LedgerFormatError, String(e));
    return e.reason;
  }
  return 'no error';
};

// The spec's example checkpoint body.
const SOFA = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

test('checkpoint text: the spec example parses and formats back identically', () => {
  const c = parseCheckpoint(SOFA);
  assert.equal(c.origin, 'example.com/behind-the-sofa');
  assert.equal(c.size, 20852163);
  assert.equal(c.root.length, 32);
  assert.deepEqual(c.extensions, []);
  assert.equal(formatCheckpoint(c), SOFA);
  const ext = parseCheckpoint(`${SOFA}ext one\n`);
  assert.deepEqual(ext.extensions, ['ext one']);
  assert.equal(formatCheckpoint(ext), `${SOFA}ext one\n`);
});

test('checkpoint text: malformed bodies are refused', () => {
  const root = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
  for (const bad of [
    `o\n1\n${root}`, // no final newline
    `o\n1\n`,
    `\n1\n${root}\n`,
    `o\n01\n${root}\n`,
    `o\n-1\n${root}\n`,
    `o\n1.0\n${root}\n`,
    `o\n 1\n${root}\n`,
    `o\n99999999999999999999\n${root}\n`,
    `o\n1\n${root.slice(4)}\n`,
    `o\n1\n${root.replace('=', '')}\n`,
    `o\n1\n${root}\n\n`, // empty extension line
  ])
    assert.equal(
      reasonOf(() => parseCheckpoint(bad)),
      'checkpoint.malformed',
      JSON.stringify(bad),
    );
  assert.equal(parseCheckpoint(`o\n0\n${root}\n`).size, 0);
  assert.equal(
    reasonOf(() => formatCheckpoint({ origin: 'a\nb', size: 1, root: sha256(), extensions: [] })),
    'checkpoint.malformed',
  );
});

test('signed checkpoints: open with the log key, refuse another origin or an altered size', () => {
  const log = generateKey('dauys.example/ledger');
  const c: Checkpoint = { origin: 'dauys.example/ledger', size: 42, root: sha256(new Uint8Array([1])), extensions: [] };
  const note = signCheckpoint(c, [noteSigner(log.signerKey)]);
  const opened = openCheckpoint(note, [noteVerifier(log.verifierKey)], 'dauys.example/ledger');
  assert.equal(opened.checkpoint.size, 42);
  assert.deepEqual(opened.checkpoint.root, c.root);
  assert.equal(
    reasonOf(() => openCheckpoint(note, [noteVerifier(log.verifierKey)], 'other/ledger')),
    'checkpoint.wrong_origin',
  );
  assert.equal(
    reasonOf(() => openCheckpoint(note.replace('\n42\n', '\n43\n'), [noteVerifier(log.verifierKey)])),
    'note.bad_signature',
  );
});

test('cosignature/v1: the spec example line carries key id then the 8-byte time', () => {
  const line =
    '\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n';
  const sig = parseSignatureLine(line);
  assert.equal(sig.keyId, 0x8d66cf3f);
  assert.equal(cosignatureTime(sig.signature), 1679315147); // the time in the spec's message example
  assert.equal(new TextDecoder().decode(cosignedMessage(SOFA, 1679315147)), `cosignature/v1\ntime 1679315147\n${SOFA}`);
  assert.deepEqual(fromBase64('jWbPPw=='), new Uint8Array([0x8d, 0x66, 0xcf, 0x3f]));
});

test('cosignatures: a witness cosigns, the log key and the witness key both open the note', () => {
  const log = generateKey('dauys.example/ledger');
  const w = generateKey('witness.example/w1', SIG_COSIGNATURE_V1);
  const w2 = generateKey('witness.example/w2', SIG_COSIGNATURE_V1);
  const note = signCheckpoint({ origin: 'dauys.example/ledger', size: 3, root: sha256(), extensions: [] }, [
    noteSigner(log.signerKey),
  ]);
  const body = note.slice(0, note.lastIndexOf('\n\n') + 1);
  const line = cosigner(w.signerKey).cosign(body, 1_700_000_000);
  const cosigned = note + line;
  const witnesses = [cosignatureVerifier(w.verifierKey), cosignatureVerifier(w2.verifierKey)];
  assert.deepEqual(checkCosignatures(cosigned, witnesses), {
    valid: [{ name: 'witness.example/w1', keyId: witnesses[0].keyId, time: 1_700_000_000 }],
    invalid: [],
  });
  const both = openNote(cosigned, [noteVerifier(log.verifierKey), ...witnesses]);
  assert.deepEqual(
    both.verified.map((s) => s.name),
    ['dauys.example/ledger', 'witness.example/w1'],
  );
  // A cosignature moved to another checkpoint, or with its time changed, does not verify.
  const other = signCheckpoint({ origin: 'dauys.example/ledger', size: 4, root: sha256(), extensions: [] }, [
    noteSigner(log.signerKey),
  ]);
  assert.deepEqual(checkCosignatures(other + line, witnesses).invalid, ['witness.example/w1']);
  const later = cosigner(w.signerKey).cosign(body, 1_700_000_001);
  const spliced = parseSignatureLine(line).signature;
  spliced.set(parseSignatureLine(later).signature.slice(0, 8), 0);
  assert.equal(witnesses[0].verify(new TextEncoder().encode(body), spliced), false);
  // A cosigner is a note Signer too, using its clock.
  const viaSigner = signNote(body, [noteSigner(log.signerKey), cosigner(w2.signerKey, () => 5)]);
  assert.deepEqual(
    checkCosignatures(viaSigner, witnesses).valid.map((v) => [v.name, v.time]),
    [['witness.example/w2', 5]],
  );
  // Type confusion is refused: a log key cannot cosign and a witness key cannot verify a log signature.
  assert.equal(
    reasonOf(() => cosigner(log.signerKey)),
    'key.unsupported',
  );
  assert.equal(
    reasonOf(() => noteVerifier(w.verifierKey)),
    'key.unsupported',
  );
});
