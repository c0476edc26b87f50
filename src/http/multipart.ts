// Multipart forms without buying memory. A form's text fields come before its file inputs (our
// pages put the hidden CSRF and proof-of-work fields first and the file input last; our scripts
// append files last), so a preValidation hook reads only the fields, bounded in total, into
// `req.body`. The cheap checks (staff session, CSRF token, proof of work, rate limits) then run
// before a single file byte is accepted; a request refused there is answered while its upload is
// still arriving. Files are read only by `withFiles`: streamed to encrypted temp files with a hard
// cap per file and per request, read back under a process-wide byte budget, deleted on every path.
import multipart, { type Multipart, type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createByteBudget } from './byte-budget.ts';
import { AppError, fail, type ErrorCode } from '../core/errors.ts';
import { prepareTempDir, writeSealedTemp, type SealedTemp } from './sealed-temp.ts';

export interface UploadLimits {
  files: number;
  /** Bytes per file. */
  fileBytes: number;
  fields: number;
  /** All text fields together, in bytes (each field too). */
  fieldBytes: number;
}

/** Error codes for what can go wrong with a body; a scope may word them for its own users. */
export interface UploadMessages {
  tooLarge: ErrorCode;
  tooMany: ErrorCode;
  truncated: ErrorCode;
}

export interface ReceivedFile {
  field: string;
  name: string;
  type: string;
  size: number;
  read(): Promise<Buffer>;
}

/**
 * Bytes of files being processed at once across the process (one full testimony fits). Waiting
 * for a share costs no memory, the files being on disk, so a request may wait a while.
 */
const BUDGET_BYTES = 64 * 1024 * 1024;
const BUDGET_WAIT_MS = 120_000;

const budget = createByteBudget(BUDGET_BYTES);

interface State {
  parts: AsyncIterableIterator<Multipart>;
  /** The first file part, waiting until the route has run its checks. */
  pending: MultipartFile | null;
  done: boolean;
  fieldBytes: number;
  body: Record<string, string | string[]>;
  dir: string;
  limits: UploadLimits;
  /** The most a body of this form can carry. */
  maxBody: number;
  messages: UploadMessages;
}

const states = new WeakMap<FastifyRequest, State>();

const DEFAULT_MESSAGES: UploadMessages = {
  tooLarge: 'UPLOAD_TOO_LARGE',
  tooMany: 'UPLOAD_TOO_MANY',
  truncated: 'UPLOAD_TRUNCATED',
};

/** Registers multipart parsing for this scope: fields up front, files only through `withFiles`. */
export async function multipartForms(
  app: FastifyInstance,
  opts: { dir: string; limits: UploadLimits; messages?: Partial<UploadMessages> },
): Promise<void> {
  const { dir, limits } = opts;
  const messages = { ...DEFAULT_MESSAGES, ...opts.messages };
  prepareTempDir(dir);
  await app.register(multipart, {
    limits: {
      files: limits.files,
      fileSize: limits.fileBytes,
      fields: limits.fields,
      fieldSize: limits.fieldBytes,
      parts: limits.files + limits.fields,
      headerPairs: 200,
    },
  });
  // Part headers and boundaries take well under a kilobyte each.
  const maxBody = limits.files * limits.fileBytes + limits.fieldBytes + (limits.files + limits.fields) * 1024;

  app.addHook('preValidation', async (req) => {
    if (!req.isMultipart()) return;
    const s: State = {
      parts: req.parts(),
      pending: null,
      done: false,
      fieldBytes: 0,
      body: {},
      dir,
      limits,
      maxBody,
      messages,
    };
    states.set(req, s);
    req.body = s.body;
    if (Number(req.headers['content-length']) > maxBody) throw tooLarge(messages);
    s.pending = await nextFile(s);
  });

  app.addHook('onSend', async (req, _reply, payload) => {
    const s = states.get(req);
    if (s && !s.done) abandon(req, s);
    return payload;
  });
}

/**
 * Receives the request's files (after the route's checks passed), waits for their share of the
 * byte budget, and hands them to `use`; the temp files are deleted whatever happens.
 */
export async function withFiles<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  use: (files: ReceivedFile[]) => Promise<T>,
): Promise<T> {
  const files = await receiveFiles(req);
  try {
    // A form without files does not queue behind others' files.
    const release = files.length
      ? await budget.acquire(
          files.reduce((n, f) => n + f.size, 0),
          BUDGET_WAIT_MS,
        )
      : () => undefined;
    if (!release) {
      reply.header('retry-after', '60');
      throw fail('UPLOAD_BUSY');
    }
    try {
      return await use(files);
    } finally {
      release();
    }
  } finally {
    await Promise.all(files.map((f) => f.remove()));
  }
}

/**
 * Streams the request's one file (after the route's checks passed) to a new file at `path` as it
 * arrives, owner-only and in plain form, for work that reads it from disk later (an import job):
 * never whole in memory. Past the scope's per-file cap it stops at once, deletes what was written
 * and throws the scope's too-large error. Null when the form's file input was left empty.
 */
export async function receiveFileTo(
  req: FastifyRequest,
  path: string,
): Promise<{ name: string; type: string; size: number } | null> {
  const s = states.get(req);
  const part = s?.pending;
  if (!s || !part) return null;
  s.pending = null;
  const { file } = part;
  file.once('limit', () => file.destroy(tooLarge(s.messages)));
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  try {
    await pipeline(file, out);
    if (await nextFile(s)) throw fail(s.messages.tooMany);
  } catch (err) {
    if (!out.closed) await new Promise<void>((r) => out.once('close', () => r()));
    await rm(path, { force: true });
    throw bodyError(err, s.messages);
  }
  if (!part.filename) {
    await rm(path, { force: true });
    return null;
  }
  return { name: part.filename, type: part.mimetype, size: out.bytesWritten };
}

async function receiveFiles(req: FastifyRequest): Promise<Array<ReceivedFile & { remove(): Promise<void> }>> {
  const s = states.get(req);
  if (!s) return [];
  const files: Array<ReceivedFile & { remove(): Promise<void> }> = [];
  try {
    for (let part = s.pending; part; part = await nextFile(s)) {
      s.pending = null;
      const { file } = part;
      // Stop at the first byte over the cap instead of reading the rest of an oversized file.
      file.once('limit', () => file.destroy(tooLarge(s.messages)));
      const temp: SealedTemp = await writeSealedTemp(s.dir, file);
      if (temp.size) files.push({ field: part.fieldname, name: part.filename ?? '', type: part.mimetype, ...temp });
      else await temp.remove(); // an empty file input
    }
    return files;
  } catch (err) {
    await Promise.all(files.map((f) => f.remove()));
    throw bodyError(err, s.messages);
  }
}

/** Reads on to the next file part (left unread) or the end of the body, keeping the fields. */
async function nextFile(s: State): Promise<MultipartFile | null> {
  try {
    for (;;) {
      const r = await s.parts.next();
      if (r.done) {
        s.done = true;
        return null;
      }
      const part = r.value;
      if (part.type === 'file') return part;
      // A field the browser would never send as JSON or binary is dropped, not guessed at.
      if (typeof part.value !== 'string') continue;
      s.fieldBytes += part.fieldname.length + Buffer.byteLength(part.value);
      if (part.valueTruncated || s.fieldBytes > s.limits.fieldBytes) throw tooLarge(s.messages);
      const had = s.body[part.fieldname];
      s.body[part.fieldname] = had === undefined ? part.value : [...(Array.isArray(had) ? had : [had]), part.value];
    }
  } catch (err) {
    throw bodyError(err, s.messages);
  }
}

/**
 * Stops parsing what is left of a body that has been answered. The rest is read and dropped, so a
 * browser still sending gets the answer (cutting the connection could cost her the page), but no
 * more of it than the form could carry: past that the connection is closed.
 */
function abandon(req: FastifyRequest, s: State): void {
  s.done = true;
  s.pending?.file.destroy();
  s.pending = null;
  const raw = req.raw;
  raw.unpipe();
  if (raw.complete || raw.readableEnded) return void raw.resume();
  let dropped = 0;
  raw.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > s.maxBody) raw.destroy();
  });
  raw.resume(); // unpipe() paused it
}

const tooLarge = (m: UploadMessages) => fail(m.tooLarge);

/** What went wrong with the body, as the user should hear it; disk errors are ours and stay so. */
function bodyError(err: unknown, m: UploadMessages): unknown {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; syscall?: string };
  if (e.syscall) return err;
  if (e.code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(m);
  if (e.code === 'FST_FILES_LIMIT' || e.code === 'FST_PARTS_LIMIT' || e.code === 'FST_FIELDS_LIMIT')
    return fail(m.tooMany);
  // Cut off, malformed, or the client went away.
  return fail(m.truncated);
}
