// The QUT coordination-network-toolkit's preprocessed CSV layout, read as a byte stream:
// `message_id,user_id,username,repost_id,reply_id,message,timestamp,urls` (columns found by their
// header names, in any order, extra columns ignored), UTF-8 with or without a byte-order mark,
// RFC 4180 quoting (commas, quotes and newlines in quoted fields), LF or CRLF line ends, Unix
// seconds (decimals accepted), urls separated by spaces. A bad row is rejected with the line it
// starts on and a reason code, and reading goes on; a missing or incomplete header stops it.
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { MessageSetBuilder, type MessageSet } from './message-set.ts';
import type { RunOptions } from './run.ts';

export const COLUMNS = ['message_id', 'user_id', 'username', 'repost_id', 'reply_id', 'message', 'timestamp', 'urls'];

export const CSV_REJECT_REASONS = [
  'bad_csv',
  'wrong_columns',
  'bad_encoding',
  'no_id',
  'no_user',
  'bad_time',
  'duplicate_id',
] as const;
export type CsvRejectReason = (typeof CSV_REJECT_REASONS)[number];

export interface CsvReject {
  line: number;
  reason: CsvRejectReason;
  detail: string;
}

/** The file cannot be used at all (the command exits non-zero). */
export class CoordinationInputError extends Error {
  constructor(
    readonly code: 'unreadable' | 'bad_header' | 'empty',
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

export interface CsvResult {
  set: MessageSet;
  /** Data rows read (blank lines aside). */
  read: number;
  rejected: number;
  reasons: Partial<Record<CsvRejectReason, number>>;
  /** The first `maxRejects` rejects, in file order. */
  rejects: CsvReject[];
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
/** A quoted field still open after this many bytes is taken for a stray quote: the row is rejected. */
const MAX_RECORD = 1024 * 1024;

/** Unix seconds from bytes: digits with an optional fraction, spaces around allowed; NaN otherwise. */
function seconds(b: Buffer, s: number, e: number): number {
  while (s < e && b[s] === 0x20) s++;
  while (e > s && b[e - 1] === 0x20) e--;
  if (s === e) return NaN;
  let v = 0;
  let i = s;
  for (; i < e && b[i] >= 0x30 && b[i] <= 0x39; i++) v = v * 10 + (b[i] - 0x30);
  if (i === s) return NaN;
  if (i < e && b[i] === 0x2e) {
    let scale = 0.1;
    for (i++; i < e && b[i] >= 0x30 && b[i] <= 0x39; i++, scale /= 10) v += (b[i] - 0x30) * scale;
  }
  return i === e ? v : NaN;
}

class Parser {
  private fs = new Int32Array(64);
  private fe = new Int32Array(64);
  private esc = new Uint8Array(64);
  nf = 0;
  /** Newlines inside the record (quoted), to keep line numbers right. */
  inner = 0;
  bad = '';

  /**
   * Parses the record at `s`: returns the offset after it, or -1 when the buffer ends first (and
   * more may come), -2 when a quoted field never closes (only reported on the final buffer or
   * after MAX_RECORD bytes).
   */
  record(b: Buffer, s: number, final: boolean): number {
    const len = b.length;
    let i = s;
    this.nf = 0;
    this.inner = 0;
    this.bad = '';
    for (;;) {
      if (this.nf === this.fs.length) {
        const grow = (a: Int32Array) => Int32Array.from({ length: a.length * 2 }, (_, k) => a[k] ?? 0);
        this.fs = grow(this.fs);
        this.fe = grow(this.fe);
        const e = new Uint8Array(this.esc.length * 2);
        e.set(this.esc);
        this.esc = e;
      }
      const f = this.nf;
      this.esc[f] = 0;
      if (i < len && b[i] === QUOTE) {
        i++;
        this.fs[f] = i;
        for (;;) {
          if (i >= len) return final || i - s > MAX_RECORD ? -2 : -1;
          const c = b[i];
          if (c === QUOTE) {
            if (i + 1 >= len && !final) return -1;
            if (b[i + 1] === QUOTE) {
              this.esc[f] = 1;
              i += 2;
              continue;
            }
            break;
          }
          if (c === LF) this.inner++;
          i++;
        }
        this.fe[f] = i;
        i++;
        // After the closing quote: a delimiter, else the row is malformed (text read up to it).
        if (i + 1 >= len && !final) return -1;
        if (i < len && b[i] !== COMMA && b[i] !== LF && !(b[i] === CR && b[i + 1] === LF)) {
          if (!this.bad) this.bad = 'text after a closing quote';
          while (i < len && b[i] !== COMMA && b[i] !== LF) i++;
        }
      } else {
        this.fs[f] = i;
        while (i < len && b[i] !== COMMA && b[i] !== LF) i++;
        this.fe[f] = i > this.fs[f] && b[i - 1] === CR && (i === len || b[i] === LF) ? i - 1 : i;
      }
      this.nf++;
      if (i >= len) {
        if (!final) return -1;
        return len;
      }
      if (b[i] === COMMA) {
        i++;
        continue;
      }
      if (b[i] === CR) i++;
      return i + 1; // the LF
    }
  }

  field(b: Buffer, f: number): string {
    const s = b.toString('utf8', this.fs[f], this.fe[f]);
    return this.esc[f] ? s.replace(/""/g, '"') : s;
  }
  start(f: number) {
    return this.fs[f];
  }
  end(f: number) {
    return this.fe[f];
  }
  escaped(f: number) {
    return this.esc[f] === 1;
  }
}

/** Reads the layout from any byte stream (a file, an upload). */
export async function readQutCsvStream(
  chunks: AsyncIterable<Buffer | Uint8Array>,
  opts: RunOptions & { maxRejects?: number; size?: number } = {},
): Promise<CsvResult> {
  const maxRejects = opts.maxRejects ?? 10_000;
  const builder = new MessageSetBuilder();
  const p = new Parser();
  const seen = new Set<string>();
  const rejects: CsvReject[] = [];
  const reasons: Partial<Record<CsvRejectReason, number>> = {};
  let rejected = 0;
  let read = 0;
  let line = 1;
  let col: Record<string, number> | null = null;
  let headerCount = 0;
  let carry: Buffer | null = null;
  let first = true;
  let bytes = 0;
  let lastReport = performance.now();
  const reject = (at: number, reason: CsvRejectReason, detail = '') => {
    rejected++;
    reasons[reason] = (reasons[reason] ?? 0) + 1;
    if (rejects.length < maxRejects) rejects.push({ line: at, reason, detail: detail.slice(0, 200) });
  };
  const links: number[] = [];

  const row = (b: Buffer, at: number) => {
    if (!col) {
      const names = Array.from({ length: p.nf }, (_, f) => p.field(b, f).trim().toLowerCase());
      const missing = COLUMNS.filter((c) => !names.includes(c));
      if (missing.length) throw new CoordinationInputError('bad_header', missing.join(', '));
      col = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)]));
      headerCount = p.nf;
      return;
    }
    if (p.nf === 1 && p.start(0) === p.end(0)) return; // a blank line
    read++;
    if (p.bad) return reject(at, 'bad_csv', p.bad);
    if (p.nf !== headerCount) return reject(at, 'wrong_columns', `${p.nf}/${headerCount}`);
    if (!isUtf8(b.subarray(p.start(0), p.end(p.nf - 1)))) return reject(at, 'bad_encoding');
    const c = col;
    const id = p.field(b, c.message_id).trim();
    if (!id) return reject(at, 'no_id');
    const userId = p.field(b, c.user_id).trim();
    if (!userId) return reject(at, 'no_user');
    const t = seconds(b, p.start(c.timestamp), p.end(c.timestamp));
    if (!(t >= 0) || t > 1e11) return reject(at, 'bad_time', p.field(b, c.timestamp).slice(0, 40));
    if (seen.has(id)) return reject(at, 'duplicate_id', id);
    seen.add(id);
    const repost = p.field(b, c.repost_id).trim();
    const reply = p.field(b, c.reply_id).trim();
    builder.begin(
      id,
      builder.userId(userId, p.field(b, c.username).trim()),
      t,
      repost ? builder.repostKeys.id(repost) : -1,
      reply ? builder.replyKeys.id(reply) : -1,
    );
    const m = c.message;
    if (p.escaped(m)) builder.text.push(p.field(b, m));
    else builder.text.pushBytes(b, p.start(m), p.end(m));
    links.length = 0;
    if (p.end(c.urls) > p.start(c.urls))
      for (const u of p.field(b, c.urls).split(/\s+/)) if (u) links.push(builder.linkId(u));
    builder.endLinks(links);
  };

  const consume = (b: Buffer, final: boolean): Buffer | null => {
    let s = 0;
    while (s < b.length) {
      const next = p.record(b, s, final);
      if (next === -1) return b.subarray(s);
      if (next === -2) {
        // A quote that never closes: reject its row and read on from the next line.
        if (!col) throw new CoordinationInputError('bad_header', 'unterminated quote');
        read++;
        reject(line, 'bad_csv', 'unterminated quote');
        const nl = b.indexOf(LF, s);
        if (nl < 0) return null;
        s = nl + 1;
        line++;
        continue;
      }
      row(b, line);
      line += 1 + p.inner;
      s = next;
    }
    return null;
  };

  for await (const raw of chunks) {
    let chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    bytes += chunk.length;
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    carry = consume(carry ? Buffer.concat([carry, chunk]) : chunk, false);
    if (performance.now() - lastReport > 100) {
      lastReport = performance.now();
      opts.onProgress?.({ stage: 'read', done: bytes, total: opts.size ?? 0 });
      opts.signal?.throwIfAborted();
    }
  }
  if (carry) consume(carry, true);
  if (!col) throw new CoordinationInputError(first ? 'empty' : 'bad_header', COLUMNS.join(', '));
  opts.onProgress?.({ stage: 'read', done: bytes, total: opts.size ?? bytes });
  return { set: builder.build(), read, rejected, reasons, rejects };
}

/** Reads a file in the layout; CoordinationInputError when it cannot be read or has no usable header. */
export async function readQutCsv(file: string, opts: RunOptions & { maxRejects?: number } = {}): Promise<CsvResult> {
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch (err) {
    throw new CoordinationInputError('unreadable', `${file}: ${(err as Error).message}`);
  }
  return readQutCsvStream(createReadStream(file, { highWaterMark: 4 * 1024 * 1024 }), { ...opts, size });
}
