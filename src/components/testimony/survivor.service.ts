// Her side of a case: storing what she sent (ciphertext only), finding her case again through her
// receipt, her messages, her decision on a proposed public version, and deleting everything.
import { randomUUID } from 'node:crypto';
import type { AuditService } from '../../core/accounts/index.ts';
import { fail, forbidden, notFound } from '../../core/errors.ts';
import type { Db } from '../../db/database.ts';
import { toJson } from '../../db/portable.ts';
import { badCipher, checkFiles, tooBig, type CaseStore, type FileData } from './case-store.ts';
import { digest, isPublicKey, isSealed } from './crypto.ts';
import type { FileStore } from './file-store.ts';
import type { ReceiptHasher } from './receipt.server.ts';
import {
  addDays,
  CONSENTS,
  LIMITS,
  today,
  WARNINGS,
  type Consent,
  type Testimony,
  type TestimonyItem,
} from './testimony.ts';
import * as repo from './testimony.repository.ts';
import { toItem, toTestimony } from './testimony.rows.ts';

export interface Submission {
  componentId: string | null;
  orgKeyId: string;
  lookup: string;
  survivorPk: string;
  envelope: string;
  consent: Consent;
  referralOk: boolean;
  files: FileData[];
  mode: 'browser' | 'server';
}

export interface SurvivorMessage {
  forOrg: string;
  forSurvivor: string;
  files: FileData[];
}

export interface SurvivorCases {
  submit(s: Submission): Promise<{ id: string }>;
  /** Her case from the lookup value, or null. Costs one slow hash. */
  open(lookup: string): Promise<Testimony | null>;
  thread(t: Testimony): Promise<TestimonyItem[]>;
  /** The same case read again (after a change), without another slow hash. */
  refresh(t: Testimony): Promise<Testimony>;
  addMessage(t: Testimony, m: SurvivorMessage): Promise<void>;
  decideDraft(
    t: Testimony,
    itemId: string,
    approve: boolean,
    published?: { text: string; warnings: string[] },
  ): Promise<void>;
  deleteEverything(t: Testimony): Promise<void>;
  /** Spends a single-use token (proof-of-work challenge); false when it was used before. */
  spend(token: string, expiresAtMs: number): Promise<boolean>;
}

export function createSurvivorCases(
  deps: {
    db: Db;
    audit: AuditService;
    files: FileStore;
    hasher: ReceiptHasher;
    retentionDays: number;
    onPublish?: () => void;
    /** Something new from her is stored (caseworkers are told that something waits; it never throws). */
    onArrival?: () => Promise<void>;
  },
  cases: CaseStore,
): SurvivorCases {
  const { db, audit, files: store, hasher } = deps;
  const survivor = { system: 'survivor' } as const;

  return {
    async submit(s) {
      if (!isSealed(s.envelope, LIMITS.envelopeBytes))
        throw String(s.envelope).length > LIMITS.envelopeBytes * 2 ? tooBig() : badCipher();
      if (!isPublicKey(s.survivorPk) || !(CONSENTS as readonly string[]).includes(s.consent)) throw badCipher();
      checkFiles(s.files);
      const key = await repo.findOrgKey(db, s.orgKeyId);
      if (!key) throw fail('TESTIMONY_UNKNOWN_KEY');
      const receiptHash = await hasher.hashLookup(s.lookup);
      if (await repo.findByReceiptHash(db, receiptHash)) throw fail('TESTIMONY_REPLAYED');
      const id = randomUUID();
      const day = today();
      await cases.withFiles(id, null, s.files, async (trx) => {
        await repo.insertTestimony(trx, {
          id,
          component_id: s.componentId,
          org_key_id: key.id,
          receipt_hash: receiptHash,
          survivor_pk: s.survivorPk,
          envelope: s.envelope,
          mode: s.mode,
          consent: s.consent,
          referral_ok: s.referralOk ? 1 : 0,
          status: 'new',
          priority: 'normal',
          assignee_id: null,
          referral_service_id: null,
          created_on: day,
          last_activity_on: day,
          expires_on: addDays(day, deps.retentionDays),
          warned_on: null,
        });
      });
      await deps.onArrival?.();
      return { id };
    },

    async open(lookup) {
      const row = await repo.findByReceiptHash(db, await hasher.hashLookup(lookup));
      return row ? toTestimony(row) : null;
    },

    async thread(t) {
      const files = await repo.filesOf(db, t.id);
      return (await repo.itemsOf(db, t.id)).filter((i) => i.kind !== 'note').map((i) => toItem(i, files));
    },

    async refresh(t) {
      const row = await repo.findTestimony(db, t.id);
      if (!row) throw notFound('TESTIMONY_NOT_FOUND');
      return toTestimony(row);
    },

    async addMessage(t, m) {
      if (!isSealed(m.forOrg, LIMITS.messageEnvelopeBytes) || !isSealed(m.forSurvivor, LIMITS.messageEnvelopeBytes))
        throw badCipher();
      checkFiles(m.files);
      const existing = await repo.filesOf(db, t.id);
      if (existing.length + m.files.length > LIMITS.files * 4) throw fail('TESTIMONY_TOO_MANY_FILES');
      await cases.addItem(t, null, 'message', m.forOrg, m.forSurvivor, {}, m.files);
      await deps.onArrival?.();
    },

    async decideDraft(t, itemId, approve, published) {
      const item = await repo.findItem(db, itemId);
      if (!item || item.testimony_id !== t.id || item.kind !== 'draft') throw notFound('DRAFT_NOT_FOUND');
      if (item.draft_state !== 'proposed') throw fail('DRAFT_DECIDED');
      if (approve) {
        if (t.consent !== 'publish' || !published) throw forbidden();
        const warnings = published.warnings.filter((w) => (WARNINGS as readonly string[]).includes(w));
        if (digest(JSON.stringify({ text: published.text, warnings })) !== item.draft_digest)
          throw fail('DRAFT_MISMATCH');
        await db.transaction().execute(async (trx) => {
          if (!(await repo.setDraftState(trx, itemId, 'proposed', 'approved'))) throw fail('DRAFT_DECIDED');
          await repo.insertStory(trx, {
            id: randomUUID(),
            testimony_id: t.id,
            component_id: t.componentId,
            body: published.text,
            warnings: toJson(warnings),
            published_on: today(),
          });
          await repo.updateTestimony(trx, t.id, cases.touch());
        });
        deps.onPublish?.();
      } else if (!(await repo.setDraftState(db, itemId, 'proposed', 'rejected'))) {
        throw fail('DRAFT_DECIDED');
      }
      await audit.record(survivor, approve ? 'testimony.publication_approved' : 'testimony.publication_rejected', {
        type: 'testimony',
        id: t.id,
      });
    },

    async deleteEverything(t) {
      const fileIds = (await repo.filesOf(db, t.id)).map((f) => f.id);
      await db.transaction().execute((trx) => repo.deleteEverything(trx, t.id));
      await store.remove(fileIds);
      await audit.record(
        survivor,
        'testimony.deleted_by_survivor',
        { type: 'testimony', id: t.id },
        { files: fileIds.length },
      );
      deps.onPublish?.();
    },

    spend: (token, expiresAtMs) => repo.spend(db, token, new Date(expiresAtMs).toISOString()),
  };
}
