// The steps the observatory's writes share (moderation and the reference sync): checking an input,
// writing it over a stored record with its timeline rows, the edit history, and resolving and checking
// the two ends of a link.
import type { Actor } from '../core/accounts/index.ts';
import type { Campaign, CampaignsService } from '../core/campaigns/index.ts';
import { AppError, ValidationError, fail } from '../core/errors.ts';
import type { RegionsService } from '../core/regions/index.ts';
import type { Db } from '../db/database.ts';
import { newId, nowIso, toJson } from '../db/portable.ts';
import {
  actorId,
  actorLabel,
  campaignEndpoint,
  entityColumns,
  entityEndpoint,
  timelineRows,
} from './observatory.mappers.ts';
import {
  isKind,
  type Endpoint,
  type EndpointRef,
  type Entity,
  type EntityInput,
  type Kind,
} from './observatory.model.ts';
import * as repo from './observatory.repository.ts';
import { normaliseInput, validateEntity, type EndpointFacts } from './observatory.validation.ts';

export interface WriteStepsDeps {
  db: Db;
  regions: Pick<RegionsService, 'get' | 'isValid'>;
  campaigns: Pick<CampaignsService, 'getById' | 'getBySlug'>;
}

export type WriteSteps = ReturnType<typeof createWriteSteps>;

export function createWriteSteps({ db, regions, campaigns }: WriteStepsDeps) {
  /** One entry of a record's edit history, inside `trx`. */
  async function revision(
    trx: Db,
    entityId: string,
    actor: Actor,
    action: string,
    version: number,
    changes: Record<string, unknown> = {},
  ) {
    await repo.insertRevision(trx, {
      id: newId(),
      entity_id: entityId,
      at: nowIso(),
      actor_id: actorId(actor),
      actor_label: actorLabel(actor),
      action,
      version,
      changes: toJson(changes),
    });
  }

  /** The input normalised, or a ValidationError naming the fields at fault. */
  function check(input: EntityInput, publish: boolean): EntityInput {
    if (!isKind(input.kind)) throw new ValidationError({ kind: 'form.error.choice' });
    const norm = normaliseInput(input);
    const fields = validateEntity(norm, { isRegion: regions.isValid, publish });
    if (Object.keys(fields).length) throw new ValidationError(fields);
    return norm;
  }

  /** Writes a full input over a stored record and refreshes its timeline rows, inside `trx`. */
  async function applyInput(trx: Db, current: Entity, input: EntityInput, extra: Record<string, unknown> = {}) {
    const ok = await repo.updateEntity(
      trx,
      current.id,
      current.version,
      { ...entityColumns(input, regions), updated_at: nowIso(), ...extra },
      timelineRows(current.id, input, current.status === 'published'),
    );
    if (!ok) throw fail('OBSERVATORY_EDITED_ELSEWHERE');
  }

  /** A link's end as the checks (`facts`) and pages (`endpoint`) see it; `field` names it in errors. */
  async function resolveEndpoint(
    ref: EndpointRef,
    field: string,
  ): Promise<{ facts: EndpointFacts; endpoint: Endpoint }> {
    if (ref.type === 'campaign') {
      let c: Campaign;
      try {
        c = ref.id
          ? await campaigns.getById(ref.id)
          : await campaigns.getBySlug(ref.slug ?? '', { includeDrafts: true });
      } catch (err) {
        if (err instanceof AppError && err.kind === 'not_found')
          throw new ValidationError({ [field]: 'observatory.error.link_missing' });
        throw err;
      }
      return {
        facts: { type: 'campaign', id: c.id, kind: null, dateStart: c.startsOn },
        endpoint: campaignEndpoint(c),
      };
    }
    if (ref.type !== 'entity') throw new ValidationError({ [field]: 'form.error.choice' });
    const row = ref.id
      ? await repo.findById(db, ref.id)
      : await repo.findBySlug(db, (ref.slug ?? '').trim().toLowerCase());
    if (!row) throw new ValidationError({ [field]: 'observatory.error.link_missing' });
    return {
      facts: { type: 'entity', id: row.id, kind: row.kind as Kind, dateStart: row.date_start },
      endpoint: entityEndpoint(row),
    };
  }

  /** True when following `relation` from `start` leads back to `target` (so target → start would close a loop). */
  async function reaches(relation: string, start: string, target: string): Promise<boolean> {
    const seen = new Set<string>([start]);
    let frontier = [start];
    while (frontier.length && seen.size < 50_000) {
      const next: string[] = [];
      for (let i = 0; i < frontier.length; i += 500) {
        for (const id of await repo.targetsOf(db, relation, frontier.slice(i, i + 500))) {
          if (id === target) return true;
          if (!seen.has(id)) {
            seen.add(id);
            next.push(id);
          }
        }
      }
      frontier = next;
    }
    return false;
  }

  return { revision, check, applyInput, resolveEndpoint, reaches };
}
