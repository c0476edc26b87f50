// The witness as configured by an admin: the partner logs we witness (answering their add-checkpoint
// requests with a compare-and-set on the latest cosigned checkpoint), the peers that witness our log,
// and our own witness key. Every change is audited.
import type { Actor, AuditService } from '../../core/accounts/index.ts';
import { ValidationError } from '../../core/errors.ts';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation, newId, nowIso } from '../../db/portable.ts';
import {
  SIG_COSIGNATURE_V1,
  SIG_ED25519,
  decideAddCheckpoint,
  fromBase64,
  noteVerifier,
  parseAddCheckpointRequest,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  toBase64,
  type WitnessDecision,
} from '../log/index.ts';
import type { WitnessKeys } from './witness-keys.ts';
import * as repo from './witness.repository.ts';

export type { PeerRow, WitnessedLogRow } from './witness.repository.ts';

export interface WitnessOverview {
  keys: string[];
  peers: repo.PeerRow[];
  logs: repo.WitnessedLogRow[];
}

export interface WitnessService {
  /** Answers a C2SP add-checkpoint request body (status, content type, body). */
  addCheckpoint(body: string | Uint8Array): Promise<Pick<WitnessDecision, 'status' | 'contentType' | 'body'>>;
  overview(): Promise<WitnessOverview>;
  addPeer(input: { name: string; vkey: string; url: string }, actor: Actor): Promise<void>;
  removePeer(id: string, actor: Actor): Promise<void>;
  addLog(input: { origin: string; vkeys: string }, actor: Actor): Promise<void>;
  removeLog(origin: string, actor: Actor): Promise<void>;
  rotateKey(actor: Actor): Promise<string>;
}

/** Checks a verifier key of the given type; returns the trimmed key or null. */
const validKey = (vkey: string, type: number): string | null => {
  try {
    const k = parseVerifierKey(vkey.trim());
    return k.type === type ? vkey.trim() : null;
  } catch {
    return null;
  }
};

const validPrefix = (url: string): string | null => {
  try {
    const u = new URL(url.trim());
    if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password || u.search || u.hash)
      return null;
    return u.toString();
  } catch {
    return null;
  }
};

// Refusals worth an admin's eye: the log showed us something inconsistent with what we cosigned.
const ALARMING = new Set(['witness.fork', 'witness.bad_proof']);

export function createWitnessService(deps: { db: Db; audit: AuditService; keys: WitnessKeys }): WitnessService {
  const { db, audit, keys } = deps;

  const originOf = (body: string | Uint8Array): string | null => {
    try {
      return parseCheckpoint(parseNote(parseAddCheckpointRequest(body).checkpoint).text).origin;
    } catch {
      return null;
    }
  };

  const addCheckpoint: WitnessService['addCheckpoint'] = async (body) => {
    const origin = originOf(body);
    const { cosigner } = await keys.cosigner();
    // A lost compare-and-set means another request moved the record: decide again on the new state,
    // which then answers 409 with the size now held (the spec's race, resolved for exactly one winner).
    for (let attempt = 0; ; attempt++) {
      const row = origin === null ? null : await repo.getWitnessedLog(db, origin);
      const logKeys = row ? row.vkeys.split('\n').filter(Boolean).map(noteVerifier) : undefined;
      const latest = row && row.size !== null && row.root ? { size: row.size, root: fromBase64(row.root)! } : undefined;
      const decision = decideAddCheckpoint(body, {
        logKeys: (o) => (o === origin ? logKeys : undefined),
        latest: (o) => (o === origin ? latest : undefined),
        cosigners: [cosigner],
        now: Math.floor(Date.now() / 1000),
      });
      if (decision.status !== 200) {
        if (origin && row && ALARMING.has(decision.reason))
          await repo.noteRefusal(db, origin, `${decision.reason}: ${decision.body.trim()}`.slice(0, 300), nowIso());
        return decision;
      }
      const { previous, next } = decision.update;
      const won = await repo.advanceWitnessedLog(
        db,
        decision.update.origin,
        previous ? { size: previous.size, root: toBase64(previous.root) } : null,
        {
          size: next.size,
          root: toBase64(next.root),
          checkpoint: parseAddCheckpointRequest(body).checkpoint,
          at: nowIso(),
        },
      );
      if (won) return decision;
      if (attempt >= 2) {
        const now = origin ? await repo.getWitnessedLog(db, origin) : null;
        return { status: 409, contentType: 'text/x.tlog.size', body: `${now?.size ?? 0}\n` };
      }
    }
  };

  return {
    addCheckpoint,
    async overview() {
      return {
        keys: await keys.verifierKeys(),
        peers: await repo.listPeers(db),
        logs: await repo.listWitnessedLogs(db),
      };
    },
    async addPeer(input, actor) {
      const fields: Record<string, string> = {};
      const name = input.name.trim();
      if (!name || name.length > 100) fields.name = 'ledger.witness.error.name';
      const vkey = validKey(input.vkey, SIG_COSIGNATURE_V1);
      if (!vkey) fields.vkey = 'ledger.witness.error.witness_vkey';
      const url = validPrefix(input.url);
      if (!url) fields.url = 'ledger.witness.error.url';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const id = newId();
      try {
        await repo.insertPeer(db, {
          id,
          name,
          vkey: vkey!,
          url: url!,
          size: 0,
          cosigned_size: 0,
          last_success_at: null,
          last_error: null,
          last_error_at: null,
          created_at: nowIso(),
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new ValidationError({ vkey: 'ledger.witness.error.peer_exists' });
        throw err;
      }
      await audit.record(actor, 'ledger.witness.peer_add', { type: 'ledger_witness_peer', id }, { name, vkey, url });
    },
    async removePeer(id, actor) {
      const row = await repo.deletePeer(db, id);
      if (row)
        await audit.record(
          actor,
          'ledger.witness.peer_remove',
          { type: 'ledger_witness_peer', id },
          { name: row.name, vkey: row.vkey, url: row.url },
        );
    },
    async addLog(input, actor) {
      const fields: Record<string, string> = {};
      const origin = input.origin.trim();
      if (!origin || origin.length > 200 || /[\u0000-\u001f]/.test(origin))
        fields.origin = 'ledger.witness.error.origin';
      const lines = input.vkeys
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const vkeys = lines.map((l) => validKey(l, SIG_ED25519));
      if (!lines.length || lines.length > 5 || vkeys.some((k) => !k)) fields.vkeys = 'ledger.witness.error.log_vkey';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      try {
        await repo.insertWitnessedLog(db, {
          origin,
          vkeys: vkeys.join('\n'),
          size: null,
          root: null,
          checkpoint: null,
          cosigned_at: null,
          refusal: null,
          refused_at: null,
          created_at: nowIso(),
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new ValidationError({ origin: 'ledger.witness.error.log_exists' });
        throw err;
      }
      await audit.record(
        actor,
        'ledger.witness.log_add',
        { type: 'ledger_witnessed_log', id: origin },
        { origin, vkeys },
      );
    },
    async removeLog(origin, actor) {
      const row = await repo.getWitnessedLog(db, origin);
      if (!row || !(await repo.deleteWitnessedLog(db, origin))) return;
      await audit.record(
        actor,
        'ledger.witness.log_remove',
        { type: 'ledger_witnessed_log', id: origin },
        { origin, size: row.size },
      );
    },
    async rotateKey(actor) {
      const r = await keys.rotate();
      await audit.record(actor, 'ledger.witness.key_rotate', null, { retired: r.retired, current: r.current });
      return r.current;
    },
  };
}
