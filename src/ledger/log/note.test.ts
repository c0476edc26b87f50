import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LedgerFormatError } from './errors.ts';
import {
  encodeKeyPair,
  generateKey,
  keyId,
  noteSigner,
  noteVerifier,
  parseSignerKey,
  parseVerifierKey,
  publicKeyOfSeed,
} from './keys.ts';
import { openNote, parseNote, signNote } from './note.ts';

const reasonOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof LedgerFormatError, String(e));
    return e.reason;
  }
  return 'no error';
};

// The example key and note published with Go's golang.org/x/mod/sumdb/note (and the signed-note spec's
// Rust port): Ed25519 is deterministic, so our signature must match byte for byte.
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';

test('known vector: the Go note example key signs exactly the published signature', () => {
  const k = parseSignerKey(PETER_SKEY);
  assert.equal(k.keyId, 0xc74f20a3);
  const pair = encodeKeyPair('PeterNeumann', 1, k.key);
  assert.equal(pair.signerKey, PETER_SKEY);
  assert.equal(keyId('PeterNeumann', 1, publicKeyOfSeed(k.key)), 0xc74f20a3);
  const note = signNote(PETER_TEXT, [noteSigner(PETER_SKEY)]);
  assert.equal(note, `${PETER_TEXT}\n${PETER_SIG}`);
  const opened = openNote(note, [noteVerifier(pair.verifierKey)]);
  assert.equal(opened.text, PETER_TEXT);
  assert.equal(opened.verified.length, 1);
});

test('verifier and signer key strings: format, id check, and refusal of damaged keys', () => {
  // A key whose id has a hex letter, so that its upper-case spelling below differs (ids of digits
  // only, about one key in 43, made this test fail now and then).
  let keys = generateKey('dauys.example/ledger');
  while (!/[a-f]/.test(keys.verifierKey.split('+')[1])) keys = generateKey('dauys.example/ledger');
  const { signerKey, verifierKey } = keys;
  assert.match(verifierKey, /^dauys\.example\/ledger\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
  assert.match(signerKey, /^PRIVATE\+KEY\+dauys\.example\/ledger\+[0-9a-f]{8}\+/);
  const v = parseVerifierKey(verifierKey);
  assert.equal(v.key.length, 32);
  assert.equal(v.type, 1);
  const [name, id] = verifierKey.split('+');
  const key = verifierKey.slice(name.length + id.length + 2);
  const otherId = ((parseInt(id, 16) + 1) >>> 0).toString(16).padStart(8, '0');
  assert.equal(
    reasonOf(() => parseVerifierKey(`${name}+${otherId}+${key}`)),
    'key.bad_id',
  );
  assert.equal(
    reasonOf(() => parseVerifierKey(`other.example+${id}+${key}`)),
    'key.bad_id',
  );
  assert.equal(
    reasonOf(() => parseVerifierKey(`${name}+${id}`)),
    'key.malformed',
  );
  assert.equal(
    reasonOf(() => parseVerifierKey(`${name}+${id.toUpperCase()}+${key}`)),
    'key.malformed',
  );
  assert.equal(
    reasonOf(() => parseVerifierKey(`${name}+${id}+${key.slice(4)}`)),
    'key.malformed',
  );
  assert.equal(
    reasonOf(() => parseSignerKey(verifierKey)),
    'key.malformed',
  );
  assert.equal(
    reasonOf(() => generateKey('has space')),
    'key.bad_name',
  );
  assert.equal(
    reasonOf(() => generateKey('')),
    'key.bad_name',
  );
  assert.equal(
    reasonOf(() => noteSigner(generateKey('w.example', 4).signerKey)),
    'key.unsupported',
  );
});

test('open: unknown signatures are tolerated, a bad known one rejects, none known rejects', () => {
  const log = generateKey('log.example');
  const other = generateKey('other.example');
  const text = 'log.example\n5\nAAAA\n';
  const note = signNote(text, [noteSigner(other.signerKey), noteSigner(log.signerKey)]);
  const opened = openNote(note, [noteVerifier(log.verifierKey)]);
  assert.deepEqual(
    opened.verified.map((s) => s.name),
    ['log.example'],
  );
  assert.equal(opened.signatures.length, 2);
  assert.equal(
    reasonOf(() => openNote(note, [])),
    'note.unverified',
  );
  // Same name, different key: its id differs, so it is an unknown key, not a failure.
  const imposter = generateKey('log.example');
  assert.equal(
    reasonOf(() => openNote(note, [noteVerifier(imposter.verifierKey)])),
    'note.unverified',
  );
  // A text edited after signing.
  assert.equal(
    reasonOf(() => openNote(note.replace('\n5\n', '\n6\n'), [noteVerifier(log.verifierKey)])),
    'note.bad_signature',
  );
  // A key rotation: old and new keys both known, either signature suffices.
  const rotated = generateKey('log.example');
  const both = [noteVerifier(log.verifierKey), noteVerifier(rotated.verifierKey)];
  assert.equal(openNote(signNote(text, [noteSigner(rotated.signerKey)]), both).verified.length, 1);
});

test('malformed notes are rejected with a reason', () => {
  const log = generateKey('log.example');
  const good = signNote('a\n\nb\n', [noteSigner(log.signerKey)]);
  assert.equal(parseNote(good).text, 'a\n\nb\n'); // text may hold blank lines; the last one separates
  const sigLine = good.slice(good.lastIndexOf('\n\n') + 2);
  const cases: [string, string][] = [
    ['no blank line\n' + sigLine, 'note.no_signatures'],
    ['text\n\n', 'note.no_signatures'],
    ['text\n\n' + sigLine.replace('\u2014', '-'), 'note.bad_signature_line'],
    ['text\n\n' + sigLine.replace('\u2014 ', '\u2014'), 'note.bad_signature_line'],
    ['text\n\n' + sigLine.slice(0, -1), 'note.bad_signature_line'],
    ['text\n\n' + sigLine.replace(/ (\S+)\n$/, ' !!!$1\n'), 'note.bad_signature_line'],
    ['text\n\n\u2014 log.example AAAA\n', 'note.bad_signature_line'],
    ['text\n\n' + sigLine + 'trailing', 'note.bad_signature_line'],
    ['te\u0007xt\n\n' + sigLine, 'note.bad_text'],
    ['te\rxt\n\n' + sigLine, 'note.bad_text'],
  ];
  for (const [n, reason] of cases)
    assert.equal(
      reasonOf(() => parseNote(n)),
      reason,
      JSON.stringify(n),
    );
  assert.equal(
    reasonOf(() => parseNote(new Uint8Array([0x61, 0xff, 0x0a, 0x0a]))),
    'note.bad_text',
  );
  assert.equal(
    reasonOf(() => signNote('no newline', [noteSigner(log.signerKey)])),
    'note.bad_text',
  );
  assert.equal(
    reasonOf(() => signNote('x\n', [])),
    'note.unsigned',
  );
});
