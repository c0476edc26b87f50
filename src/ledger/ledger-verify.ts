// `dauys ledger verify` and `dauys ledger mirror`: check a served (or mirrored) log against its
// signed checkpoint, remembering the last checkpoint seen so that a rewritten history is caught
// next time. The checks themselves are the log core's mirror client; this file is the plumbing:
// where the log is, which keys to trust, and the state kept between runs.
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  SIG_COSIGNATURE_V1,
  SIG_ED25519,
  cosignatureVerifier,
  directoryStore,
  memoryStore,
  mirrorLog,
  noteVerifier,
  parseVerifierKey,
  storeFetch,
  utf8Bytes,
  type FetchLike,
  type MirrorResult,
} from './log/index.ts';

export interface VerifyOptions {
  /** An http(s) URL of the log (https://site/ledger; a bare site gets /ledger) or a mirror directory. */
  source: string;
  /** Trusted verifier keys; otherwise the ones remembered, otherwise those the log serves (first use). */
  vkeys?: string[];
  /** Where the last checkpoint seen is remembered; null keeps nothing. */
  statePath?: string | null;
  /** For http(s) sources; global fetch by default. */
  fetch?: FetchLike;
  /** Mirror into this directory (its saved copy then counts as the earlier checkpoint too). */
  mirrorDir?: string;
  /** Witness (cosignature/v1) verifier keys whose cosignatures to check on the checkpoint. */
  witnesses?: string[];
  /** How many of those witnesses must have cosigned (default: all given witnesses, none without). */
  quorum?: number;
}

export interface VerifyOutcome extends MirrorResult {
  baseUrl: string;
  vkeys: string[];
  /** True when the keys came from the log itself, unpinned (first use). */
  trustedOnFirstUse: boolean;
  /** The size of the checkpoint remembered from the previous run, if any. */
  previousSize: number | null;
}

interface State {
  logs: Record<string, { checkpoint: string; vkeys: string[]; seen: string }>;
}

export const defaultStatePath = (): string =>
  join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'dauys', 'ledger-verify.json');

const DIR_BASE = 'file://mirror/';

/** Where the log's files are, and how to read them. */
export const locate = (source: string, fetchImpl?: FetchLike): { baseUrl: string; key: string; fetch: FetchLike } => {
  if (/^https?:\/\//i.test(source)) {
    const url = new URL(source);
    if (url.pathname === '/' || url.pathname === '') url.pathname = '/ledger/';
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    const baseUrl = url.toString();
    return { baseUrl, key: baseUrl, fetch: fetchImpl ?? (fetch as unknown as FetchLike) };
  }
  const dir = resolve(source);
  return { baseUrl: DIR_BASE, key: `dir:${dir}`, fetch: storeFetch(directoryStore(dir), DIR_BASE) };
};

async function readState(path: string | null): Promise<State> {
  if (!path) return { logs: {} };
  try {
    const state = JSON.parse(await readFile(path, 'utf8')) as State;
    return state && typeof state.logs === 'object' ? state : { logs: {} };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { logs: {} };
    throw new Error(`cannot read the verifier's state ${path}: ${(err as Error).message}`);
  }
}

async function writeState(path: string, state: State): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

const parseKeys = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export async function verifyLog(opts: VerifyOptions): Promise<VerifyOutcome> {
  const { baseUrl, key, fetch } = locate(opts.source, opts.fetch);
  const statePath = opts.statePath === undefined ? defaultStatePath() : opts.statePath;
  const state = await readState(statePath);
  const remembered = state.logs[key];

  let vkeys = opts.vkeys?.length ? opts.vkeys : (remembered?.vkeys ?? []);
  let trustedOnFirstUse = false;
  if (!vkeys.length) {
    const res = await fetch(`${baseUrl}vkey`);
    if (res.status !== 200) throw new Error(`no --vkey given and ${baseUrl}vkey answered HTTP ${res.status}`);
    vkeys = parseKeys(await res.text());
    trustedOnFirstUse = true;
  }
  // Log keys are Ed25519 (0x01); anything else in a list (a witness's key) is not the log's.
  const logKeys = vkeys.filter((k) => parseVerifierKey(k).type === SIG_ED25519).map(noteVerifier);
  if (!logKeys.length) throw new Error('none of the verifier keys given is a log (Ed25519) key');

  const witnesses = (opts.witnesses ?? []).map((k) => {
    if (parseVerifierKey(k).type !== SIG_COSIGNATURE_V1) throw new Error(`--witness ${k} is not a witness key`);
    return cosignatureVerifier(k);
  });
  const quorum = opts.quorum ?? witnesses.length;
  if (quorum > witnesses.length)
    throw new Error(`a quorum of ${quorum} needs at least ${quorum} witness keys; ${witnesses.length} given`);

  const result = await mirrorLog({
    fetch,
    baseUrl,
    logKeys,
    witnesses,
    quorum,
    store: opts.mirrorDir ? directoryStore(opts.mirrorDir) : memoryStore(),
    previous: remembered?.checkpoint,
  });
  if (opts.mirrorDir)
    await directoryStore(opts.mirrorDir).write('vkey', utf8Bytes(vkeys.map((k) => `${k}\n`).join('')));
  if (statePath) {
    state.logs[key] = { checkpoint: result.note, vkeys, seen: new Date().toISOString() };
    await writeState(statePath, state);
  }
  return {
    ...result,
    baseUrl,
    vkeys,
    trustedOnFirstUse,
    previousSize: remembered ? Number(remembered.checkpoint.split('\n')[1]) : null,
  };
}
