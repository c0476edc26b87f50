// The append-only audit log of sensitive reads and writes (the database refuses updates and deletes).
import type { Db } from '../../db/database.ts';
import { newId, nowIso, parseJson, toJson } from '../../db/portable.ts';
import * as repo from './accounts.repository.ts';
import type { Staff } from './roles.ts';

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
}

export type Actor = Staff | { system: string };
const label = (a: Actor) => ('system' in a ? `system:${a.system}` : a.email);

export interface AuditService {
  record(
    actor: Actor,
    action: string,
    subject?: { type: string; id: string } | null,
    details?: Record<string, unknown>,
  ): Promise<void>;
  list(opts?: { limit?: number; before?: string; action?: string; subjectId?: string }): Promise<AuditEntry[]>;
}

export function createAuditService(db: Db): AuditService {
  return {
    async record(actor, action, subject, details = {}) {
      await repo.insertAudit(db, {
        id: newId(),
        at: nowIso(),
        actor_id: 'system' in actor ? null : actor.id,
        actor_label: label(actor),
        action,
        subject_type: subject?.type ?? null,
        subject_id: subject?.id ?? null,
        details: toJson(details),
      });
    },
    async list(opts = {}) {
      const rows = await repo.listAudit(db, {
        limit: Math.min(opts.limit ?? 100, 500),
        before: opts.before,
        action: opts.action,
        subjectId: opts.subjectId,
      });
      return rows.map((r) => ({
        id: r.id,
        at: r.at,
        actorId: r.actor_id,
        actorLabel: r.actor_label,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        details: parseJson(r.details, {}),
      }));
    },
  };
}
