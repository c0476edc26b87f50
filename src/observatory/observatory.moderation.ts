// Moderation in the observatory: staff create and edit records (or propose changes to published ones),
// move them between draft, review and published, approve or reject proposals, and add, approve and
// remove links; every step leaves a revision in the record's history and a line in the audit log.
import type { Actor, AuditService, Staff } from '../core/accounts/index.ts';
import { forbidden, ValidationError, fail } from '../core/errors.ts';
import type { RegionsService } from '../core/regions/index.ts';
import type { Db } from '../db/database.ts';
import { newId, nowIso, toJson } from '../db/portable.ts';
import { LOCALES, type Translatable } from '../i18n/locales.ts';
import { diff, entityColumns, inputOf, timelineRows, toLink, toRevision } from './observatory.mappers.ts';
import {
  isRelation,
  type Entity,
  type EntityInput,
  type EntityStatus,
  type Link,
  type LinkInput,
  type Revision,
} from './observatory.model.ts';
import {
  editMode,
  linkApprovedOnCreate,
  mayChangeStatus,
  mayEdit,
  mayPublish,
  mayRemoveLink,
} from './observatory.permissions.ts';
import type { ObservatoryReads } from './observatory.reads.ts';
import * as repo from './observatory.repository.ts';
import { ACYCLIC_RELATIONS, linkProblem, normaliseInput, validateEntity } from './observatory.validation.ts';
import type { WriteSteps } from './observatory.writes.ts';

export interface ObservatoryModeration {
  create(input: EntityInput, actor: Staff): Promise<Entity>;
  update(
    id: string,
    expectedVersion: number,
    input: EntityInput,
    actor: Staff,
  ): Promise<{ entity: Entity; proposed: boolean }>;
  setStatus(id: string, status: EntityStatus, actor: Staff): Promise<Entity>;
  approvePending(id: string, actor: Staff): Promise<Entity>;
  rejectPending(id: string, actor: Staff): Promise<Entity>;
  addLink(input: LinkInput, actor: Actor): Promise<Link>;
  approveLink(id: string, actor: Staff): Promise<void>;
  removeLink(id: string, actor: Staff): Promise<Link>;
  history(entityId: string): Promise<Revision[]>;
}

export interface ModerationDeps {
  db: Db;
  audit: AuditService;
  regions: Pick<RegionsService, 'get' | 'isValid'>;
  reads: Pick<ObservatoryReads, 'getById' | 'getLink'>;
  steps: WriteSteps;
  changed: () => void;
}

export function createObservatoryModeration(deps: ModerationDeps): ObservatoryModeration {
  const { db, audit, regions, reads, changed } = deps;
  const { revision, check, applyInput, resolveEndpoint, reaches } = deps.steps;

  async function assertSlugFree(slug: string, exceptId?: string) {
    const existing = await repo.findBySlug(db, slug);
    if (existing && existing.id !== exceptId) throw new ValidationError({ slug: 'observatory.error.slug_taken' });
  }

  async function hasPublishedSource(entityId: string): Promise<boolean> {
    const cites = (await repo.linksOf(db, entityId)).filter(
      (l) => l.from_id === entityId && l.relation === 'cites' && l.to_type === 'entity',
    );
    const targets = await repo.findByIds(
      db,
      cites.map((l) => l.to_id),
    );
    return targets.some((t) => t.kind === 'source' && t.status === 'published');
  }

  return {
    async create(rawInput, actor) {
      if (!mayEdit(actor)) throw forbidden();
      const input = check(rawInput, false);
      await assertSlugFree(input.slug);
      const id = newId();
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await repo.insertEntity(trx, {
          id,
          ...entityColumns(input, regions),
          status: 'draft',
          pending: null,
          pending_by: null,
          pending_at: null,
          reference_key: null,
          reference_hash: null,
          created_by: actor.id,
          created_at: now,
          updated_at: now,
          published_at: null,
        });
        await repo.replaceTimeline(trx, id, timelineRows(id, input, false));
        await revision(trx, id, actor, 'create', 1, diff(null, input));
      });
      await audit.record(
        actor,
        'observatory.create',
        { type: 'observatory', id },
        { kind: input.kind, slug: input.slug },
      );
      changed();
      return reads.getById(id);
    },

    async update(id, expectedVersion, rawInput, actor) {
      const current = await reads.getById(id);
      const mode = editMode(actor, current.status);
      if (mode === 'none') throw forbidden();
      if (current.version !== expectedVersion) throw fail('OBSERVATORY_EDITED_ELSEWHERE');
      const input = check({ ...rawInput, kind: current.kind }, current.status === 'published');
      await assertSlugFree(input.slug, id);
      const changes = diff(inputOf(current), input);
      if (mode === 'propose') {
        if (current.pending && current.pending.byId !== actor.id) throw fail('OBSERVATORY_PENDING');
        await db.transaction().execute(async (trx) => {
          const ok = await repo.updateEntity(trx, id, current.version, {
            pending: toJson({ input, by: actor.email }),
            pending_by: actor.id,
            pending_at: nowIso(),
          });
          if (!ok) throw fail('OBSERVATORY_EDITED_ELSEWHERE');
          await revision(trx, id, actor, 'propose', current.version + 1, changes);
        });
        await audit.record(actor, 'observatory.propose', { type: 'observatory', id }, { fields: Object.keys(changes) });
        changed();
        return { entity: await reads.getById(id), proposed: true };
      }
      if (!Object.keys(changes).length) return { entity: current, proposed: false };
      await db.transaction().execute(async (trx) => {
        await applyInput(trx, current, input);
        await revision(trx, id, actor, 'update', current.version + 1, changes);
      });
      await audit.record(
        actor,
        'observatory.update',
        { type: 'observatory', id },
        { fields: Object.keys(changes), version: current.version + 1 },
      );
      changed();
      return { entity: await reads.getById(id), proposed: false };
    },

    async setStatus(id, status, actor) {
      const current = await reads.getById(id);
      if (!(['draft', 'review', 'published'] as const).includes(status)) throw fail('BAD_STATUS');
      if (!mayChangeStatus(actor, current.status, status)) throw forbidden();
      if (status === 'published') {
        const fields = validateEntity(normaliseInput(inputOf(current)), { isRegion: regions.isValid, publish: true });
        if (current.kind !== 'source' && !(await hasPublishedSource(id)))
          fields.sources = 'observatory.error.publish_needs_source';
        if (Object.keys(fields).length) throw new ValidationError(fields);
      }
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        const ok = await repo.updateEntity(
          trx,
          id,
          current.version,
          {
            status,
            updated_at: now,
            published_at: status === 'published' ? (current.publishedAt ?? now) : current.publishedAt,
          },
          timelineRows(id, inputOf(current), status === 'published'),
        );
        if (!ok) throw fail('OBSERVATORY_EDITED_ELSEWHERE');
        // The moderator who publishes a record has reviewed the links it makes.
        if (status === 'published') await repo.approveLinksFrom(trx, id);
        await revision(trx, id, actor, 'status', current.version + 1, { status: [current.status, status] });
      });
      await audit.record(
        actor,
        'observatory.status',
        { type: 'observatory', id },
        { from: current.status, to: status },
      );
      changed();
      return reads.getById(id);
    },

    async approvePending(id, actor) {
      if (!mayPublish(actor)) throw forbidden();
      const current = await reads.getById(id);
      if (!current.pending) throw fail('OBSERVATORY_NO_PENDING');
      const input = check({ ...current.pending.input, kind: current.kind }, current.status === 'published');
      await assertSlugFree(input.slug, id);
      const changes = diff(inputOf(current), input);
      await db.transaction().execute(async (trx) => {
        await applyInput(trx, current, input, { pending: null, pending_by: null, pending_at: null });
        await revision(trx, id, actor, 'approve', current.version + 1, {
          ...changes,
          proposed_by: [null, current.pending!.by],
        });
      });
      await audit.record(
        actor,
        'observatory.approve',
        { type: 'observatory', id },
        { proposed_by: current.pending.byId, fields: Object.keys(changes) },
      );
      changed();
      return reads.getById(id);
    },

    async rejectPending(id, actor) {
      if (!mayPublish(actor)) throw forbidden();
      const current = await reads.getById(id);
      if (!current.pending) throw fail('OBSERVATORY_NO_PENDING');
      await db.transaction().execute(async (trx) => {
        const ok = await repo.updateEntity(trx, id, current.version, {
          pending: null,
          pending_by: null,
          pending_at: null,
        });
        if (!ok) throw fail('OBSERVATORY_EDITED_ELSEWHERE');
        await revision(trx, id, actor, 'reject', current.version + 1, { proposed_by: [current.pending!.by, null] });
      });
      await audit.record(
        actor,
        'observatory.reject',
        { type: 'observatory', id },
        { proposed_by: current.pending.byId },
      );
      changed();
      return reads.getById(id);
    },

    async addLink(input, actor) {
      const staff = 'system' in actor ? null : actor;
      if (staff && !mayEdit(staff)) throw forbidden();
      if (!isRelation(input.relation)) throw new ValidationError({ relation: 'observatory.error.relation' });
      const fields: Record<string, string> = {};
      for (const l of LOCALES)
        if ((input.note[l] ?? '').length > 400 || /[\u0000-\u001f\u007f]/.test(input.note[l] ?? ''))
          fields[`note_${l}`] = 'observatory.error.note';
      if (Object.keys(fields).length) throw new ValidationError(fields);
      const from = await resolveEndpoint(input.from, 'from');
      const to = await resolveEndpoint(input.to, 'target');
      if (from.facts.type === 'campaign' && to.facts.type === 'campaign')
        throw new ValidationError({ target: 'observatory.error.link_two_campaigns' });
      const problem = linkProblem(from.facts, input.relation, to.facts);
      if (problem) throw new ValidationError({ target: problem });
      if (await repo.findLinkTriple(db, from.facts.id, input.relation, to.facts.id))
        throw new ValidationError({ target: 'observatory.error.link_exists' });
      if (
        (ACYCLIC_RELATIONS as readonly string[]).includes(input.relation) &&
        (await reaches(input.relation, to.facts.id, from.facts.id))
      ) {
        throw new ValidationError({ target: 'observatory.error.link_cycle' });
      }
      const note: Translatable = {};
      for (const l of LOCALES) if (input.note[l]?.trim()) note[l] = input.note[l]!.trim();
      const row = {
        id: newId(),
        from_type: from.facts.type,
        from_id: from.facts.id,
        relation: input.relation,
        to_type: to.facts.type,
        to_id: to.facts.id,
        note: toJson(note),
        approved: staff ? (linkApprovedOnCreate(staff) ? 1 : 0) : 1,
        reference_key: null,
        created_by: staff?.id ?? null,
        created_at: nowIso(),
      };
      await db.transaction().execute(async (trx) => {
        await repo.insertLink(trx, row);
        for (const end of [from, to]) {
          if (end.facts.type !== 'entity') continue;
          const e = await repo.findById(trx, end.facts.id);
          await revision(trx, end.facts.id, actor, 'link.add', e!.version, {
            link: [
              null,
              { relation: row.relation, from: from.endpoint.slug, to: to.endpoint.slug, approved: row.approved === 1 },
            ],
          });
        }
      });
      await audit.record(
        actor,
        'observatory.link.add',
        { type: 'observatory_link', id: row.id },
        { relation: row.relation, from: from.facts.id, to: to.facts.id },
      );
      changed();
      return toLink(row as repo.LinkRow);
    },

    async approveLink(id, actor) {
      if (!mayPublish(actor)) throw forbidden();
      const link = await reads.getLink(id);
      if (link.approved) return;
      await repo.updateLink(db, id, { approved: 1 });
      await audit.record(
        actor,
        'observatory.link.approve',
        { type: 'observatory_link', id },
        { relation: link.relation },
      );
      changed();
    },

    async removeLink(id, actor) {
      const link = await reads.getLink(id);
      if (!mayRemoveLink(actor, link)) throw forbidden();
      await db.transaction().execute(async (trx) => {
        await repo.deleteLink(trx, id);
        for (const [type, eid] of [
          [link.fromType, link.fromId],
          [link.toType, link.toId],
        ] as const) {
          if (type !== 'entity') continue;
          const e = await repo.findById(trx, eid);
          if (e)
            await revision(trx, eid, actor, 'link.remove', e.version, {
              link: [{ relation: link.relation, from: link.fromId, to: link.toId, note: link.note }, null],
            });
        }
      });
      await audit.record(
        actor,
        'observatory.link.remove',
        { type: 'observatory_link', id },
        { relation: link.relation, from: link.fromId, to: link.toId },
      );
      changed();
      return link;
    },

    async history(entityId) {
      return (await repo.listRevisions(db, entityId)).map(toRevision);
    },
  };
}
