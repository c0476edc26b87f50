// Small byte helpers shared by the log core. Hashes are Uint8Array (Buffer is a subclass, so Node
// callers can pass either); base64 is standard RFC 4648 §4 with padding, as the C2SP specs require.
import { createHash } from 'node:crypto';

export const HASH_SIZE = 32;

export const sha256 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

export const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

export const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
};

export const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export const toBase64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64');

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64: Node's decoder silently skips junk, which would let two texts mean one value. */
export const fromBase64 = (s: string): Uint8Array | null => {
  if (!BASE64.test(s)) return null;
  const b = new Uint8Array(Buffer.from(s, 'base64'));
  // Reject non-canonical trailing bits, so each value has exactly one spelling.
  return toBase64(b) === s ? b : null;
};

export const toHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');
export const fromHex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
