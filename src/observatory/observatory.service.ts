// The observatory: cases, laws, events, organisations and sources with typed links to each other and
// to campaigns; a timeline index kept in step with every write; moderation (draft → review →
// published, proposals on published records); per-entity edit history and audit; and the hooks other
// modules use to add signals to impact pages and layers to the region map.
import type { Actor, AuditService } from '../core/accounts/audit.service.ts';
import type { Staff } from '../core/accounts/roles.ts';
import type { Campaign } from '../core/campaigns/campaign.ts';
import type { CampaignsService } from '../core/campaigns/campaigns.service.ts';
import type { RegionsService } from '../core/regions/regions.service.ts';
import type { Db } from '../db/database.ts';
import { newId, nowIso, toJson } from '../db/portable.ts';
import { AppError, forbidden, notFound, ValidationError, fail } from '../core/errors.ts';
import { fold } from '../i18n/fold.ts';
import { LOCALES, type Translatable } from '../i18n/locales.ts';
import {
  isKind,
  isRelation,
  STORY_KINDS,
  type DatedMoment,
  type Endpoint,
  type EndpointRef,
  type Entity,
  type EntityInput,
  type EntityPage,
  type EntityStatus,
  type ImpactData,
  type Kind,
  type Link,
  type LinkInput,
  type LinkView,
  type Paged,
  type RegionLayer,
  type RegionLayerProvider,
  type Revision,
  type SearchQuery,
  type SignalProvider,
  type SignalSeries,
  type TimelineItem,
  type TimelineQuery,
} from './observatory.model.ts';
import {
  actorId,
  actorLabel,
  campaignEndpoint,
  clampPage,
  clampPer,
  datedMoment,
  diff,
  entityColumns,
  entityEndpoint,
  hashInput,
  inputOf,
  offsetOf,
  pageOf,
  timelineRows,
  toEntity,
  toItem,
  toLink,
  toRevision,
} from './observatory.mappers.ts';
import {
  editMode,
  linkApprovedOnCreate,
  mayChangeStatus,
  mayEdit,
  mayPublish,
  mayRemoveLink,
} from './observatory.permissions.ts';
import * as repo from './observatory.repository.ts';
import { ReferenceDataError } from '../core/reference/reference-error.ts';
import {
  ACYCLIC_RELATIONS,
  linkProblem,
  normaliseInput,
  validateEntity,
  type EndpointFacts,
} from './observatory.validation.ts';

export interface ObservatoryService {
  getById(id: string): Promise<Entity>;
  /** Published records only, unless `includeUnpublished` (staff previews). */
  getBySlug(slug: string, opts?: { includeUnpublished?: boolean }): Promise<Entity>;
  page(entity: Entity, opts?: { includeUnpublished?: boolean }): Promise<EntityPage>;
  timeline(query: TimelineQuery): Promise<Paged<TimelineItem>>;
  /**
   * Published moments near a period of days (YYYY-MM-DD, inclusive), oldest first: those dated inside
   * it, those dated only to a month it touches, and events whose date range reaches into it; each with
   * the campaigns its record is linked to. For other modules that put records next to their own dates.
   */
  momentsNear(from: string, to: string): Promise<DatedMoment[]>;
  years(): Promise<number[]>;
  search(query: SearchQuery): Promise<Paged<Entity>>;
  counts(): Promise<Record<string, number>>;
  pendingCount(): Promise<number>;
  regionLayers(): RegionLayer[];
  regionCounts(layer: string): Promise<Record<string, number> | null>;
  impact(campaignSlug: string): Promise<ImpactData>;
  publicLinks(opts: {
    limit: number;
    offset: number;
  }): Promise<{ items: Array<{ link: Link; from: Endpoint; to: Endpoint }>; total: number }>;
  /** Every published record of one kind with the slugs of the sources it cites (open-data exports). */
  exportKind(kind: Kind): Promise<Array<{ entity: Entity; sources: string[] }>>;
  /** Public campaigns, for filters and link forms. */
  campaignOptions(): Promise<Campaign[]>;

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
  getLink(id: string): Promise<Link>;
  history(entityId: string): Promise<Revision[]>;

  /** Loads or refreshes a record from the reference dataset; staff edits since the last load are kept. */
  upsertReference(key: string, input: EntityInput): Promise<'created' | 'updated' | 'unchanged'>;
  upsertReferenceLink(key: string, input: LinkInput): Promise<'created' | 'updated' | 'unchanged'>;

  /** Another module adds a series to every campaign's impact page (e.g. petition signatures by day). */
  registerSignal(name: string, provider: SignalProvider): void;
  /** Another module adds a layer of counts by region to the map (e.g. help services). */
  registerRegionLayer(name: string, provider: RegionLayerProvider): void;
  onChange(listener: () => void): void;
}

/** bench/observatory.ts builds its records with these. */
export { entityColumns, timelineRows } from './observatory.mappers.ts';

export interface ObservatoryDeps {
  db: Db;
  audit: AuditService;
  regions: RegionsService;
  campaigns: CampaignsService;
}

const PUBLIC_STATUSES: readonly EntityStatus[] = ['published'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const BUILT_IN_LAYERS: RegionLayer[] = [
  { name: 'all', labelKey: 'observatory.map.layer.all' },
  { name: 'event', labelKey: 'observatory.map.layer.event' },
  { name: 'case', labelKey: 'observatory.map.layer.case' },
  { name: 'organisation', labelKey: 'observatory.map.layer.organisation' },
];

export function createObservatoryService(deps: ObservatoryDeps): ObservatoryService {
  const { db, audit, regions, campaigns } = deps;
  const listeners: Array<() => void> = [];
  const signals = new Map<string, SignalProvider>();
  const layers = new Map<string, RegionLayerProvider>();
  const changed = () => listeners.forEach((l) => l());
  let campaignCache: { at: number; items: Campaign[] } | null = null;
  campaigns.onChange(() => (campaignCache = null));

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

  function check(input: EntityInput, publish: boolean): EntityInput {
    if (!isKind(input.kind)) throw new ValidationError({ kind: 'form.error.choice' });
    const norm = normaliseInput(input);
    const fields = validateEntity(norm, { isRegion: regions.isValid, publish });
    if (Object.keys(fields).length) throw new ValidationError(fields);
    return norm;
  }

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

  /** Resolves the other ends of links to what pages show; drops what the public may not see. */
  async function views(links: repo.LinkRow[], selfId: string, includeUnpublished: boolean): Promise<LinkView[]> {
    const entityIds = new Set<string>();
    const campaignIds = new Set<string>();
    for (const l of links) {
      const [type, id] = l.from_id === selfId ? [l.to_type, l.to_id] : [l.from_type, l.from_id];
      (type === 'campaign' ? campaignIds : entityIds).add(id);
    }
    const others = new Map<string, Endpoint>();
    for (const r of await repo.findByIds(db, [...entityIds])) others.set(r.id, entityEndpoint(r));
    for (const id of campaignIds) {
      try {
        others.set(id, campaignEndpoint(await campaigns.getById(id)));
      } catch (err) {
        if (!(err instanceof AppError && err.kind === 'not_found')) throw err; // a campaign removed since: skip the link
      }
    }
    const out: LinkView[] = [];
    for (const l of links) {
      const direction = l.from_id === selfId ? 'out' : 'in';
      const other = others.get(direction === 'out' ? l.to_id : l.from_id);
      if (!other) continue;
      const visible = other.type === 'entity' ? other.status === 'published' : other.status !== 'draft';
      if (!includeUnpublished && (!visible || l.approved !== 1)) continue;
      out.push({ link: toLink(l), direction, other });
    }
    return out;
  }

  async function publicCampaignBySlug(slug: string): Promise<Campaign> {
    const c = await campaigns.getBySlug(slug);
    if (c.status === 'draft') throw notFound('CAMPAIGN_NOT_FOUND');
    return c;
  }

  async function draftCampaignIds(): Promise<string[]> {
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const r = await campaigns.list({ status: 'draft', includeDrafts: true, perPage: 100, page });
      ids.push(...r.items.map((c) => c.id));
      if (page >= r.pages) return ids;
    }
  }

  const service: ObservatoryService = {
    async getById(id) {
      const row = await repo.findById(db, id);
      if (!row) throw notFound('OBSERVATORY_NOT_FOUND');
      return toEntity(row);
    },

    async getBySlug(slug, opts = {}) {
      const row = await repo.findBySlug(db, slug);
      if (!row || (row.status !== 'published' && !opts.includeUnpublished)) throw notFound('OBSERVATORY_NOT_FOUND');
      return toEntity(row);
    },

    async page(entity, opts = {}) {
      const all = await views(await repo.linksOf(db, entity.id), entity.id, !!opts.includeUnpublished);
      const citing = all.filter(
        (v) =>
          v.link.relation === 'cites' &&
          v.direction === 'out' &&
          v.other.type === 'entity' &&
          v.other.kind === 'source',
      );
      const sources = new Map(
        (
          await repo.findByIds(
            db,
            citing.map((v) => v.other.id),
          )
        ).map((r) => [r.id, toEntity(r)]),
      );
      return {
        entity,
        links: all.filter(
          (v) =>
            !citing.includes(v) && !(entity.kind === 'source' && v.link.relation === 'cites' && v.direction === 'in'),
        ),
        citations: citing
          .filter((v) => sources.has(v.other.id))
          .map((v) => ({ link: v.link, source: sources.get(v.other.id)! })),
        citedBy: entity.kind === 'source' ? all.filter((v) => v.link.relation === 'cites' && v.direction === 'in') : [],
      };
    },

    async timeline(q) {
      const perPage = clampPer(q.perPage, 30);
      const page = clampPage(q.page);
      const kinds = q.kinds?.length ? q.kinds.filter((k) => (STORY_KINDS as readonly string[]).includes(k)) : undefined;
      const entityIds = q.campaignSlug
        ? await repo.linkedIds(db, (await publicCampaignBySlug(q.campaignSlug)).id)
        : undefined;
      const { rows, total } = await repo.listTimeline(db, {
        kinds,
        region: q.region,
        year: q.year,
        entityIds,
        limit: perPage,
        offset: offsetOf(q, page, perPage),
        order: q.order ?? 'desc',
      });
      return { items: rows.map(toItem), ...pageOf(total, page, perPage) };
    },

    async momentsNear(from, to) {
      if (!DAY.test(from) || !DAY.test(to) || from > to)
        throw new Error(`momentsNear needs two days in order, got ${from} and ${to}`);
      const items = (await repo.timelineNear(db, from, to)).map(toItem);
      const campaignsOf = new Map<string, Set<string>>();
      for (const l of await repo.campaignLinks(db, [...new Set(items.map((i) => i.entity.id))]))
        (campaignsOf.get(l.entity_id) ?? campaignsOf.set(l.entity_id, new Set()).get(l.entity_id)!).add(l.campaign_id);
      return items.map((i) => datedMoment(i, [...(campaignsOf.get(i.entity.id) ?? [])].sort()));
    },

    years: () => repo.timelineYears(db),

    async search(q) {
      const perPage = clampPer(q.perPage, 20);
      const page = clampPage(q.page);
      const words = fold(q.q ?? '')
        .split(' ')
        .filter(Boolean)
        .slice(0, 8);
      const kinds = q.kinds?.length ? q.kinds.filter(isKind) : ['case', 'law', 'event', 'organisation', 'source'];
      const { rows, total } = await repo.searchEntities(db, {
        statuses: q.statuses ?? PUBLIC_STATUSES,
        kinds,
        words,
        region: q.region,
        waiting: q.waiting,
        limit: perPage,
        offset: offsetOf(q, page, perPage),
        order: q.order,
      });
      return { items: rows.map(toEntity), ...pageOf(total, page, perPage) };
    },

    counts: () => repo.kindCounts(db, PUBLIC_STATUSES),
    pendingCount: () => repo.countPending(db),

    regionLayers: () => [...BUILT_IN_LAYERS, ...[...layers].map(([name, p]) => ({ name, labelKey: p.labelKey }))],

    async regionCounts(layer) {
      const provider = layers.get(layer);
      if (provider) return provider.counts();
      if (!BUILT_IN_LAYERS.some((l) => l.name === layer)) return null;
      const rows = await repo.regionCounts(db, layer === 'all' ? STORY_KINDS : [layer]);
      const out: Record<string, number> = {};
      for (const r of rows) out[r.region] = (out[r.region] ?? 0) + r.n;
      return out;
    },

    async impact(slug) {
      const campaign = await publicCampaignBySlug(slug);
      const { rows } = await repo.listTimeline(db, {
        entityIds: await repo.linkedIds(db, campaign.id),
        limit: 2000,
        offset: 0,
        order: 'asc',
      });
      const links = (await views(await repo.linksOf(db, campaign.id), campaign.id, false)).filter(
        (v) => v.other.type === 'entity' && v.other.kind !== 'source',
      );
      const series: SignalSeries[] = [];
      const failedSignals: string[] = [];
      for (const [name, provider] of signals) {
        try {
          const points = (await provider.series({ id: campaign.id, slug: campaign.slug })).filter(
            (p) => /^\d{4}-\d{2}-\d{2}$/.test(p.date) && Number.isFinite(p.value),
          );
          if (points.length)
            series.push({
              name,
              labelKey: provider.labelKey,
              points: points.sort((a, b) => a.date.localeCompare(b.date)),
            });
        } catch {
          // One module's failure must not take the page down; the page says which series is missing.
          failedSignals.push(provider.labelKey);
        }
      }
      return { campaign, items: rows.map(toItem), links, signals: series, failedSignals };
    },

    async publicLinks(opts) {
      const { rows, total } = await repo.listPublicLinks(db, {
        hiddenCampaignIds: await draftCampaignIds(),
        limit: opts.limit,
        offset: opts.offset,
      });
      const ends = new Map<string, Endpoint>();
      const entityIds = new Set<string>();
      const campaignIds = new Set<string>();
      for (const l of rows)
        for (const [t, id] of [
          [l.from_type, l.from_id],
          [l.to_type, l.to_id],
        ])
          (t === 'campaign' ? campaignIds : entityIds).add(id);
      for (const r of await repo.findByIds(db, [...entityIds])) ends.set(r.id, entityEndpoint(r));
      for (const id of campaignIds) {
        const c = await campaigns.getById(id).catch(() => null);
        if (c) ends.set(id, campaignEndpoint(c));
      }
      const items = rows
        .filter((l) => ends.has(l.from_id) && ends.has(l.to_id))
        .map((l) => ({ link: toLink(l), from: ends.get(l.from_id)!, to: ends.get(l.to_id)! }));
      return { items, total };
    },

    async exportKind(kind) {
      const entities = (await repo.listAllPublished(db, kind)).map(toEntity);
      const cited = await repo.citedSources(
        db,
        entities.map((e) => e.id),
      );
      const byId = new Map<string, string[]>();
      for (const c of cited) byId.set(c.from_id, [...(byId.get(c.from_id) ?? []), c.slug]);
      return entities.map((entity) => ({ entity, sources: byId.get(entity.id) ?? [] }));
    },

    async campaignOptions() {
      // Read on most observatory pages: kept for a few seconds, dropped at once when a campaign changes here.
      if (!campaignCache || Date.now() - campaignCache.at > 5_000)
        campaignCache = { at: Date.now(), items: (await campaigns.list({ status: 'all', perPage: 100 })).items };
      return campaignCache.items;
    },

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
      return service.getById(id);
    },

    async update(id, expectedVersion, rawInput, actor) {
      const current = await service.getById(id);
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
        return { entity: await service.getById(id), proposed: true };
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
      return { entity: await service.getById(id), proposed: false };
    },

    async setStatus(id, status, actor) {
      const current = await service.getById(id);
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
      return service.getById(id);
    },

    async approvePending(id, actor) {
      if (!mayPublish(actor)) throw forbidden();
      const current = await service.getById(id);
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
      return service.getById(id);
    },

    async rejectPending(id, actor) {
      if (!mayPublish(actor)) throw forbidden();
      const current = await service.getById(id);
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
      return service.getById(id);
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

    async getLink(id) {
      const row = await repo.findLink(db, id);
      if (!row) throw notFound('OBSERVATORY_LINK_NOT_FOUND');
      return toLink(row);
    },

    async approveLink(id, actor) {
      if (!mayPublish(actor)) throw forbidden();
      const link = await service.getLink(id);
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
      const link = await service.getLink(id);
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

    registerSignal(name, provider) {
      if (signals.has(name)) throw new Error(`Signal ${name} is registered twice`);
      signals.set(name, provider);
    },
    registerRegionLayer(name, provider) {
      if (layers.has(name) || BUILT_IN_LAYERS.some((l) => l.name === name) || !/^[a-z][a-z0-9-]{1,30}$/.test(name))
        throw new Error(`Bad or duplicate map layer ${name}`);
      layers.set(name, provider);
    },
    onChange: (l) => void listeners.push(l),
  };
  return service;
}
