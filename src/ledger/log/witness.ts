// C2SP tlog-witness add-checkpoint: the request body format, a pure witness decision, and the log's
// side (building requests, reading responses). The witness decision is pure so the module can run
// it inside the transaction that compare-and-sets the stored latest checkpoint: the spec requires
// the size check and the update to be atomic, or two requests could roll a log's record back.
import { HASH_SIZE, equalBytes, fromBase64, toBase64 } from './bytes.ts';
import { parseCheckpoint, type Checkpoint } from './checkpoint.ts';
import { checkCosignatures, type Cosigner } from './cosignature.ts';
import { LedgerFormatError, bad } from './errors.ts';
import type { Verifier } from './keys.ts';
import { consistencyProof, verifyConsistency, type HashReader } from './merkle.ts';
import type { FetchLike } from './fetch-like.ts';
import { openNote, parseNote } from './note.ts';

export const MAX_PROOF_LINES = 63;
export const SIZE_CONTENT_TYPE = 'text/x.tlog.size';

export interface AddCheckpointRequest {
  oldSize: number;
  proof: Uint8Array[];
  /** The signed checkpoint note, verbatim. */
  checkpoint: string;
}

export const formatAddCheckpointRequest = (r: AddCheckpointRequest): string => {
  if (r.proof.length > MAX_PROOF_LINES) throw new RangeError('too many consistency proof lines');
  return `old ${r.oldSize}\n${r.proof.map((h) => `${toBase64(h)}\n`).join('')}\n${r.checkpoint}`;
};

export const parseAddCheckpointRequest = (body: string | Uint8Array): AddCheckpointRequest => {
  const text = typeof body === 'string' ? body : decodeUtf8(body);
  const m = /^old (0|[1-9][0-9]*)\n/.exec(text);
  if (!m || !Number.isSafeInteger(Number(m[1]))) throw bad('witness.malformed', 'request must start with "old <size>"');
  let at = m[0].length;
  const proof: Uint8Array[] = [];
  for (;;) {
    const end = text.indexOf('\n', at);
    if (end < 0) throw bad('witness.malformed', 'request has no blank line before the checkpoint');
    const line = text.slice(at, end);
    at = end + 1;
    if (line === '') break;
    const h = fromBase64(line);
    if (!h || h.length !== HASH_SIZE) throw bad('witness.malformed', 'a consistency proof line is not a base64 hash');
    proof.push(h);
    if (proof.length > MAX_PROOF_LINES) throw bad('witness.malformed', 'more than 63 consistency proof lines');
  }
  return { oldSize: Number(m[1]), proof, checkpoint: text.slice(at) };
};

const decodeUtf8 = (b: Uint8Array): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    throw bad('witness.malformed', 'request is not UTF-8');
  }
};

/** What the witness last cosigned for one origin. */
export interface WitnessRecord {
  size: number;
  root: Uint8Array;
}

export interface WitnessContext {
  /** The log's trusted keys for a known origin, or undefined for an unknown origin. */
  logKeys(origin: string): readonly Verifier[] | undefined;
  /** The latest cosigned checkpoint for the origin, or undefined if never cosigned. */
  latest(origin: string): WitnessRecord | undefined;
  cosigners: readonly Cosigner[];
  /** Unix seconds for the cosignature timestamp. */
  now: number;
}

export type WitnessDecision =
  | {
      status: 200;
      contentType: 'text/plain; charset=utf-8';
      body: string;
      /** Store this — only if the record is still `previous` (compare-and-set). */
      update: { origin: string; previous: WitnessRecord | undefined; next: WitnessRecord };
    }
  | { status: 409; contentType: typeof SIZE_CONTENT_TYPE; body: string; reason: string }
  | { status: 400 | 403 | 404 | 422; contentType: 'text/plain; charset=utf-8'; body: string; reason: string };

const refuse = (status: 400 | 403 | 404 | 422, reason: string, message: string): WitnessDecision => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  body: `${message}\n`,
  reason,
});

const conflict = (size: number, reason: string): WitnessDecision => ({
  status: 409,
  contentType: SIZE_CONTENT_TYPE,
  body: `${size}\n`,
  reason,
});

/** The witness's answer to an add-checkpoint body, in the order of checks the spec gives. */
export const decideAddCheckpoint = (body: string | Uint8Array, ctx: WitnessContext): WitnessDecision => {
  let req: AddCheckpointRequest;
  let cp: Checkpoint;
  try {
    req = parseAddCheckpointRequest(body);
    cp = parseCheckpoint(parseNote(req.checkpoint).text);
  } catch (e) {
    if (e instanceof LedgerFormatError) return refuse(400, e.reason, e.message);
    throw e;
  }
  const keys = ctx.logKeys(cp.origin);
  if (!keys) return refuse(404, 'witness.unknown_log', `unknown log ${cp.origin}`);
  try {
    openNote(req.checkpoint, keys);
  } catch (e) {
    if (e instanceof LedgerFormatError) return refuse(403, e.reason, 'no trusted log signature verifies');
    throw e;
  }
  if (req.oldSize > cp.size) return refuse(400, 'witness.old_too_large', 'old size is larger than the checkpoint');
  const latest = ctx.latest(cp.origin);
  const knownSize = latest?.size ?? 0;
  if (req.oldSize !== knownSize) return conflict(knownSize, 'witness.stale_old_size');
  if (latest && req.oldSize === cp.size) {
    // Same size, different root: a fork. Never cosign it; say what size we hold.
    if (!equalBytes(latest.root, cp.root)) return conflict(knownSize, 'witness.fork');
    if (req.proof.length) return refuse(422, 'witness.bad_proof', 'proof must be empty for an unchanged tree');
  } else if (req.oldSize === 0) {
    if (req.proof.length) return refuse(422, 'witness.bad_proof', 'proof must be empty when the old size is zero');
  } else if (!verifyConsistency(req.oldSize, cp.size, req.proof, latest!.root, cp.root)) {
    return refuse(422, 'witness.bad_proof', 'consistency proof does not verify');
  }
  const text = parseNote(req.checkpoint).text;
  return {
    status: 200,
    contentType: 'text/plain; charset=utf-8',
    body: ctx.cosigners.map((c) => c.cosign(text, ctx.now)).join(''),
    update: { origin: cp.origin, previous: latest, next: { size: cp.size, root: cp.root } },
  };
};

/** The log's request to a witness that last cosigned `witnessSize` (0 if unknown or new). */
export const buildAddCheckpointRequest = async (
  reader: HashReader,
  checkpointNote: string,
  witnessSize: number,
): Promise<string> => {
  const cp = parseCheckpoint(parseNote(checkpointNote).text);
  const proof = witnessSize === 0 ? [] : await consistencyProof(reader, witnessSize, cp.size);
  return formatAddCheckpointRequest({ oldSize: witnessSize, proof, checkpoint: checkpointNote });
};

export type WitnessResponse =
  | { kind: 'cosigned'; lines: string[] }
  | { kind: 'conflict'; size: number }
  | { kind: 'refused'; status: number; message: string };

/**
 * Reads a witness's answer. On 200 only cosignature lines from the witness's own keys that verify on
 * this checkpoint are kept (the spec: ignore unknown keys); none at all counts as a refusal.
 */
export const readWitnessResponse = (
  status: number,
  body: string,
  checkpointNote: string,
  witnessKeys: readonly Verifier[],
): WitnessResponse => {
  if (status === 409) {
    const m = /^(0|[1-9][0-9]*)\n$/.exec(body);
    return m ? { kind: 'conflict', size: Number(m[1]) } : { kind: 'refused', status, message: 'bad 409 body' };
  }
  if (status !== 200) return { kind: 'refused', status, message: body.trim().slice(0, 200) };
  try {
    const note = checkpointNote + body;
    const { signatures } = parseNote(note);
    const check = checkCosignatures(note, witnessKeys);
    const ok = new Set(check.valid.map((v) => `${v.name}\n${v.keyId}`));
    const lines = signatures.filter((s) => ok.has(`${s.name}\n${s.keyId}`) && body.includes(s.line)).map((s) => s.line);
    if (lines.length === 0) return { kind: 'refused', status, message: 'no valid cosignature in the response' };
    return { kind: 'cosigned', lines };
  } catch (e) {
    if (e instanceof LedgerFormatError) return { kind: 'refused', status, message: e.message };
    throw e;
  }
};

/**
 * Asks one witness to cosign: tries the size we believe it holds, and on 409 retries once with the
 * size it reports (as the spec suggests for a client that lost track).
 */
export const requestCosignature = async (opts: {
  fetch: FetchLike;
  /** The witness's submission prefix, e.g. https://witness.example/ (add-checkpoint is appended). */
  submissionPrefix: string;
  reader: HashReader;
  checkpointNote: string;
  witnessKeys: readonly Verifier[];
  believedSize: number;
}): Promise<WitnessResponse> => {
  const url = new URL('add-checkpoint', opts.submissionPrefix.replace(/\/?$/, '/')).toString();
  let size = opts.believedSize;
  for (let attempt = 0; ; attempt++) {
    const body = await buildAddCheckpointRequest(opts.reader, opts.checkpointNote, size);
    const res = await opts.fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
    const answer = readWitnessResponse(res.status, await res.text(), opts.checkpointNote, opts.witnessKeys);
    if (answer.kind !== 'conflict' || attempt > 0) return answer;
    const cp = parseCheckpoint(parseNote(opts.checkpointNote).text);
    if (answer.size > cp.size) return answer; // the witness has seen more than we sign: a fork or a rollback
    size = answer.size;
  }
};
