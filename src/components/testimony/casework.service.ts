// The staff side of a case: the inbox (metadata only), opening a case and its ciphertexts (each an
// audited read), managing it, sealed notes and replies, publication drafts, referral to a help
// service, statistics from her consenting record, and promotion to the observatory.
import { randomUUID } from 'node:crypto';
import type { AuditService, Staff } from '../../core/accounts/index.ts';
import { fail, forbidden, notFound, ValidationError } from '../../core/errors.ts';
import type { Db } from '../../db/database.ts';
import { toJson } from '../../db/portable.ts';
import type { HelpService } from '../../help/index.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { ObservatoryService } from '../../observatory/index.ts';
import { badCipher, type CaseStore } from './case-store.ts';
import { isSealed } from './crypto.ts';
import type { FileStore } from './file-store.ts';
import {
  countsInStatistics,
  LIMITS,
  PRIORITIES,
  RELATIONSHIPS,
  STATUSES,
  today,
  type Testimony,
  type TestimonyItem,
} from './testimony.ts';
import { canDraftPublication, canHandle, canOverrideReferral, canPromote } from './testimony.permissions.ts';
import * as repo from './testimony.repository.ts';
import { toItem, toTestimony } from './testimony.rows.ts';

export interface CaseUpdate {
  status?: string;
  priority?: string;
  assigneeId?: string | null;
  tags?: string[];
}

export interface StatsInput {
  incidentYear: number | null;
  region: string | null;
  relationship: string | null;
  police: boolean | null;
  delayMonths: number | null;
}

export interface Promotion {
  title: string;
  summary: string;
  date: string; // YYYY or YYYY-MM: as precise as is safe
  region: string | null;
  locale: Locale;
}

export interface Casework {
  inbox(
    actor: Staff,
    opts: { status?: string; mine?: boolean; page?: number },
  ): Promise<{ items: Testimony[]; total: number; expiring: number }>;
  openCase(
    actor: Staff,
    id: string,
  ): Promise<{
    testimony: Testimony;
    items: TestimonyItem[];
    files: Array<{ id: string; position: number; size: number; itemId: string | null }>;
  }>;
  /** The ciphertexts, for decryption in the browser; every call is audited as a read. */
  readContent(actor: Staff, id: string): Promise<{ testimony: Testimony; items: TestimonyItem[] }>;
  readFile(actor: Staff, testimonyId: string, fileId: string): Promise<Buffer>;
  update(actor: Staff, id: string, change: CaseUpdate): Promise<void>;
  addNote(actor: Staff, id: string, forOrg: unknown): Promise<void>;
  addReply(actor: Staff, id: string, forOrg: unknown, forSurvivor: unknown): Promise<void>;
  proposeDraft(actor: Staff, id: string, forOrg: unknown, forSurvivor: unknown, draftDigest: unknown): Promise<void>;
  refer(actor: Staff, id: string, serviceId: string, override: boolean): Promise<void>;
  recordStats(actor: Staff, id: string, s: StatsInput): Promise<void>;
  /** Turns an anonymised summary into a draft case in the observatory, for its editors to review. */
  promote(actor: Staff, id: string, p: Promotion): Promise<string>;
  extend(actor: Staff, id: string): Promise<void>;
}

const sealedFor =
  (max: number) =>
  (v: unknown): v is string =>
    isSealed(v, max);

export function createCasework(
  deps: {
    db: Db;
    audit: AuditService;
    files: FileStore;
    help: Pick<HelpService, 'get'>;
    observatory: Pick<ObservatoryService, 'create'>;
  },
  cases: CaseStore,
): Casework {
  const { db, audit, files: store } = deps;

  async function caseFor(actor: Staff, id: string, allowed = canHandle): Promise<Testimony> {
    if (!allowed(actor)) throw forbidden();
    const row = /^[0-9a-f-]{36}$/.test(id) ? await repo.findTestimony(db, id) : undefined;
    if (!row) throw notFound('TESTIMONY_NOT_FOUND');
    return toTestimony(row);
  }

  return {
    async inbox(actor, opts) {
      if (!canDraftPublication(actor)) throw forbidden();
      const statuses =
        opts.status && (STATUSES as readonly string[]).includes(opts.status)
          ? [opts.status]
          : opts.status === 'all'
            ? [...STATUSES]
            : ['new', 'in_progress', 'referred'];
      const page = Math.max(1, opts.page ?? 1);
      const { rows, total } = await repo.listTestimonies(db, {
        statuses,
        assigneeId: opts.mine ? actor.id : undefined,
        limit: 50,
        offset: (page - 1) * 50,
      });
      // Cases the daily retention job has flagged, a week ahead of their deletion.
      const expiring = await repo.countWarned(db);
      return { items: rows.map(toTestimony), total, expiring };
    },

    async openCase(actor, id) {
      const testimony = await caseFor(actor, id, canDraftPublication);
      const files = await repo.filesOf(db, id);
      const items = (await repo.itemsOf(db, id)).map((i) => toItem(i, files));
      await audit.record(actor, 'testimony.open', { type: 'testimony', id });
      return {
        testimony,
        items,
        files: files.map((f) => ({ id: f.id, position: f.position, size: f.size, itemId: f.item_id })),
      };
    },

    async readContent(actor, id) {
      const testimony = await caseFor(actor, id, canDraftPublication);
      const files = await repo.filesOf(db, id);
      const items = (await repo.itemsOf(db, id)).map((i) => toItem(i, files));
      await audit.record(actor, 'testimony.read', { type: 'testimony', id }, { items: items.length });
      return { testimony, items };
    },

    async readFile(actor, testimonyId, fileId) {
      await caseFor(actor, testimonyId, canDraftPublication);
      const f = /^[0-9a-f-]{36}$/.test(fileId) ? await repo.findFile(db, fileId) : undefined;
      if (!f || f.testimony_id !== testimonyId) throw notFound('FILE_NOT_FOUND');
      await audit.record(actor, 'testimony.file_read', { type: 'testimony', id: testimonyId }, { file: fileId });
      return store.read(fileId);
    },

    async update(actor, id, change) {
      const t = await caseFor(actor, id);
      const patch: Record<string, unknown> = {};
      if (change.status !== undefined) {
        if (!(STATUSES as readonly string[]).includes(change.status)) throw fail('BAD_STATUS');
        if (change.status === 'referred' && !t.referralServiceId) throw fail('REFER_FIRST');
        patch.status = change.status;
      }
      if (change.priority !== undefined) {
        if (!(PRIORITIES as readonly string[]).includes(change.priority)) throw fail('BAD_PRIORITY');
        patch.priority = change.priority;
      }
      if (change.assigneeId !== undefined) patch.assignee_id = change.assigneeId;
      if (change.tags !== undefined) {
        const tags = [...new Set(change.tags.map((x) => x.trim().toLowerCase()).filter(Boolean))];
        if (tags.length > LIMITS.tags || tags.some((x) => x.length > LIMITS.tag || /[\u0000-\u001f<>]/.test(x)))
          throw fail('BAD_TAGS');
        patch.tags = toJson(tags);
      }
      await repo.updateTestimony(db, id, { ...patch, ...cases.touch() });
      await audit.record(actor, 'testimony.update', { type: 'testimony', id }, change as Record<string, unknown>);
    },

    async addNote(actor, id, forOrg) {
      const t = await caseFor(actor, id);
      if (!sealedFor(LIMITS.note * 4)(forOrg)) throw badCipher();
      await cases.addItem(t, actor, 'note', forOrg, null);
      await audit.record(actor, 'testimony.note', { type: 'testimony', id });
    },

    async addReply(actor, id, forOrg, forSurvivor) {
      const t = await caseFor(actor, id);
      if (!sealedFor(LIMITS.message * 4)(forOrg) || !sealedFor(LIMITS.message * 4)(forSurvivor)) throw badCipher();
      await cases.addItem(t, actor, 'reply', forOrg, forSurvivor);
      if (t.status === 'new') await repo.updateTestimony(db, id, { status: 'in_progress' });
      await audit.record(actor, 'testimony.reply', { type: 'testimony', id });
    },

    async proposeDraft(actor, id, forOrg, forSurvivor, draftDigest) {
      const t = await caseFor(actor, id, canDraftPublication);
      if (t.consent !== 'publish') throw fail('NO_PUBLISH_CONSENT');
      if (
        !sealedFor(LIMITS.draft * 4)(forOrg) ||
        !sealedFor(LIMITS.draft * 4)(forSurvivor) ||
        typeof draftDigest !== 'string' ||
        !/^[0-9a-f]{64}$/.test(draftDigest)
      )
        throw badCipher();
      await cases.addItem(t, actor, 'draft', forOrg, forSurvivor, { draftDigest });
      await audit.record(actor, 'testimony.draft_proposed', { type: 'testimony', id });
    },

    async refer(actor, id, serviceId, override) {
      const t = await caseFor(actor, id);
      if (!serviceId) throw fail('REFERRAL_SERVICE_REQUIRED');
      await deps.help.get(serviceId);
      if (!t.referralOk) {
        if (!override || !canOverrideReferral(actor)) throw fail('REFERRAL_NOT_CONSENTED');
      }
      await repo.updateTestimony(db, id, { referral_service_id: serviceId, status: 'referred', ...cases.touch() });
      await audit.record(
        actor,
        t.referralOk ? 'testimony.referred' : 'testimony.referred_override',
        { type: 'testimony', id },
        { service: serviceId, consent: t.referralOk },
      );
    },

    async recordStats(actor, id, s) {
      const t = await caseFor(actor, id, canDraftPublication);
      if (!countsInStatistics(t.consent)) throw fail('NO_STATS_CONSENT');
      if (t.statsDone) return;
      const year = new Date().getUTCFullYear();
      const okYear = (y: number | null) => y === null || (Number.isInteger(y) && y >= 1950 && y <= year);
      if (
        !okYear(s.incidentYear) ||
        (s.relationship !== null && !(RELATIONSHIPS as readonly string[]).includes(s.relationship)) ||
        (s.delayMonths !== null && (!Number.isInteger(s.delayMonths) || s.delayMonths < 0 || s.delayMonths > 1200))
      ) {
        throw fail('BAD_STATS');
      }
      await db.transaction().execute(async (trx) => {
        await repo.insertStats(trx, {
          id: randomUUID(),
          testimony_id: id,
          incident_year: s.incidentYear,
          region: s.region,
          relationship: s.relationship === 'unsaid' ? null : s.relationship,
          police: s.police === null ? null : s.police ? 1 : 0,
          delay_months: s.delayMonths,
          told_year: Number(t.createdOn.slice(0, 4)),
        });
        await repo.updateTestimony(trx, id, { stats_done: 1 });
      });
      await audit.record(actor, 'testimony.stats_recorded', { type: 'testimony', id });
    },

    async promote(actor, id, p) {
      const t = await caseFor(actor, id, canPromote);
      if (t.consent !== 'publish') throw fail('NO_PUBLISH_CONSENT');
      const title = p.title.trim();
      const summary = p.summary.trim();
      if (!title || !summary || summary.length > LIMITS.summary || !/^\d{4}(-\d{2})?$/.test(p.date))
        throw fail('BAD_PROMOTION');
      let entityId: string;
      try {
        const entity = await deps.observatory.create(
          {
            kind: 'case',
            slug: `testimony-${randomUUID().slice(0, 8)}`,
            subtype: null,
            title: { [p.locale]: title },
            summary: { [p.locale]: summary },
            body: {},
            region: p.region,
            place: {},
            dateStart: p.date,
            dateEnd: null,
            details: {},
            steps: [],
            uncertainties: [],
          },
          actor,
        );
        entityId = entity.id;
      } catch (err) {
        if (err instanceof ValidationError) throw fail('BAD_PROMOTION');
        throw err;
      }
      await repo.insertPromotion(db, {
        id: randomUUID(),
        testimony_id: id,
        summary,
        observatory_id: entityId,
        created_by: actor.id,
        created_on: today(),
      });
      await audit.record(actor, 'testimony.promoted', { type: 'testimony', id }, { observatory: entityId });
      return entityId;
    },

    async extend(actor, id) {
      await caseFor(actor, id);
      await repo.updateTestimony(db, id, cases.touch());
      await audit.record(actor, 'testimony.extended', { type: 'testimony', id });
    },
  };
}
