// Gathering cosignatures for our own log: after a checkpoint is published, each configured peer is
// asked (C2SP tlog-witness add-checkpoint) to cosign it. Verified cosignature lines are stored with
// the checkpoint, so /ledger/checkpoint serves the note with all of them. A peer that is down, slow
// or refusing is recorded on its row (last error, when) and never holds up publishing or the others.
import type { Db } from '../../db/database.ts';
import { nowIso } from '../../db/portable.ts';
import {
  cosignatureVerifier,
  parseSignatureLines,
  requestCosignature,
  type FetchLike,
  type HashReader,
} from '../log/index.ts';
import * as repo from './witness.repository.ts';

export interface GatherDeps {
  db: Db;
  /** The tree our latest checkpoint signed, for consistency proofs. */
  hashReader(size: number): HashReader;
  fetch?: FetchLike;
  /** Per request; a witness that does not answer in time counts as failed this round. */
  timeoutMs?: number;
}

export interface PeerOutcome {
  peer: string;
  outcome: 'cosigned' | 'already' | 'failed';
  detail?: string;
}

/** Global fetch with a timeout, as a FetchLike. */
export const fetchWithTimeout =
  (ms: number): FetchLike =>
  async (url, init) => {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(ms), redirect: 'error' });
    return res;
  };

/** Adds cosignature lines, replacing an older line of the same witness key; keeps everything else. */
export const mergeCosignatures = (existing: string, added: readonly string[]): string => {
  const keyOf = (l: string) => {
    const [s] = parseSignatureLines(l);
    return `${s.name} ${s.keyId}`;
  };
  const replaced = new Set(added.map(keyOf));
  const kept = parseSignatureLines(existing)
    .map((s) => s.line)
    .filter((l) => !replaced.has(keyOf(l)));
  return [...kept, ...added].join('');
};

async function storeLines(db: Db, size: number, lines: readonly string[]): Promise<void> {
  // Several peers answer at once: a compare-and-set per merge keeps every peer's lines.
  for (let attempt = 0; attempt < 20; attempt++) {
    const row = await repo.checkpointNote(db, size);
    if (!row) return;
    if (await repo.replaceCosignatures(db, size, row.cosignatures, mergeCosignatures(row.cosignatures, lines))) return;
  }
  throw new Error(`could not store the cosignatures of checkpoint ${size}`);
}

/** Asks every peer that has not cosigned our latest checkpoint yet. */
export async function gatherCosignatures(deps: GatherDeps): Promise<PeerOutcome[]> {
  const { db } = deps;
  const latest = await db
    .selectFrom('ledger_checkpoints')
    .select(['size', 'note'])
    .orderBy('size', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return [];
  const size = Number(latest.size);
  const fetch = deps.fetch ?? fetchWithTimeout(deps.timeoutMs ?? 10_000);
  const reader = deps.hashReader(size);
  const peers = await repo.listPeers(db);
  return Promise.all(
    peers.map(async (peer): Promise<PeerOutcome> => {
      if (peer.cosigned_size >= size) return { peer: peer.name, outcome: 'already' };
      try {
        const answer = await requestCosignature({
          fetch,
          submissionPrefix: peer.url,
          reader,
          checkpointNote: latest.note,
          witnessKeys: [cosignatureVerifier(peer.vkey)],
          // Never more than what we sign: a larger remembered size would make no proof.
          believedSize: Math.min(peer.size, size),
        });
        if (answer.kind === 'cosigned') {
          await storeLines(db, size, answer.lines);
          await repo.peerSucceeded(db, peer.id, size, nowIso());
          return { peer: peer.name, outcome: 'cosigned' };
        }
        const detail =
          answer.kind === 'conflict'
            ? `the witness holds a checkpoint of ${answer.size} entries for our log (ours: ${size})`
            : `HTTP ${answer.status}: ${answer.message}`;
        await repo.peerFailed(db, peer.id, detail, nowIso(), answer.kind === 'conflict' ? answer.size : undefined);
        return { peer: peer.name, outcome: 'failed', detail };
      } catch (err) {
        const e = err as Error & { cause?: { message?: string } };
        const detail = e.name === 'TimeoutError' ? 'no answer in time' : (e.cause?.message ?? e.message);
        await repo.peerFailed(db, peer.id, detail, nowIso());
        return { peer: peer.name, outcome: 'failed', detail };
      }
    }),
  );
}
