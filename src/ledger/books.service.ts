// The books: entries recorded by one person stay pending until a different person approves them;
// approval appends the public record to the log in the same transaction that marks the row approved
// and updates the books' reading of it, so an entry is either wholly in or wholly out. Corrections
// reverse an earlier entry by its index; nothing in the log is ever edited. Every step is audited.
import { can, type AuditService, type Staff } from '../core/accounts/index.ts';
import { AppError, fail, forbidden, notFound, ValidationError } from '../core/errors.ts';
import type { Db } from '../db/database.ts';
import { newId, nowIso } from '../db/portable.ts';
import { canonicalJson } from './log/index.ts';
import { createFigures, type FiguresApi } from './books.figures.ts';
import type { BooksAppeals, BooksCampaigns, BooksPetitions, LedgerLog } from './books.needs.ts';
import { createReading, type ReadingApi } from './books.reading.ts';
import { todayInKazakhstan, type LedgerRecord } from './books.records.ts';
import * as repo from './books.repository.ts';
import type { ImportResult, PendingEntry, Recorded } from './books.ts';
import { buildRecord, type RecordInput } from './books.validation.ts';

export type { ImportResult, PendingEntry, Recorded } from './books.ts';

export interface BooksDeps {
  db: Db;
  audit: AuditService;
  ledgerLog: LedgerLog;
  campaigns: BooksCampaigns;
  petitions: BooksPetitions;
  appeals: BooksAppeals;
}

export interface LedgerBooksService extends ReadingApi, FiguresApi {
  record(input: RecordInput, actor: Staff, source?: 'form' | 'cli'): Promise<Recorded>;
  /** Validates without storing anything (throws ValidationError). */
  check(input: RecordInput): Promise<void>;
  /** Many lines (a bank statement): every valid line stored as pending in one transaction, the rest returned. */
  recordMany(lines: Array<{ line: number; input: RecordInput }>, actor: Staff): Promise<ImportResult>;
  pending(status?: 'pending' | 'approved' | 'rejected', limit?: number): Promise<PendingEntry[]>;
  getPending(id: string): Promise<PendingEntry>;
  approve(id: string, actor: Staff): Promise<number>;
  /** Approves every pending entry the actor did not record; the others are left, with why. */
  approveAll(actor: Staff): Promise<{ approved: number[]; skipped: Array<{ id: string; code: string }> }>;
  reject(id: string, actor: Staff, note: string): Promise<void>;
  onChange(listener: () => void): void;
}

const toPending = (r: repo.PendingRow): PendingEntry => ({
  id: r.id,
  kind: r.kind,
  record: JSON.parse(r.record) as LedgerRecord,
  status: r.status as PendingEntry['status'],
  source: r.source,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  note: r.decision_note,
  logIndex: r.log_index,
});

export function createLedgerBooks(deps: BooksDeps): LedgerBooksService {
  const { db, audit, ledgerLog, campaigns } = deps;
  const listeners: Array<() => void> = [];
  const changed = () => listeners.forEach((l) => l());

  const context = () => ({
    today: todayInKazakhstan(),
    campaignExists: async (slug: string) => {
      try {
        await campaigns.getBySlug(slug, { includeDrafts: true });
        return true;
      } catch (err) {
        if (err instanceof AppError && err.kind === 'not_found') return false;
        throw err;
      }
    },
  });

  /**
   * A correction must name an entry in the log that is neither a correction (record the entry again
   * instead: a chain of reversals is hard for a reader to follow) nor reversed already.
   */
  const checkTarget = async (db0: Db, record: LedgerRecord) => {
    if (record.kind !== 'correction') return;
    const target = await repo.findEntry(db0, record.corrects);
    if (!target) throw fail('LEDGER_CORRECTS_MISSING');
    if (target.kind === 'correction') throw fail('LEDGER_CORRECTS_CORRECTION');
    if (target.reversed_by !== null) throw fail('LEDGER_ALREADY_REVERSED');
  };

  const mayRecord = (actor: Staff) => {
    if (!can(actor, 'ledger.record')) throw forbidden();
  };

  const pendingRow = (record: LedgerRecord, actor: Staff, source: string) => ({
    id: newId(),
    kind: record.kind,
    record: canonicalJson(record),
    status: 'pending',
    source,
    recorded_by: actor.id,
    recorded_at: nowIso(),
    decided_by: null,
    decided_at: null,
    decision_note: null,
    log_index: null,
  });

  const appendApproved = async (row: repo.PendingRow, actor: Staff): Promise<number> => {
    const record = JSON.parse(row.record) as LedgerRecord;
    const index = await db.transaction().execute(async (trx) => {
      const ok = await repo.decide(trx, row.id, {
        status: 'approved',
        decided_by: actor.id,
        decided_at: nowIso(),
        decision_note: null,
      });
      if (!ok) throw fail('LEDGER_ALREADY_DECIDED');
      await checkTarget(trx, record);
      const [i] = await ledgerLog.append(trx, [record]);
      await repo.setLogIndex(trx, row.id, i);
      await repo.insertEntry(trx, repo.projection(i, record, row.id));
      if (record.kind === 'correction' && !(await repo.markReversed(trx, record.corrects, i)))
        throw fail('LEDGER_ALREADY_REVERSED');
      return i;
    });
    await audit.record(actor, 'ledger.approve', { type: 'ledger_pending', id: row.id }, { kind: row.kind, index });
    return index;
  };

  const loadForDecision = async (id: string, actor: Staff) => {
    if (!can(actor, 'ledger.approve')) throw forbidden();
    const row = await repo.findPending(db, id);
    if (!row) throw notFound('LEDGER_PENDING_NOT_FOUND');
    if (row.status !== 'pending') throw fail('LEDGER_ALREADY_DECIDED');
    // Two people for money: whoever recorded an entry may never be the one who lets it in.
    if (row.recorded_by === actor.id) throw fail('LEDGER_SELF_APPROVAL');
    return row;
  };

  const service: LedgerBooksService = {
    ...createReading({ db, ledgerLog }),
    ...createFigures({ ...deps, changed }),

    async record(input, actor, source = 'form') {
      mayRecord(actor);
      const { record, receipt } = await buildRecord(input, context());
      try {
        await checkTarget(db, record);
      } catch (err) {
        // On the form, next to the field the index was typed in.
        if (err instanceof AppError) throw new ValidationError({ corrects: err.messageKey });
        throw err;
      }
      const row = pendingRow(record, actor, source);
      await repo.insertPending(db, [row]);
      await audit.record(actor, 'ledger.record', { type: 'ledger_pending', id: row.id }, { kind: record.kind, source });
      return { id: row.id, record, receipt };
    },

    async check(input) {
      await buildRecord(input, context());
    },

    async recordMany(lines, actor) {
      mayRecord(actor);
      const ctx = context();
      const stored: ImportResult['stored'] = [];
      const rejects: ImportResult['rejects'] = [];
      const rows: Array<ReturnType<typeof pendingRow>> = [];
      for (const { line, input } of lines) {
        try {
          const { record, receipt } = await buildRecord(input, ctx);
          const row = pendingRow(record, actor, 'import');
          rows.push(row);
          stored.push({ line, id: row.id, record, receipt });
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          rejects.push({ line, fields: err.fields });
        }
      }
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += 200) await repo.insertPending(trx, rows.slice(i, i + 200));
      });
      await audit.record(actor, 'ledger.import', null, { stored: stored.length, rejected: rejects.length });
      return { stored, rejects };
    },

    async pending(status = 'pending', limit = 500) {
      return (await repo.listPending(db, status, Math.min(limit, 1000))).map(toPending);
    },

    async getPending(id) {
      const row = await repo.findPending(db, id);
      if (!row) throw notFound('LEDGER_PENDING_NOT_FOUND');
      return toPending(row);
    },

    async approve(id, actor) {
      const row = await loadForDecision(id, actor);
      const index = await appendApproved(row, actor);
      changed();
      return index;
    },

    async approveAll(actor) {
      if (!can(actor, 'ledger.approve')) throw forbidden();
      const approved: number[] = [];
      const skipped: Array<{ id: string; code: string }> = [];
      for (const row of await repo.listPending(db, 'pending', 1000)) {
        try {
          approved.push(await appendApproved(await loadForDecision(row.id, actor), actor));
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const fields = err instanceof ValidationError ? Object.values(err.fields) : [];
          skipped.push({ id: row.id, code: fields[0] ?? err.messageKey });
        }
      }
      if (approved.length) changed();
      return { approved, skipped };
    },

    async reject(id, actor, note) {
      const row = await loadForDecision(id, actor);
      const reason = note.trim();
      if (!reason) throw new ValidationError({ note: 'form.error.required' });
      if (reason.length > 300) throw new ValidationError({ note: 'form.error.too_long' });
      const ok = await repo.decide(db, row.id, {
        status: 'rejected',
        decided_by: actor.id,
        decided_at: nowIso(),
        decision_note: reason,
      });
      if (!ok) throw fail('LEDGER_ALREADY_DECIDED');
      await audit.record(actor, 'ledger.reject', { type: 'ledger_pending', id: row.id }, { kind: row.kind });
    },

    onChange: (l) => void listeners.push(l),
  };
  return service;
}
