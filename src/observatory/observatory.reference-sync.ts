// Loading the reference dataset into the observatory (observatory.reference.ts reads it): records and
// links are created or refreshed by their dataset key, and staff edits made since the last load are kept.
import { ReferenceDataError } from '../core/errors.ts';
import type { RegionsService } from '../core/regions/index.ts';
import type { Db } from '../db/database.ts';
import { newId, nowIso, toJson } from '../db/portable.ts';
import { diff, entityColumns, hashInput, inputOf, timelineRows, toEntity } from './observatory.mappers.ts';
import { isRelation, type EntityInput, type LinkInput } from './observatory.model.ts';
import * as repo from './observatory.repository.ts';
import { ACYCLIC_RELATIONS, linkProblem, normaliseInput, validateEntity } from './observatory.validation.ts';
import type { WriteSteps } from './observatory.writes.ts';

export interface ObservatoryReferenceSync {
  /** Loads or refreshes a record from the reference dataset; staff edits since the last load are kept. */
  upsertReference(key: string, input: EntityInput): Promise<'created' | 'updated' | 'unchanged'>;
  upsertReferenceLink(key: string, input: LinkInput): Promise<'created' | 'updated' | 'unchanged'>;
}

export interface ReferenceSyncDeps {
  db: Db;
  regions: Pick<RegionsService, 'get' | 'isValid'>;
  steps: WriteSteps;
  changed: () => void;
}

export function createObservatoryReferenceSync(deps: ReferenceSyncDeps): ObservatoryReferenceSync {
  const { db, regions, changed } = deps;
  const { revision, applyInput, resolveEndpoint, reaches } = deps.steps;

  return {
    async upsertReference(key, rawInput) {
      const input = normaliseInput(rawInput);
      const fields = validateEntity(input, { isRegion: regions.isValid, publish: true });
      if (Object.keys(fields).length) throw new ReferenceDataError(`Reference record ${key}`, fields);
      const hash = hashInput(input);
      const existing = await repo.findByReferenceKey(db, key);
      const system = { system: 'reference' };
      const result = await db.transaction().execute(async (trx) => {
        if (!existing) {
          // A staff record may already use the slug: the reference copy then stays out of its way.
          if (await repo.findBySlug(trx, input.slug)) return 'unchanged' as const;
          const id = newId();
          const now = nowIso();
          await repo.insertEntity(trx, {
            id,
            ...entityColumns(input, regions),
            status: 'published',
            pending: null,
            pending_by: null,
            pending_at: null,
            reference_key: key,
            reference_hash: hash,
            created_by: null,
            created_at: now,
            updated_at: now,
            published_at: now,
          });
          await repo.replaceTimeline(trx, id, timelineRows(id, input, true));
          await revision(trx, id, system, 'create', 1, diff(null, input));
          return 'created' as const;
        }
        const current = toEntity(existing);
        if (existing.reference_hash === hash) return 'unchanged' as const;
        // Staff changed the record since it was loaded: their work wins over the shipped copy.
        if (hashInput(normaliseInput(inputOf(current))) !== existing.reference_hash) return 'unchanged' as const;
        if (input.slug !== current.slug && (await repo.findBySlug(trx, input.slug))) return 'unchanged' as const;
        await applyInput(trx, current, input, { reference_hash: hash });
        await revision(trx, current.id, system, 'update', current.version + 1, diff(inputOf(current), input));
        return 'updated' as const;
      });
      if (result !== 'unchanged') changed();
      return result;
    },

    async upsertReferenceLink(key, input) {
      const existing = await repo.findLinkByReferenceKey(db, key);
      const from = await resolveEndpoint(input.from, 'from');
      const to = await resolveEndpoint(input.to, 'target');
      const note = toJson(input.note);
      if (existing) {
        if (
          existing.from_id === from.facts.id &&
          existing.to_id === to.facts.id &&
          existing.relation === input.relation &&
          existing.note === note
        )
          return 'unchanged';
        await repo.updateLink(db, existing.id, {
          from_type: from.facts.type,
          from_id: from.facts.id,
          relation: input.relation,
          to_type: to.facts.type,
          to_id: to.facts.id,
          note,
        });
        changed();
        return 'updated';
      }
      const problem = !isRelation(input.relation)
        ? 'observatory.error.relation'
        : linkProblem(from.facts, input.relation, to.facts);
      if (problem) throw new Error(`Reference link ${key} is invalid: ${problem}`);
      // A staff link with the same ends and relation already says it.
      if (await repo.findLinkTriple(db, from.facts.id, input.relation, to.facts.id)) return 'unchanged';
      if (
        (ACYCLIC_RELATIONS as readonly string[]).includes(input.relation) &&
        (await reaches(input.relation, to.facts.id, from.facts.id))
      )
        throw new Error(`Reference link ${key} closes a cycle`);
      await repo.insertLink(db, {
        id: newId(),
        from_type: from.facts.type,
        from_id: from.facts.id,
        relation: input.relation,
        to_type: to.facts.type,
        to_id: to.facts.id,
        note,
        approved: 1,
        reference_key: key,
        created_by: null,
        created_at: nowIso(),
      });
      changed();
      return 'created';
    },
  };
}
