// Retention: a case without activity for the retention period is deleted with its files, unless
// it is in progress or referred; the warning period before (a week unless configured), it is flagged
// and key holders are told that something will be deleted soon (never what). Only counts are kept.
import { randomUUID } from 'node:crypto';
import type { AuditService } from '../../core/accounts/index.ts';
import type { Db } from '../../db/database.ts';
import type { FileStore } from './file-store.ts';
import { addDays, today } from './testimony.ts';
import * as repo from './testimony.repository.ts';
import { toTestimony } from './testimony.rows.ts';

export interface RetentionResult {
  warned: number;
  expired: number;
  files: number;
  extended: number;
}

export interface Retention {
  runRetention(now?: number): Promise<RetentionResult>;
  expiryLog(): Promise<Array<{ day: string; testimonies: number; files: number }>>;
}

export function createRetention(deps: {
  db: Db;
  audit: AuditService;
  files: FileStore;
  retentionDays: number;
  /** Days before deletion that a case is flagged (TESTIMONY_EXPIRY_WARNING_DAYS). */
  warningDays: number;
  onPublish?: () => void;
  /** Cases were newly flagged for deletion (never throws). */
  onFlagged?: () => Promise<void>;
}): Retention {
  const { db, audit, files: store } = deps;
  return {
    async runRetention(now = Date.now()) {
      const day = today(now);
      const result: RetentionResult = { warned: 0, expired: 0, files: 0, extended: 0 };
      for (const r of await repo.expiringBy(db, addDays(day, deps.warningDays))) {
        const t = toTestimony(r);
        if (t.status === 'in_progress' || t.status === 'referred') {
          // An active case does not expire: its clock restarts.
          await repo.updateTestimony(db, t.id, { expires_on: addDays(day, deps.retentionDays), warned_on: null });
          result.extended++;
        } else if (t.expiresOn <= day) {
          const fileIds = (await repo.filesOf(db, t.id)).map((f) => f.id);
          await db.transaction().execute((trx) => repo.expire(trx, t.id));
          await store.remove(fileIds);
          result.expired++;
          result.files += fileIds.length;
        } else if (!t.warnedOn) {
          await repo.updateTestimony(db, t.id, { warned_on: day });
          result.warned++;
        }
      }
      if (result.warned) await deps.onFlagged?.();
      await repo.purgeSpent(db, new Date(now).toISOString());
      if (result.expired) {
        await repo.logExpiry(db, { id: randomUUID(), day, testimonies: result.expired, files: result.files });
        deps.onPublish?.();
      }
      // Counts only: which testimonies expired is exactly what must not be kept.
      if (result.expired || result.warned)
        await audit.record({ system: 'retention' }, 'testimony.retention', null, { ...result });
      return result;
    },

    async expiryLog() {
      return (await repo.expiryLog(db)).map((r) => ({ day: r.day, testimonies: r.testimonies, files: r.files }));
    },
  };
}
