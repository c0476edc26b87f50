// C2SP signed-note: text ending in a newline, a blank line, then signature lines
// `— <key name> <base64(key id ‖ signature)>`. The text is everything up to the last blank line.
import { concat, fromBase64, toBase64, utf8 } from './bytes.ts';
import { bad } from './errors.ts';
import { isKeyName, type Signer, type Verifier } from './keys.ts';

const DASH = '\u2014 '; // em dash and space: the only accepted start of a signature line
/** Beyond the spec's floor of 16; a cap keeps a hostile note from costing unbounded verification. */
export const MAX_SIGNATURES = 100;
export const MAX_NOTE_BYTES = 1 << 20;

export interface NoteSignature {
  name: string;
  keyId: number;
  /** The bytes after the 4-byte key id. */
  signature: Uint8Array;
  /** The whole line, newline included, as it appeared (to copy cosignatures onward verbatim). */
  line: string;
}

export interface Note {
  text: string;
  signatures: NoteSignature[];
}

// Only newline among the ASCII controls; DEL is not a C0 control and is allowed by the spec.
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;

const checkText = (text: string) => {
  if (!text.endsWith('\n')) throw bad('note.bad_text', 'note text must end with a newline');
  if (CONTROL.test(text)) throw bad('note.bad_text', 'note text holds a control character other than newline');
  if (/\p{Surrogate}/u.test(text)) throw bad('note.bad_text', 'note text is not valid Unicode');
};

export const signatureLine = (name: string, keyId: number, signature: Uint8Array): string => {
  if (!isKeyName(name)) throw bad('note.bad_name', `key name ${JSON.stringify(name)} is not allowed`);
  const id = new Uint8Array(4);
  new DataView(id.buffer).setUint32(0, keyId);
  return `${DASH}${name} ${toBase64(concat(id, signature))}\n`;
};

/** Signs `text` with every signer (plus any signature lines already held, kept first). */
export const signNote = (text: string, signers: readonly Signer[], existing: readonly string[] = []): string => {
  checkText(text);
  const bytes = utf8(text);
  const lines = signers.map((s) => signatureLine(s.name, s.keyId, s.sign(bytes)));
  if (existing.length + lines.length === 0) throw bad('note.unsigned', 'a note needs at least one signature');
  return `${text}\n${existing.join('')}${lines.join('')}`;
};

export const parseSignatureLine = (line: string): NoteSignature => {
  const m = /^\u2014 (\S+) (\S+)\n$/u.exec(line);
  if (!m || !isKeyName(m[1])) throw bad('note.bad_signature_line', `malformed signature line ${JSON.stringify(line)}`);
  const raw = fromBase64(m[2]);
  if (!raw || raw.length < 5)
    throw bad('note.bad_signature_line', `signature of ${m[1]} is not base64 of id and signature`);
  return {
    name: m[1],
    keyId: new DataView(raw.buffer, raw.byteOffset).getUint32(0),
    signature: raw.slice(4),
    line,
  };
};

/** Splits a block of signature lines (each ending in a newline) into parsed signatures. */
export const parseSignatureLines = (block: string): NoteSignature[] => {
  if (block === '') return [];
  if (!block.endsWith('\n')) throw bad('note.bad_signature_line', 'signature lines must end with a newline');
  return block
    .slice(0, -1)
    .split('\n')
    .map((l) => parseSignatureLine(`${l}\n`));
};

/** Parses a note's structure without verifying anything. Bytes are checked to be UTF-8. */
export const parseNote = (note: string | Uint8Array): Note => {
  let s: string;
  if (typeof note === 'string') s = note;
  else {
    if (note.length > MAX_NOTE_BYTES) throw bad('note.too_large', `a note of ${note.length} bytes is too large`);
    try {
      s = new TextDecoder('utf-8', { fatal: true }).decode(note);
    } catch {
      throw bad('note.bad_text', 'note is not valid UTF-8');
    }
  }
  if (s.length > MAX_NOTE_BYTES) throw bad('note.too_large', 'note is too large');
  const split = s.lastIndexOf('\n\n');
  if (split < 0) throw bad('note.no_signatures', 'note has no blank line before its signatures');
  const text = s.slice(0, split + 1);
  checkText(text);
  const signatures = parseSignatureLines(s.slice(split + 2));
  if (signatures.length === 0) throw bad('note.no_signatures', 'note has no signature lines');
  if (signatures.length > MAX_SIGNATURES) throw bad('note.too_many_signatures', 'note has too many signatures');
  return { text, signatures };
};

export interface OpenedNote extends Note {
  /** Signatures that matched a known key and verified, in note order (one per key). */
  verified: (NoteSignature & { verifier: Verifier })[];
}

/**
 * Verifies a note against known keys. Unknown keys (name or id differing) are ignored, as the spec
 * requires, so witnesses and rotated keys can add lines; a known key whose signature fails rejects
 * the whole note; at least one known key must have signed.
 */
export const openNote = (note: string | Uint8Array, verifiers: readonly Verifier[]): OpenedNote => {
  const parsed = parseNote(note);
  const text = utf8(parsed.text);
  const verified: OpenedNote['verified'] = [];
  const seen = new Set<Verifier>();
  for (const sig of parsed.signatures) {
    const known = verifiers.filter((v) => v.name === sig.name && v.keyId === sig.keyId);
    if (known.length === 0) continue;
    const ok = known.find((v) => v.verify(text, sig.signature));
    if (!ok) throw bad('note.bad_signature', `the signature of ${sig.name} does not verify`);
    if (!seen.has(ok)) verified.push({ ...sig, verifier: ok });
    seen.add(ok);
  }
  if (verified.length === 0) throw bad('note.unverified', 'no known key signed this note');
  return { ...parsed, verified };
};
