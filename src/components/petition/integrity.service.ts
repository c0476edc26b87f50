// Staff integrity tools: the allow/block lists (domains, addresses kept as keyed hashes, network
// prefixes) and bulk invalidation by criteria, previewed first, recorded with its reason, recounted.
import type { Staff } from '../../core/accounts/index.ts';
import { forbidden, notFound, ValidationError } from '../../core/errors.ts';
import { normaliseEmail } from '../../core/mail/index.ts';
import { isoAt, newId, nowIso, toJson } from '../../db/portable.ts';
import { recount } from './counting.service.ts';
import { displayName, nameMatcher, type ListEntry } from './integrity.ts';
import type { PetitionContext } from './petition.context.ts';
import {
  ABROAD,
  type InvalidationCriteria,
  type InvalidationPreview,
  type InvalidationRow,
  type ListRow,
} from './petition.ts';
import { petitionCan } from './petition.permissions.ts';
import * as repo from './petition.repository.ts';

export interface PetitionIntegrity {
  previewInvalidation(id: string, criteria: InvalidationCriteria, actor: Staff): Promise<InvalidationPreview>;
  invalidate(id: string, criteria: InvalidationCriteria, reason: string, actor: Staff): Promise<number>;
  invalidations(id: string): Promise<InvalidationRow[]>;
  listEntries(): Promise<ListRow[]>;
  addEntry(
    input: { kind?: string; value?: string; action?: string; note?: string; days?: string },
    actor: Staff,
  ): Promise<void>;
  removeEntry(id: string, actor: Staff): Promise<void>;
}

export function createIntegrity(ctx: PetitionContext): PetitionIntegrity {
  const { db, audit, regions, pageCache } = ctx.deps;

  /** Pending and confirmed signatures matching the criteria; names are matched here, once opened. */
  async function matching(id: string, c: InvalidationCriteria) {
    const rows = await repo.candidates(db, id, c);
    if (!c.namePattern) return rows;
    const match = nameMatcher(c.namePattern);
    return rows.filter((r) => {
      if (!r.name_sealed) return false;
      try {
        return match(ctx.box.open(r.name_sealed));
      } catch {
        return false;
      }
    });
  }

  function checkCriteria(c: InvalidationCriteria): void {
    const fields: Record<string, string> = {};
    if (c.region && c.region !== ABROAD && !regions.isValid(c.region)) fields.region = 'form.error.choice';
    for (const k of ['from', 'to'] as const) if (c[k] && Number.isNaN(Date.parse(c[k]!))) fields[k] = 'form.error.date';
    if (c.namePattern && (c.namePattern.length > 100 || /^\**$/.test(c.namePattern)))
      fields.namePattern = 'form.error.invalid';
    const any =
      c.domain || c.ipHash || c.ipPrefixHash || c.from || c.to || c.region || c.namePattern || c.quarantinedOnly;
    if (!any) fields.domain = 'petition.error.criteria_needed';
    if (Object.keys(fields).length) throw new ValidationError(fields);
  }

  return {
    async previewInvalidation(id, criteria, actor) {
      await ctx.loadForStaff(id, actor, 'invalidate');
      checkCriteria(criteria);
      const rows = await matching(id, criteria);
      const byStatus: Record<string, number> = {};
      const byRegion: Record<string, number> = {};
      for (const r of rows) {
        const s = r.quarantined ? 'quarantined' : r.status;
        byStatus[s] = (byStatus[s] ?? 0) + 1;
        byRegion[r.region] = (byRegion[r.region] ?? 0) + 1;
      }
      const sample = rows.slice(0, 20).map((r) => {
        let name = r.display_name ?? '';
        if (!name && r.name_sealed) name = displayName(ctx.box.open(r.name_sealed)).replace(/(?<=^.)[^ ]*/u, '…');
        return {
          name,
          region: r.region,
          domain: r.email_domain ?? '',
          createdAt: r.created_at,
          status: r.status,
          quarantined: !!r.quarantined,
        };
      });
      return { count: rows.length, byStatus, byRegion, sample };
    },

    async invalidate(id, criteria, reason, actor) {
      await ctx.loadForStaff(id, actor, 'invalidate');
      checkCriteria(criteria);
      const why = reason.trim();
      if (why.length < 10)
        throw new ValidationError({ reason: why ? 'petition.error.reason_short' : 'form.error.required' });
      if (why.length > 2000) throw new ValidationError({ reason: 'form.error.too_long' });
      const ids = (await matching(id, criteria)).map((r) => r.id);
      const invalidationId = newId();
      const now = nowIso();
      const n = await db.transaction().execute(async (trx) => {
        const count = await repo.invalidateSignatures(trx, ids, invalidationId, now);
        await repo.insertInvalidation(trx, {
          id: invalidationId,
          petition_id: id,
          criteria: toJson(criteria),
          reason: why,
          count,
          actor_id: actor.id,
          created_at: now,
        });
        return count;
      });
      await audit.record(
        actor,
        'petition.invalidate',
        { type: 'petition', id },
        { invalidation: invalidationId, count: n, criteria, reason: why },
      );
      await recount(ctx, id, 'invalidation');
      pageCache.clear();
      return n;
    },

    invalidations: (id) => repo.listInvalidations(db, id),

    async listEntries() {
      return repo.listEntries(db);
    },

    async addEntry(input, actor) {
      if (!petitionCan(actor, 'lists', { createdBy: null })) throw forbidden();
      const fields: Record<string, string> = {};
      const kind = input.kind as ListEntry['kind'];
      const action = input.action as ListEntry['action'];
      if (!['domain', 'email', 'ip_prefix'].includes(kind)) fields.kind = 'form.error.choice';
      if (!['allow', 'block'].includes(action)) fields.action = 'form.error.choice';
      let value = (input.value ?? '').trim();
      if (!value) fields.value = 'form.error.required';
      else if (kind === 'domain') {
        value = value.toLowerCase().replace(/^@/, '');
        if (!/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(value))
          fields.value = 'petition.error.domain';
      } else if (kind === 'email') {
        const e = normaliseEmail(value);
        if (!e) fields.value = 'form.error.email';
        else value = ctx.emailKey(e.normalised); // only the keyed hash is kept, never the address
      } else if (kind === 'ip_prefix' && !/^[A-Za-z0-9_-]{22}$/.test(value)) fields.value = 'petition.error.ip_hash';
      const note = (input.note ?? '').trim();
      if (note.length > 300) fields.note = 'form.error.too_long';
      const days = input.days ? Number(input.days) : kind === 'ip_prefix' ? 2 : 0;
      if (!Number.isInteger(days) || days < 0 || days > 3650) fields.days = 'form.error.invalid';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const id = newId();
      await repo.insertEntry(db, {
        id,
        kind,
        value,
        action,
        note,
        created_by: actor.id,
        created_at: nowIso(),
        expires_at: days ? isoAt(Date.now() + days * 86_400_000) : null,
      });
      ctx.lists.changed();
      await audit.record(
        actor,
        'petition.list.add',
        { type: 'petition_list', id },
        { kind, action, value: kind === 'domain' ? value : '(hash)', note },
      );
    },

    async removeEntry(id, actor) {
      if (!petitionCan(actor, 'lists', { createdBy: null })) throw forbidden();
      const row = await repo.deleteEntry(db, id);
      if (!row) throw notFound();
      ctx.lists.changed();
      await audit.record(
        actor,
        'petition.list.remove',
        { type: 'petition_list', id },
        { kind: row.kind, action: row.action },
      );
    },
  };
}
