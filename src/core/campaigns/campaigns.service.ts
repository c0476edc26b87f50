// The campaign "space": listing, search with Kazakh folding, staff create/edit/publish with
// optimistic versions and audit, hashtag alias groups, and the components placed in a campaign.
import type { Db } from '../../db/database.ts';
import { newId, nowIso, parseJson, toJson } from '../../db/portable.ts';
import { forbidden, notFound, ValidationError, fail } from '../errors.ts';
import { searchFold } from '../../i18n/fold.ts';
import { LOCALES } from '../../i18n/locales.ts';
import { type Actor, type AuditService, can, type Staff } from '../accounts/index.ts';
import { ReferenceDataError } from '../errors.ts';
import {
  PUBLIC_STATUSES,
  type Campaign,
  type CampaignComponent,
  type CampaignInput,
  type CampaignStatus,
  type Hashtag,
} from './campaign.ts';
import * as repo from './campaigns.repository.ts';
import { precisionOf, validateCampaign } from './campaigns.validation.ts';
import { foldTag } from './hashtags.ts';
import type { ComponentRegistry } from './registry.ts';
import { lockedChanges, validateSettings } from './settings-form.ts';

export interface CampaignListQuery {
  status?: CampaignStatus | 'all';
  q?: string;
  page?: number;
  perPage?: number;
  includeDrafts?: boolean;
}

export interface CampaignsService {
  list(query: CampaignListQuery): Promise<{ items: Campaign[]; total: number; page: number; pages: number }>;
  getBySlug(slug: string, opts?: { includeDrafts?: boolean }): Promise<Campaign>;
  getById(id: string): Promise<Campaign>;
  create(input: CampaignInput, actor: Staff): Promise<Campaign>;
  update(id: string, expectedVersion: number, input: CampaignInput, actor: Staff): Promise<Campaign>;
  setStatus(id: string, status: CampaignStatus, actor: Staff): Promise<Campaign>;
  /** Loads or refreshes a campaign from the reference dataset (idempotent, keyed by referenceKey). */
  upsertReference(key: string, input: CampaignInput): Promise<'created' | 'updated' | 'unchanged'>;
  campaignsForHashtag(tag: string): Promise<Array<{ campaignId: string; group: number }>>;
  components(campaignId: string, opts?: { publishedOnly?: boolean }): Promise<CampaignComponent[]>;
  getComponent(id: string): Promise<CampaignComponent>;
  /** A system actor (the reference loader, a component's own workflow) skips the staff permission checks. */
  addComponent(
    campaignId: string,
    type: string,
    settings: Record<string, unknown>,
    actor: Actor,
  ): Promise<CampaignComponent>;
  updateComponent(
    id: string,
    settings: Record<string, unknown>,
    status: 'draft' | 'published',
    actor: Actor,
  ): Promise<CampaignComponent>;
  count(): Promise<number>;
  /** Called after every write, so page caches can drop what they hold. */
  onChange(listener: () => void): void;
}

export function toCampaign(row: repo.CampaignRow, tags: repo.HashtagRow[]): Campaign {
  const groups: Hashtag[][] = [];
  for (const t of tags) (groups[t.group_no] ??= []).push({ tag: t.tag, lang: t.lang as Hashtag['lang'] });
  return {
    id: row.id,
    slug: row.slug,
    status: row.status as CampaignStatus,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    datePrecision: row.date_precision as Campaign['datePrecision'],
    organiser: parseJson(row.organiser, {}),
    title: parseJson(row.title, {}),
    summary: parseJson(row.summary, {}),
    body: parseJson(row.body, {}),
    goals: parseJson(row.goals, []),
    figures: parseJson(row.figures, []),
    uncertainties: parseJson(row.uncertainties, []),
    sources: parseJson(row.sources, []),
    hashtagGroups: groups.filter(Boolean),
    referenceKey: row.reference_key,
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
  };
}

const toComponent = (r: repo.ComponentRow): CampaignComponent => ({
  id: r.id,
  campaignId: r.campaign_id,
  type: r.type,
  position: r.position,
  status: r.status as CampaignComponent['status'],
  settings: parseJson(r.settings, {}),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function searchText(input: CampaignInput): string {
  const parts = [
    input.slug,
    ...LOCALES.flatMap((l) => [input.title[l], input.summary[l], input.organiser[l]]),
    ...input.hashtagGroups.flat().map((h) => h.tag),
  ];
  return searchFold(parts.filter(Boolean).join(' \u0001 '));
}

function columns(input: CampaignInput) {
  return {
    slug: input.slug,
    starts_on: input.startsOn || null,
    ends_on: input.endsOn || null,
    date_precision: precisionOf(input.startsOn),
    organiser: toJson(input.organiser),
    title: toJson(input.title),
    summary: toJson(input.summary),
    body: toJson(input.body),
    goals: toJson(input.goals),
    figures: toJson(input.figures),
    uncertainties: toJson(input.uncertainties),
    sources: toJson(input.sources),
    search_text: searchText(input),
  };
}

const hashtagRows = (campaignId: string, groups: Hashtag[][]) =>
  groups.flatMap((g, groupNo) =>
    g.map((h) => ({
      id: newId(),
      campaign_id: campaignId,
      group_no: groupNo,
      tag: h.tag,
      tag_folded: foldTag(h.tag),
      lang: h.lang,
    })),
  );

export function createCampaignsService(deps: {
  db: Db;
  audit: AuditService;
  registry: ComponentRegistry;
}): CampaignsService {
  const { db, audit, registry } = deps;
  const listeners: Array<() => void> = [];
  const changed = () => listeners.forEach((l) => l());

  async function load(row: repo.CampaignRow | undefined): Promise<Campaign> {
    if (!row) throw notFound('CAMPAIGN_NOT_FOUND');
    return toCampaign(row, await repo.hashtagsFor(db, [row.id]));
  }

  async function assertSlugFree(slug: string, exceptId?: string) {
    const existing = await repo.findBySlug(db, slug);
    if (existing && existing.id !== exceptId) throw new ValidationError({ slug: 'campaign.error.slug_taken' });
  }

  const service: CampaignsService = {
    async list(query) {
      const perPage = Math.min(Math.max(query.perPage ?? 20, 1), 100);
      const page = Math.max(1, Math.floor(query.page ?? 1));
      const all = query.includeDrafts ? ['draft', ...PUBLIC_STATUSES] : [...PUBLIC_STATUSES];
      const statuses = query.status && query.status !== 'all' ? all.filter((s) => s === query.status) : all;
      const words = searchFold(query.q ?? '')
        .split(' ')
        .filter(Boolean)
        .slice(0, 8)
        .map((w) => w.replace(/^#/, ''))
        .filter(Boolean);
      const { rows, total } = await repo.listCampaigns(db, {
        statuses,
        words,
        limit: perPage,
        offset: (page - 1) * perPage,
      });
      const tags = await repo.hashtagsFor(
        db,
        rows.map((r) => r.id),
      );
      const items = rows.map((r) =>
        toCampaign(
          r,
          tags.filter((t) => t.campaign_id === r.id),
        ),
      );
      return { items, total, page, pages: Math.max(1, Math.ceil(total / perPage)) };
    },

    async getBySlug(slug, opts = {}) {
      const c = await load(await repo.findBySlug(db, slug));
      if (c.status === 'draft' && !opts.includeDrafts) throw notFound('CAMPAIGN_NOT_FOUND');
      return c;
    },

    getById: async (id) => load(await repo.findById(db, id)),

    async create(input, actor) {
      if (!can(actor, 'campaign.create')) throw forbidden();
      const fields = validateCampaign(input);
      if (Object.keys(fields).length) throw new ValidationError(fields);
      await assertSlugFree(input.slug);
      const id = newId();
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await repo.insertCampaign(trx, {
          id,
          ...columns(input),
          status: 'draft',
          reference_key: null,
          created_by: actor.id,
          created_at: now,
          updated_at: now,
          published_at: null,
        });
        await repo.replaceHashtags(trx, id, hashtagRows(id, input.hashtagGroups));
      });
      await audit.record(actor, 'campaign.create', { type: 'campaign', id }, { slug: input.slug });
      changed();
      return service.getById(id);
    },

    async update(id, expectedVersion, input, actor) {
      const current = await service.getById(id);
      if (!can(actor, 'campaign.edit', current)) throw forbidden();
      const fields = validateCampaign(input, { publish: current.status !== 'draft' });
      if (Object.keys(fields).length) throw new ValidationError(fields);
      await assertSlugFree(input.slug, id);
      await db.transaction().execute(async (trx) => {
        const ok = await repo.updateCampaign(trx, id, expectedVersion, { ...columns(input), updated_at: nowIso() });
        if (!ok) throw fail('CAMPAIGN_EDITED_ELSEWHERE');
        await repo.replaceHashtags(trx, id, hashtagRows(id, input.hashtagGroups));
      });
      await audit.record(actor, 'campaign.update', { type: 'campaign', id }, { version: expectedVersion + 1 });
      changed();
      return service.getById(id);
    },

    async setStatus(id, status, actor) {
      const current = await service.getById(id);
      if (!can(actor, status === 'live' ? 'campaign.publish' : 'campaign.edit', current)) throw forbidden();
      if (status === 'live') {
        const fields = validateCampaign(current, { publish: true });
        if (Object.keys(fields).length) throw new ValidationError(fields);
      }
      const now = nowIso();
      const ok = await repo.updateCampaign(db, id, current.version, {
        status,
        updated_at: now,
        published_at: status === 'live' && !current.publishedAt ? now : current.publishedAt,
      });
      if (!ok) throw fail('CAMPAIGN_EDITED_ELSEWHERE');
      await audit.record(actor, 'campaign.status', { type: 'campaign', id }, { from: current.status, to: status });
      changed();
      return service.getById(id);
    },

    async upsertReference(key, input) {
      const fields = validateCampaign(input, { publish: input.status !== 'draft' });
      if (Object.keys(fields).length) throw new ReferenceDataError(`Reference campaign ${key}`, fields);
      const existing = await repo.findByReferenceKey(db, key);
      const now = nowIso();
      const status = input.status ?? 'live';
      // Staff edits win: a campaign changed in the admin since it was loaded is never overwritten.
      // (Asked before the transaction: on SQLite the transaction holds the only connection.)
      if (
        existing &&
        (await audit.list({ subjectId: existing.id, limit: 20 })).some(
          (e) => e.action === 'campaign.update' || e.action === 'campaign.status',
        )
      )
        return 'unchanged';
      const result = await db.transaction().execute(async (trx) => {
        if (!existing) {
          // A staff campaign may already use the slug: then the reference copy stays out of its way.
          if (await repo.findBySlug(trx, input.slug)) return 'unchanged' as const;
          const id = newId();
          await repo.insertCampaign(trx, {
            id,
            ...columns(input),
            status,
            reference_key: key,
            created_by: null,
            created_at: now,
            updated_at: now,
            published_at: status === 'draft' ? null : now,
          });
          await repo.replaceHashtags(trx, id, hashtagRows(id, input.hashtagGroups));
          return 'created' as const;
        }
        const cols = columns(input);
        const same =
          Object.entries(cols).every(([k, v]) => (existing as Record<string, unknown>)[k] === v) &&
          existing.status === status;
        if (same) return 'unchanged' as const;
        await repo.updateCampaign(trx, existing.id, existing.version, { ...cols, status, updated_at: now });
        await repo.replaceHashtags(trx, existing.id, hashtagRows(existing.id, input.hashtagGroups));
        return 'updated' as const;
      });
      if (result !== 'unchanged') changed();
      return result;
    },

    async campaignsForHashtag(tag) {
      return (await repo.campaignsWithTag(db, foldTag(tag.replace(/^#/, '')))).map((r) => ({
        campaignId: r.campaign_id,
        group: r.group_no,
      }));
    },

    async components(campaignId, opts = {}) {
      const rows = (await repo.componentsFor(db, campaignId)).map(toComponent);
      // A component whose type is no longer installed is kept in the database but not shown.
      return rows.filter((c) => registry.get(c.type) && (!opts.publishedOnly || c.status === 'published'));
    },

    async getComponent(id) {
      const row = await repo.findComponent(db, id);
      if (!row || !registry.get(row.type)) throw notFound('COMPONENT_NOT_FOUND');
      return toComponent(row);
    },

    async addComponent(campaignId, type, settings, actor) {
      const campaign = await service.getById(campaignId);
      const manifest = registry.get(type);
      if (!manifest) throw new ValidationError({ type: 'component.error.unknown_type' });
      if (!('system' in actor) && !can(actor, 'component.manage', campaign)) throw forbidden();
      const checked = validateSettings(manifest, settings);
      if (!checked.ok) throw new ValidationError(checked.fields);
      const existing = await repo.componentsFor(db, campaignId);
      const id = newId();
      const now = nowIso();
      await repo.insertComponent(db, {
        id,
        campaign_id: campaignId,
        type,
        position: existing.length,
        status: 'draft',
        settings: toJson(checked.value),
        created_at: now,
        updated_at: now,
      });
      await audit.record(
        actor,
        'component.create',
        { type: 'component', id },
        { campaign: campaignId, component_type: type },
      );
      changed();
      return service.getComponent(id);
    },

    async updateComponent(id, settings, status, actor) {
      const component = await service.getComponent(id);
      const campaign = await service.getById(component.campaignId);
      const manifest = registry.get(component.type)!;
      if (
        !('system' in actor) &&
        (!can(actor, 'component.manage', campaign) || !manifest.permissions(actor, 'manage', { campaign, component }))
      )
        throw forbidden();
      const checked = validateSettings(manifest, settings);
      if (!checked.ok) throw new ValidationError(checked.fields);
      if (status !== 'draft' && status !== 'published') throw fail('BAD_STATUS');
      if (!('system' in actor)) {
        const changedLocked = lockedChanges(
          manifest,
          await manifest.lockedSettings?.(component),
          component.settings,
          checked.value,
        );
        if (changedLocked) throw new ValidationError(changedLocked);
      }
      await repo.updateComponent(db, id, { settings: toJson(checked.value), status, updated_at: nowIso() });
      await audit.record(actor, 'component.update', { type: 'component', id }, { status });
      changed();
      return service.getComponent(id);
    },

    count: () => repo.countCampaigns(db),
    onChange: (l) => void listeners.push(l),
  };
  return service;
}
