// C2SP tlog-cosignature, cosignature/v1 (Ed25519, signature type 0x04): a witness signs
// "cosignature/v1\ntime <secs>\n" + the checkpoint body, and the signature line carries the 8-byte
// big-endian timestamp before the 64-byte signature. The witness thereby states that, at that time,
// this was the largest consistent tree it had seen for the origin.
import { concat, utf8 } from './bytes.ts';
import { bad } from './errors.ts';
import {
  SIG_COSIGNATURE_V1,
  ed25519Sign,
  ed25519Verify,
  parseSignerKey,
  parseVerifierKey,
  type Signer,
  type Verifier,
} from './keys.ts';
import { parseNote, signatureLine } from './note.ts';

const MAX_TIME = 2n ** 63n - 1n;

export const cosignedMessage = (body: string, time: number): Uint8Array =>
  utf8(`cosignature/v1\ntime ${time}\n${body}`);

const timeBytes = (time: number): Uint8Array => {
  if (!Number.isSafeInteger(time) || time < 0) throw new RangeError(`bad cosignature time ${time}`);
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(time));
  return b;
};

export interface Cosigner extends Signer {
  /** The signature line for a checkpoint body at the given time (Unix seconds). */
  cosign(body: string, time: number): string;
}

/** A witness signer from a `PRIVATE+KEY+…` key of type 0x04; `now` gives Unix seconds. */
export const cosigner = (skey: string, now: () => number = () => Math.floor(Date.now() / 1000)): Cosigner => {
  const k = parseSignerKey(skey);
  if (k.type !== SIG_COSIGNATURE_V1) throw bad('key.unsupported', 'a cosigner needs a cosignature/v1 (0x04) key');
  const sigAt = (body: string, time: number) =>
    concat(timeBytes(time), ed25519Sign(k.key, cosignedMessage(body, time)));
  return {
    name: k.name,
    keyId: k.keyId,
    sign: (text) => sigAt(new TextDecoder().decode(text), now()),
    cosign: (body, time) => signatureLine(k.name, k.keyId, sigAt(body, time)),
  };
};

/** Reads the timestamp of a cosignature (the bytes after the key id), or null if it is not one. */
export const cosignatureTime = (signature: Uint8Array): number | null => {
  if (signature.length !== 8 + 64) return null;
  const t = new DataView(signature.buffer, signature.byteOffset).getBigUint64(0);
  return t > MAX_TIME || t > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(t);
};

/** A Verifier for a witness key (type 0x04): usable with openNote alongside the log's key. */
export const cosignatureVerifier = (vkey: string): Verifier => {
  const k = parseVerifierKey(vkey);
  if (k.type !== SIG_COSIGNATURE_V1) throw bad('key.unsupported', 'a cosignature verifier needs a 0x04 key');
  return {
    name: k.name,
    keyId: k.keyId,
    verify: (text, sig) => {
      const time = cosignatureTime(sig);
      if (time === null) return false;
      return ed25519Verify(k.key, cosignedMessage(new TextDecoder().decode(text), time), sig.slice(8));
    },
  };
};

export interface CosignatureCheck {
  /** Witnesses whose cosignature verified, with the time they signed. */
  valid: { name: string; keyId: number; time: number }[];
  /** Known witnesses whose line is present but does not verify (a sign of tampering or a bug). */
  invalid: string[];
}

/**
 * Checks a checkpoint note's cosignatures against witness keys. Unlike openNote this never throws
 * for a bad witness line: one broken cosignature should not hide the others; the caller applies its
 * quorum (and may refuse times too far in the future).
 */
export const checkCosignatures = (note: string | Uint8Array, witnesses: readonly Verifier[]): CosignatureCheck => {
  const { text, signatures } = parseNote(note);
  const bytes = utf8(text);
  const out: CosignatureCheck = { valid: [], invalid: [] };
  for (const w of witnesses) {
    const lines = signatures.filter((s) => s.name === w.name && s.keyId === w.keyId);
    const good = lines.find((s) => w.verify(bytes, s.signature));
    if (good) out.valid.push({ name: w.name, keyId: w.keyId, time: cosignatureTime(good.signature)! });
    else if (lines.length) out.invalid.push(w.name);
  }
  return out;
};
