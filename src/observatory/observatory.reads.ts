// The observatory's queries: records and their pages, the timeline, search, counts, the region map
// and its layers, campaign impact pages, and the data the open-data exports are made of.
import type { Campaign, CampaignsService } from '../core/campaigns/index.ts';
import { AppError, notFound } from '../core/errors.ts';
import type { Db } from '../db/database.ts';
import { searchFold } from '../i18n/fold.ts';
import {
  campaignEndpoint,
  clampPage,
  clampPer,
  datedMoment,
  entityEndpoint,
  offsetOf,
  pageOf,
  toEntity,
  toItem,
  toLink,
} from './observatory.mappers.ts';
import {
  isKind,
  STORY_KINDS,
  type DatedMoment,
  type Endpoint,
  type Entity,
  type EntityPage,
  type EntityStatus,
  type ImpactData,
  type Kind,
  type Link,
  type LinkView,
  type Paged,
  type RegionLayer,
  type RegionLayerProvider,
  type SearchQuery,
  type SignalProvider,
  type SignalSeries,
  type TimelineItem,
  type TimelineQuery,
} from './observatory.model.ts';
import * as repo from './observatory.repository.ts';

export interface ObservatoryReads {
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
  getLink(id: string): Promise<Link>;

  /** Another module adds a series to every campaign's impact page (e.g. petition signatures by day). */
  registerSignal(name: string, provider: SignalProvider): void;
  /** Another module adds a layer of counts by region to the map (e.g. help services). */
  registerRegionLayer(name: string, provider: RegionLayerProvider): void;
}

export interface ReadsDeps {
  db: Db;
  campaigns: Pick<CampaignsService, 'getById' | 'getBySlug' | 'list' | 'onChange'>;
}

const PUBLIC_STATUSES: readonly EntityStatus[] = ['published'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const BUILT_IN_LAYERS: RegionLayer[] = [
  { name: 'all', labelKey: 'observatory.map.layer.all' },
  { name: 'event', labelKey: 'observatory.map.layer.event' },
  { name: 'case', labelKey: 'observatory.map.layer.case' },
  { name: 'organisation', labelKey: 'observatory.map.layer.organisation' },
];

export function createObservatoryReads({ db, campaigns }: ReadsDeps): ObservatoryReads {
  const signals = new Map<string, SignalProvider>();
  const layers = new Map<string, RegionLayerProvider>();
  let campaignCache: { at: number; items: Campaign[] } | null = null;
  campaigns.onChange(() => (campaignCache = null));

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

  return {
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
      const words = searchFold(q.q ?? '')
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

    async getLink(id) {
      const row = await repo.findLink(db, id);
      if (!row) throw notFound('OBSERVATORY_LINK_NOT_FOUND');
      return toLink(row);
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
  };
}
