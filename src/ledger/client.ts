// The ledger's checks in the browser, with WebCrypto only (no node: imports: src/client bundles this
// file). A reader's browser checks the checkpoint's Ed25519 signature against the verifier key, an
// entry's RFC 9162 inclusion proof against the checkpoint's root, and opens a donor's receipt code.
// Where the browser has no Ed25519 in WebCrypto it says so rather than pretending.

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
const enc = new TextEncoder();

export const utf8 = (s: string): Uint8Array => enc.encode(s);

export function fromBase64(s: string): Uint8Array {
  const bin = atob(
    s
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(s.length / 4) * 4, '='),
  );
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** A hash written as 64 hex digits or as base64 (the log's APIs may use either). */
export function decodeHash(s: string): Uint8Array {
  const t = s.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return new Uint8Array(t.match(/../g)!.map((h) => parseInt(h, 16)));
  return fromBase64(t);
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', concat(...parts) as BufferSource));
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export const leafHash = (entry: Uint8Array) => sha256(new Uint8Array([0]), entry);
const nodeHash = (l: Uint8Array, r: Uint8Array) => sha256(new Uint8Array([1]), l, r);

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or null when the proof is malformed. */
export async function rootFromProof(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: Uint8Array[],
): Promise<Uint8Array | null> {
  if (index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else r = await nodeHash(r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export interface ParsedCheckpoint {
  origin: string;
  size: number;
  root: Uint8Array;
}

/** Splits a signed note into its text and signature lines (C2SP signed-note). */
export function splitNote(
  note: string,
): { text: string; signatures: Array<{ name: string; blob: Uint8Array }> } | null {
  const at = note.lastIndexOf('\n\n');
  if (at < 0) return null;
  const text = note.slice(0, at + 1);
  const signatures = [];
  for (const line of note.slice(at + 2).split('\n')) {
    if (!line) continue;
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) return null;
    signatures.push({ name: m[1], blob: fromBase64(m[2]) });
  }
  return { text, signatures };
}

export function parseCheckpointText(text: string): ParsedCheckpoint | null {
  const lines = text.split('\n');
  if (lines.length < 4 || !/^(0|[1-9]\d*)$/.test(lines[1])) return null;
  const root = fromBase64(lines[2]);
  return root.length === 32 ? { origin: lines[0], size: Number(lines[1]), root } : null;
}

/** A verifier key `name+hexid+base64(0x01 ‖ key)`. */
export function parseVkey(vkey: string): { name: string; id: Uint8Array; key: Uint8Array } | null {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(vkey.trim());
  if (!m) return null;
  const raw = fromBase64(m[3]);
  if (raw.length !== 33 || raw[0] !== 0x01) return null;
  return { name: m[1], id: new Uint8Array(m[2].match(/../g)!.map((h) => parseInt(h, 16))), key: raw.slice(1) };
}

export type SignatureCheck = 'valid' | 'invalid' | 'unsupported';

/** Whether any of the log's keys signed this note; 'unsupported' when the browser lacks Ed25519. */
export async function checkNoteSignature(note: string, vkeys: string[]): Promise<SignatureCheck> {
  const parts = splitNote(note);
  if (!parts) return 'invalid';
  for (const vk of vkeys) {
    const k = parseVkey(vk);
    if (!k) continue;
    for (const s of parts.signatures) {
      if (s.name !== k.name || s.blob.length !== 68 || !equal(s.blob.slice(0, 4), k.id)) continue;
      let key: CryptoKey;
      try {
        key = await subtle().importKey('raw', k.key as BufferSource, { name: 'Ed25519' }, false, ['verify']);
      } catch {
        return 'unsupported';
      }
      const ok = await subtle().verify(
        'Ed25519',
        key,
        s.blob.slice(4) as BufferSource,
        utf8(parts.text) as BufferSource,
      );
      if (ok) return 'valid';
    }
  }
  return 'invalid';
}

export interface ProofInput {
  json: string;
  index: number;
  proof: string[];
  checkpoint: string;
  keys: string[];
  origin: string;
}

export interface ProofResult {
  signature: SignatureCheck;
  /** The entry is in the tree the checkpoint names. */
  included: boolean;
  size: number;
}

/** Everything a reader needs checked about one entry, from what the page or the API gave. */
export async function checkEntry(p: ProofInput): Promise<ProofResult> {
  const parts = splitNote(p.checkpoint);
  const cp = parts && parseCheckpointText(parts.text);
  if (!cp || cp.origin !== p.origin) return { signature: 'invalid', included: false, size: 0 };
  const signature = await checkNoteSignature(p.checkpoint, p.keys);
  const root = await rootFromProof(p.index, cp.size, await leafHash(utf8(p.json)), p.proof.map(decodeHash));
  return { signature, included: !!root && equal(root, cp.root), size: cp.size };
}

/** The commitment a receipt code `D1.<salt>.<reference>` opens (hex), or null for another text. */
export async function receiptCommitment(code: string): Promise<string | null> {
  const m = /^D1\.([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{1,400})$/.exec(code.replace(/\s+/g, ''));
  if (!m) return null;
  const salt = fromBase64(m[1]);
  if (salt.length !== 32) return null;
  const reference = new TextDecoder().decode(fromBase64(m[2])).normalize('NFC');
  return toHex(await sha256(salt, utf8(reference)));
}
