// Signed-note keys (C2SP signed-note): Ed25519 through node:crypto, with the text encodings Go's
// sumdb/note made common — verifier keys `<name>+<hex id>+<base64(type‖public key)>` and signer
// keys `PRIVATE+KEY+<name>+<hex id>+<base64(type‖seed)>` — so keys move between tools unchanged.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { concat, fromBase64, sha256, toBase64, utf8 } from './bytes.ts';
import { bad } from './errors.ts';

/** Signature type bytes from the signed-note registry that this log uses. */
export const SIG_ED25519 = 0x01;
export const SIG_COSIGNATURE_V1 = 0x04;

export interface Signer {
  name: string;
  keyId: number;
  sign(text: Uint8Array): Uint8Array;
}

export interface Verifier {
  name: string;
  keyId: number;
  /** `signature` is what follows the 4-byte key id in a signature line. */
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

// Key names: non-empty, no Unicode whitespace, no plus (it separates the fields of key strings).
const NAME_FORBIDDEN = /[\s\p{Z}+\p{Cc}]/u;
export const isKeyName = (name: string): boolean => name.length > 0 && !NAME_FORBIDDEN.test(name);

const checkName = (name: string) => {
  if (!isKeyName(name)) throw bad('key.bad_name', `key name ${JSON.stringify(name)} is empty or has a space or "+"`);
};

/** key ID = SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], big-endian. */
export const keyId = (name: string, type: number, publicKey: Uint8Array): number =>
  Buffer.from(sha256(utf8(name), new Uint8Array([0x0a, type]), publicKey)).readUInt32BE(0);

const hexId = (id: number) => id.toString(16).padStart(8, '0');

// DER wrappers for raw Ed25519 keys (RFC 8410): node:crypto imports keys only in DER, PEM or JWK.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const privateFromSeed = (seed: Uint8Array): KeyObject =>
  createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
const publicFromRaw = (raw: Uint8Array): KeyObject =>
  createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
const rawPublic = (key: KeyObject): Uint8Array =>
  new Uint8Array(Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url'));

export const ed25519Sign = (seed: Uint8Array, message: Uint8Array): Uint8Array =>
  new Uint8Array(sign(null, message, privateFromSeed(seed)));

export const ed25519Verify = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean => {
  if (signature.length !== 64) return false;
  try {
    return verify(null, message, publicFromRaw(publicKey), signature);
  } catch {
    return false;
  }
};

export const publicKeyOfSeed = (seed: Uint8Array): Uint8Array => rawPublic(createPublicKey(privateFromSeed(seed)));

export interface KeyPair {
  /** `PRIVATE+KEY+…`: a secret, to be sealed at rest by the caller. */
  signerKey: string;
  /** `<name>+<id>+<key>`: public, served at /ledger/vkey. */
  verifierKey: string;
}

/** A fresh Ed25519 key of the given signature type (0x01 for a log, 0x04 for a witness). */
export const generateKey = (name: string, type: number = SIG_ED25519): KeyPair => {
  checkName(name);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = new Uint8Array(Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url'));
  return encodeKeyPair(name, type, seed);
};

export const encodeKeyPair = (name: string, type: number, seed: Uint8Array): KeyPair => {
  checkName(name);
  const pub = publicKeyOfSeed(seed);
  const id = hexId(keyId(name, type, pub));
  return {
    signerKey: `PRIVATE+KEY+${name}+${id}+${toBase64(concat(new Uint8Array([type]), seed))}`,
    verifierKey: `${name}+${id}+${toBase64(concat(new Uint8Array([type]), pub))}`,
  };
};

export interface ParsedKey {
  name: string;
  keyId: number;
  type: number;
  /** The public key (verifier keys) or the 32-byte seed (signer keys). */
  key: Uint8Array;
}

// Split on the first two pluses only: the base64 key material may itself contain '+'.
const splitKey = (text: string): string[] => {
  const a = text.indexOf('+');
  const b = a < 0 ? -1 : text.indexOf('+', a + 1);
  return b < 0 ? [text] : [text.slice(0, a), text.slice(a + 1, b), text.slice(b + 1)];
};

const parseKeyFields = (text: string, what: string): ParsedKey => {
  const fields = splitKey(text);
  const [name, id, material] = fields;
  if (fields.length !== 3 || !isKeyName(name)) throw bad('key.malformed', `${what}: expected name+id+key`);
  if (!/^[0-9a-f]{8}$/.test(id)) throw bad('key.malformed', `${what}: the key id must be 8 lowercase hex digits`);
  const bytes = fromBase64(material);
  if (!bytes || bytes.length !== 33) throw bad('key.malformed', `${what}: the key must be base64 of 33 bytes`);
  return { name, keyId: parseInt(id, 16), type: bytes[0], key: bytes.slice(1) };
};

/** Parses a verifier key and checks its id matches its name and key (a typo must not pass). */
export const parseVerifierKey = (vkey: string): ParsedKey => {
  const k = parseKeyFields(vkey.trim(), 'verifier key');
  if (k.type !== SIG_ED25519 && k.type !== SIG_COSIGNATURE_V1)
    throw bad('key.unsupported', `verifier key type 0x${k.type.toString(16)} is not supported`);
  if (keyId(k.name, k.type, k.key) !== k.keyId) throw bad('key.bad_id', 'verifier key id does not match its key');
  return k;
};

export const parseSignerKey = (skey: string): ParsedKey => {
  const text = skey.trim();
  if (!text.startsWith('PRIVATE+KEY+')) throw bad('key.malformed', 'signer key must start PRIVATE+KEY+');
  const k = parseKeyFields(text.slice('PRIVATE+KEY+'.length), 'signer key');
  if (k.type !== SIG_ED25519 && k.type !== SIG_COSIGNATURE_V1)
    throw bad('key.unsupported', `signer key type 0x${k.type.toString(16)} is not supported`);
  if (keyId(k.name, k.type, publicKeyOfSeed(k.key)) !== k.keyId)
    throw bad('key.bad_id', 'signer key id does not match its key');
  return k;
};

/** A plain Ed25519 note signer (type 0x01): the log's checkpoint key. */
export const noteSigner = (skey: string): Signer => {
  const k = parseSignerKey(skey);
  if (k.type !== SIG_ED25519) throw bad('key.unsupported', 'a note signer needs an Ed25519 (0x01) key');
  return { name: k.name, keyId: k.keyId, sign: (text) => ed25519Sign(k.key, text) };
};

/** A plain Ed25519 note verifier (type 0x01). */
export const noteVerifier = (vkey: string): Verifier => {
  const k = parseVerifierKey(vkey);
  if (k.type !== SIG_ED25519) throw bad('key.unsupported', 'a note verifier needs an Ed25519 (0x01) key');
  return { name: k.name, keyId: k.keyId, verify: (text, sig) => ed25519Verify(k.key, text, sig) };
};

export const formatKeyId = hexId;
