// The archive's outer layer: a small plaintext header, then the data in chunks sealed with libsodium's
// crypto_secretstream_xchacha20poly1305 under a key derived from the passphrase with Argon2id.
//
//   header (74 bytes, bound as additional data to every chunk):
//     "DAUYSBAK" | version u8 | kdf u8 (1 = Argon2id v1.3) | opslimit u32 BE | memlimit u32 BE (bytes)
//     | salt (16) | key check (16) | secretstream header (24)
//   then chunks: ciphertext length u32 BE | ciphertext; the last chunk carries TAG_FINAL.
//
// The key check (a keyed BLAKE2b of a fixed text) tells a wrong passphrase apart from a damaged file
// before anything is decrypted. Each chunk authenticates itself, its place in the stream and the header;
// an archive cut off anywhere lacks its final tag, so a short file is refused, never read as complete.
import sodium from 'libsodium-wrappers-sumo';
import { AppError } from '../core/errors.ts';

const MAGIC = Buffer.from('DAUYSBAK', 'latin1');
export const FORMAT_VERSION = 1;
const KDF_ARGON2ID13 = 1;
const SALT = 16;
const CHECK = 16;
const SS_HEADER = 24;
const ABYTES = 17;
export const HEADER_BYTES = MAGIC.length + 2 + 8 + SALT + CHECK + SS_HEADER;
/** Plaintext per chunk: big enough that sealing costs little per byte, small enough to keep memory flat. */
export const CHUNK = 256 * 1024;
const MAX_CIPHER = CHUNK + ABYTES;

export interface KdfCost {
  ops: number;
  /** Bytes of memory Argon2id uses. */
  mem: number;
}
/** 3 passes over 64 MiB (the cost RFC 9106 recommends for memory-constrained use): about 0.3 s here. */
export const DEFAULT_KDF: KdfCost = { ops: 3, mem: 64 * 1024 * 1024 };
// A crafted header must not make a restore spend minutes or gigabytes before it is refused.
const MAX_KDF: KdfCost = { ops: 16, mem: 1024 * 1024 * 1024 };

export const sodiumReady = async (): Promise<typeof sodium> => {
  await sodium.ready;
  return sodium;
};

function deriveKey(s: typeof sodium, passphrase: string, salt: Uint8Array, kdf: KdfCost) {
  const key = s.crypto_pwhash(32, passphrase, salt, kdf.ops, kdf.mem, s.crypto_pwhash_ALG_ARGON2ID13);
  const check = s.crypto_generichash(CHECK, 'dauys backup key check', key);
  return { key, check };
}

/** Seals a byte stream: `push` plaintext as it comes, `finish` once. Emits header and chunks to `emit`. */
export class SealingStream {
  private state: ReturnType<typeof sodium.crypto_secretstream_xchacha20poly1305_init_push>['state'];
  private readonly header: Buffer;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private constructor(
    private readonly s: typeof sodium,
    key: Uint8Array,
    header: Buffer,
    private readonly emit: (bytes: Buffer) => Promise<void>,
  ) {
    const { state, header: ssHeader } = s.crypto_secretstream_xchacha20poly1305_init_push(key);
    this.state = state;
    header.set(ssHeader, HEADER_BYTES - SS_HEADER);
    this.header = header;
  }

  static async open(passphrase: string, emit: (bytes: Buffer) => Promise<void>, kdf = DEFAULT_KDF) {
    const s = await sodiumReady();
    const salt = s.randombytes_buf(SALT);
    const { key, check } = deriveKey(s, passphrase, salt, kdf);
    const header = Buffer.alloc(HEADER_BYTES);
    MAGIC.copy(header, 0);
    let at = MAGIC.length;
    header[at++] = FORMAT_VERSION;
    header[at++] = KDF_ARGON2ID13;
    header.writeUInt32BE(kdf.ops, at);
    header.writeUInt32BE(kdf.mem, at + 4);
    at += 8;
    header.set(salt, at);
    header.set(check, at + SALT);
    const stream = new SealingStream(s, key, header, emit);
    s.memzero(key);
    await emit(stream.header);
    return stream;
  }

  /** Adds plaintext; seals and emits a chunk whenever enough has gathered. */
  async push(bytes: Buffer): Promise<void> {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    while (this.pendingBytes >= CHUNK) await this.seal(false);
  }

  /** Seals what is left as the final chunk (possibly empty). */
  async finish(): Promise<void> {
    while (this.pendingBytes > CHUNK) await this.seal(false);
    await this.seal(true);
  }

  private async seal(final: boolean): Promise<void> {
    const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    const plain = all.subarray(0, Math.min(CHUNK, all.length));
    const rest = all.subarray(plain.length);
    this.pending = rest.length ? [rest] : [];
    this.pendingBytes = rest.length;
    const tag = final
      ? this.s.crypto_secretstream_xchacha20poly1305_TAG_FINAL
      : this.s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    const cipher = this.s.crypto_secretstream_xchacha20poly1305_push(this.state, plain, this.header, tag);
    const framed = Buffer.allocUnsafe(4 + cipher.length);
    framed.writeUInt32BE(cipher.length, 0);
    framed.set(cipher, 4);
    await this.emit(framed);
  }
}

const fail = (
  code:
    'BACKUP_NOT_AN_ARCHIVE' | 'BACKUP_NEWER_FORMAT' | 'BACKUP_WRONG_PASSPHRASE' | 'BACKUP_DAMAGED' | 'BACKUP_TRUNCATED',
) => new AppError(code);

/**
 * Opens a sealed archive and yields its plaintext chunk by chunk. Throws BACKUP_WRONG_PASSPHRASE before
 * yielding anything; BACKUP_DAMAGED or BACKUP_TRUNCATED at the first chunk that does not authenticate
 * or when the input ends before the final tag. The consumer must not treat what it has read as
 * complete until the generator has returned.
 */
export async function* openSealed(input: AsyncIterable<Buffer>, passphrase: string): AsyncGenerator<Buffer> {
  const source = input[Symbol.asyncIterator]();
  try {
    yield* pull(source, passphrase);
  } finally {
    // Closes the file whether the archive was read to its end, refused, or abandoned by the reader.
    await source.return?.();
  }
}

async function* pull(source: AsyncIterator<Buffer>, passphrase: string): AsyncGenerator<Buffer> {
  const s = await sodiumReady();
  let buf: Buffer = Buffer.alloc(0);
  let ended = false;
  // Reads until `n` bytes are buffered; false when the input ends first.
  const fill = async (n: number): Promise<boolean> => {
    while (buf.length < n && !ended) {
      const next = await source.next();
      if (next.done) ended = true;
      else buf = buf.length ? Buffer.concat([buf, next.value]) : next.value;
    }
    return buf.length >= n;
  };
  if (!(await fill(HEADER_BYTES)))
    throw buf.length >= MAGIC.length && buf.subarray(0, MAGIC.length).equals(MAGIC)
      ? fail('BACKUP_TRUNCATED')
      : fail('BACKUP_NOT_AN_ARCHIVE');
  const header = Buffer.from(buf.subarray(0, HEADER_BYTES));
  buf = buf.subarray(HEADER_BYTES);
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw fail('BACKUP_NOT_AN_ARCHIVE');
  let at = MAGIC.length;
  if (header[at++] !== FORMAT_VERSION) throw fail('BACKUP_NEWER_FORMAT');
  if (header[at++] !== KDF_ARGON2ID13) throw fail('BACKUP_DAMAGED');
  const kdf = { ops: header.readUInt32BE(at), mem: header.readUInt32BE(at + 4) };
  at += 8;
  if (kdf.ops < 1 || kdf.ops > MAX_KDF.ops || kdf.mem < 8192 || kdf.mem > MAX_KDF.mem) throw fail('BACKUP_DAMAGED');
  const salt = header.subarray(at, at + SALT);
  const check = header.subarray(at + SALT, at + SALT + CHECK);
  const { key, check: expected } = deriveKey(s, passphrase, salt, kdf);
  if (!s.memcmp(check, expected)) throw fail('BACKUP_WRONG_PASSPHRASE');
  const state = s.crypto_secretstream_xchacha20poly1305_init_pull(header.subarray(HEADER_BYTES - SS_HEADER), key);
  s.memzero(key);
  for (;;) {
    if (!(await fill(4))) throw fail('BACKUP_TRUNCATED');
    const length = buf.readUInt32BE(0);
    if (length < ABYTES || length > MAX_CIPHER) throw fail('BACKUP_DAMAGED');
    if (!(await fill(4 + length))) throw fail('BACKUP_TRUNCATED');
    const cipher = buf.subarray(4, 4 + length);
    buf = buf.subarray(4 + length);
    let opened: { message: Uint8Array; tag: number } | false;
    try {
      opened = s.crypto_secretstream_xchacha20poly1305_pull(state, cipher, header);
    } catch {
      opened = false;
    }
    if (!opened) throw fail('BACKUP_DAMAGED');
    const final = opened.tag === s.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    if (final && (buf.length > 0 || (await fill(1)))) throw fail('BACKUP_DAMAGED');
    if (opened.message.length)
      yield Buffer.from(opened.message.buffer, opened.message.byteOffset, opened.message.length);
    if (final) return;
  }
}
