// The testimony cryptography, shared by the browser bundle and the server's no-JavaScript fallback
// (libsodium in both). The server never holds a private key: it only seals to public keys.
//
// - Testimonies, messages and notes: crypto_box_seal (X25519 + XSalsa20-Poly1305) to the
//   organisation's public key; replies and publication drafts also to the survivor's public key.
// - Attachments: a random key per file, crypto_secretstream_xchacha20poly1305 in 64 KiB chunks;
//   the key travels inside the sealed testimony or message.
// - The receipt: 16 random digits. Argon2id(receipt) gives a seed; from the seed, crypto_kdf derives
//   the lookup value (sent to the server, which stores only its own Argon2id hash) and the survivor's
//   X25519 keypair (only its public half is stored).
// - Staff private keys are kept on the server only under a passphrase: Argon2id → crypto_secretbox.
import sodium from 'libsodium-wrappers-sumo';

export type Sodium = typeof sodium;
export const ready = async (): Promise<Sodium> => {
  await sodium.ready;
  return sodium;
};

export const CHUNK = 64 * 1024;
const HEADER = 24; // crypto_secretstream_xchacha20poly1305_HEADERBYTES
const ABYTES = 17; // crypto_secretstream_xchacha20poly1305_ABYTES
const SEALBYTES = 48; // crypto_box_SEALBYTES
/** Argon2id cost for turning a receipt into its seed (same in the browser and on the server). */
export const RECEIPT_KDF = { ops: 2, memKiB: 19 * 1024 } as const;
/** Argon2id cost for a staff passphrase. */
export const PASSPHRASE_KDF = { ops: 3, memKiB: 64 * 1024 } as const;
export const RECEIPT_DIGITS = 16;

const B64 = () => sodium.base64_variants.URLSAFE_NO_PADDING;
export const toB64 = (bytes: Uint8Array): string => sodium.to_base64(bytes, B64());
export const fromB64 = (text: string): Uint8Array => sodium.from_base64(text, B64());
export const isB64 = (text: unknown, min = 1, max = Infinity): text is string =>
  typeof text === 'string' && text.length >= min && text.length <= max && /^[A-Za-z0-9_-]+$/.test(text);

/** A uniformly random 16-digit receipt (about 53 bits). */
export function newReceipt(s: Sodium = sodium): string {
  let out = '';
  for (let i = 0; i < RECEIPT_DIGITS; i++) out += String(s.randombytes_uniform(10));
  return out;
}

/** Digits only, exactly 16 of them; spaces, dashes and dots people type are ignored. */
export function normaliseReceipt(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const digits = input.replace(/[\s\-.\u00a0]/g, '');
  return new RegExp(`^[0-9]{${RECEIPT_DIGITS}}$`).test(digits) ? digits : null;
}

export const formatReceipt = (r: string): string => r.replace(/(\d{4})(?=\d)/g, '$1 ');

export const receiptSalt = (s: Sodium = sodium): Uint8Array => s.crypto_generichash(16, 'dauys-receipt-v1', null);

/** Browser side: the receipt's Argon2id seed (libsodium). The server computes the same with @node-rs/argon2. */
export const receiptSeed = (receipt: string, s: Sodium = sodium): Uint8Array =>
  s.crypto_pwhash(
    32,
    receipt,
    receiptSalt(s),
    RECEIPT_KDF.ops,
    RECEIPT_KDF.memKiB * 1024,
    s.crypto_pwhash_ALG_ARGON2ID13,
  );

export interface ReceiptKeys {
  lookup: string; // base64url, 32 bytes
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

export function receiptKeys(seed: Uint8Array, s: Sodium = sodium): ReceiptKeys {
  const lookup = s.crypto_kdf_derive_from_key(32, 1, 'dauysrcp', seed);
  const kp = s.crypto_box_seed_keypair(s.crypto_kdf_derive_from_key(32, 2, 'dauysrcp', seed));
  return { lookup: toB64(lookup), publicKey: kp.publicKey, privateKey: kp.privateKey };
}

export const seal = (plaintext: string | Uint8Array, publicKey: Uint8Array, s: Sodium = sodium): string =>
  toB64(s.crypto_box_seal(plaintext, publicKey));

export function openSealed(sealed: string, publicKey: Uint8Array, privateKey: Uint8Array, s: Sodium = sodium): string {
  return s.to_string(s.crypto_box_seal_open(fromB64(sealed), publicKey, privateKey));
}

/** Structural check of a sealed box before it is stored: base64url, and within the size bounds. */
export function isSealed(value: unknown, maxPlainBytes: number): value is string {
  if (!isB64(value, 4, Math.ceil(((maxPlainBytes + SEALBYTES) * 4) / 3) + 4)) return false;
  const bytes = Math.floor((value.length * 3) / 4);
  return bytes > SEALBYTES;
}

/**
 * Encrypts a file in 64 KiB secretstream chunks: header ‖ chunk₁ ‖ … ‖ chunkₙ (the last one tagged
 * FINAL). `key` is chosen beforehand where the server seals a file only as it stores it (tell.routes.tsx).
 */
export function encryptFile(
  plain: Uint8Array,
  s: Sodium = sodium,
  key: Uint8Array = s.crypto_secretstream_xchacha20poly1305_keygen(),
): { key: string; data: Uint8Array } {
  const { state, header } = s.crypto_secretstream_xchacha20poly1305_init_push(key);
  const chunks = Math.max(1, Math.ceil(plain.length / CHUNK));
  const out = new Uint8Array(HEADER + plain.length + chunks * ABYTES);
  out.set(header, 0);
  let at = HEADER;
  for (let i = 0; i < chunks; i++) {
    const last = i === chunks - 1;
    const part = plain.subarray(i * CHUNK, Math.min(plain.length, (i + 1) * CHUNK));
    const c = s.crypto_secretstream_xchacha20poly1305_push(
      state,
      part,
      null,
      last ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
    );
    out.set(c, at);
    at += c.length;
  }
  return { key: toB64(key), data: out };
}

export function decryptFile(data: Uint8Array, key: string, s: Sodium = sodium): Uint8Array {
  if (!isFileCiphertextLength(data.length)) throw new Error('Not an encrypted attachment');
  const state = s.crypto_secretstream_xchacha20poly1305_init_pull(data.subarray(0, HEADER), fromB64(key));
  const parts: Uint8Array[] = [];
  let at = HEADER;
  let final = false;
  while (at < data.length) {
    const len = Math.min(CHUNK + ABYTES, data.length - at);
    const r = s.crypto_secretstream_xchacha20poly1305_pull(state, data.subarray(at, at + len), null);
    if (!r) throw new Error('Attachment chunk failed authentication');
    parts.push(r.message);
    at += len;
    final = r.tag === s.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    if (final && at !== data.length) throw new Error('Data after the final chunk');
  }
  if (!final) throw new Error('Attachment is truncated');
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** True when a ciphertext length fits the chunk layout (catches truncated uploads before decryption). */
export function isFileCiphertextLength(n: number): boolean {
  const body = n - HEADER;
  if (body < ABYTES) return false;
  const full = Math.floor(body / (CHUNK + ABYTES));
  const rest = body - full * (CHUNK + ABYTES);
  return rest === 0 ? full >= 1 : rest >= ABYTES;
}

export const fileCiphertextLength = (plainBytes: number) =>
  HEADER + plainBytes + Math.max(1, Math.ceil(plainBytes / CHUNK)) * ABYTES;

export interface WrappedSecret {
  v: 1;
  salt: string;
  ops: number;
  memKiB: number;
  nonce: string;
  box: string;
}

/** Encrypts a private key under a passphrase (Argon2id → crypto_secretbox). Runs in the browser. */
export function wrapSecret(secret: Uint8Array, passphrase: string, s: Sodium = sodium): WrappedSecret {
  const salt = s.randombytes_buf(s.crypto_pwhash_SALTBYTES);
  const key = s.crypto_pwhash(
    32,
    passphrase,
    salt,
    PASSPHRASE_KDF.ops,
    PASSPHRASE_KDF.memKiB * 1024,
    s.crypto_pwhash_ALG_ARGON2ID13,
  );
  const nonce = s.randombytes_buf(s.crypto_secretbox_NONCEBYTES);
  return {
    v: 1,
    salt: toB64(salt),
    ops: PASSPHRASE_KDF.ops,
    memKiB: PASSPHRASE_KDF.memKiB,
    nonce: toB64(nonce),
    box: toB64(s.crypto_secretbox_easy(secret, nonce, key)),
  };
}

/** Null when the passphrase is wrong. */
export function unwrapSecret(w: WrappedSecret, passphrase: string, s: Sodium = sodium): Uint8Array | null {
  const key = s.crypto_pwhash(32, passphrase, fromB64(w.salt), w.ops, w.memKiB * 1024, s.crypto_pwhash_ALG_ARGON2ID13);
  try {
    return s.crypto_secretbox_open_easy(fromB64(w.box), fromB64(w.nonce), key);
  } catch {
    return null;
  }
}

export function isWrappedSecret(v: unknown): v is WrappedSecret {
  const w = v as WrappedSecret;
  return (
    !!w &&
    w.v === 1 &&
    isB64(w.salt, 20, 24) &&
    isB64(w.nonce, 30, 34) &&
    isB64(w.box, 60, 80) &&
    Number.isInteger(w.ops) &&
    w.ops >= 2 &&
    w.ops <= 10 &&
    Number.isInteger(w.memKiB) &&
    w.memKiB >= 19456 &&
    w.memKiB <= 1048576
  );
}

export const isPublicKey = (v: unknown): v is string => isB64(v, 43, 43);
/** SHA-256 would do too; BLAKE2b keeps the whole thing in one library. Hex, 64 characters. */
export const digest = (text: string, s: Sodium = sodium): string => s.to_hex(s.crypto_generichash(32, text, null));
