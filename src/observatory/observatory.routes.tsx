// Public observatory pages, registered under each language prefix: overview, timeline, map, search,
// sources, entity pages, campaign impact pages and the open-data page.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { WebKit } from '../http/web.ts';
import type { ObservatoryService } from './observatory.service.ts';
import type { RegionsService } from '../core/regions/index.ts';
import { type Campaign, type CampaignsService, SLUG_RE } from '../core/campaigns/index.ts';
import { notFound } from '../core/errors.ts';
import { ctxFor, sendCachedPage } from '../http/pages.tsx';
import { pickText, type UiLocale } from '../i18n/locales.ts';
import { isKind, isStoryKind, KIND_PATH, kindFromPath } from './observatory.model.ts';
import { one, pageParam } from './query.ts';
import { DataPage } from './views/data-page.tsx';
import { EntityView } from './views/entity-page.tsx';
import { ObservatoryHome } from './views/home.tsx';
import { ImpactPage } from './views/impact.tsx';
import { MapPage } from './views/map-page.tsx';
import type { RegionNames } from './views/parts.tsx';
import { SearchPage } from './views/search-page.tsx';
import { TimelinePage, type TimelineFilters } from './views/timeline.tsx';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  observatory: ObservatoryService;
  regions: RegionsService;
  campaigns: CampaignsService;
};

export function regionNames(services: Services, locale: UiLocale): RegionNames {
  return Object.fromEntries(services.regions.all().map((r) => [r.code, pickText(r.name, locale)]));
}

/** Filter values from a query string; values no form can produce are dropped rather than refused. */
function timelineFilters(services: Services, query: Record<string, unknown>, campaigns: Campaign[]): TimelineFilters {
  const kind = one(query.kind);
  const region = one(query.region);
  const year = one(query.year);
  const campaign = one(query.campaign);
  const known = campaigns.some((c) => c.slug === campaign);
  return {
    kind: isStoryKind(kind) ? kind : '',
    region: services.regions.isValid(region) ? region : '',
    year: /^\d{4}$/.test(year) ? year : '',
    campaign: known ? campaign : '',
    order: one(query.order) === 'asc' ? 'asc' : 'desc',
  };
}

export const observatoryRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { observatory } = services;
  const regions = (req: FastifyRequest) => regionNames(services, req.locale);

  app.get('/observatory', async (req, reply) =>
    sendCachedPage(services, req, reply, async () => {
      const [counts, latest, regionCounts, campaigns] = await Promise.all([
        observatory.counts(),
        observatory.timeline({ perPage: 8 }),
        observatory.regionCounts('all'),
        observatory.campaignOptions(),
      ]);
      return (
        <ObservatoryHome
          ctx={ctxFor(services, req)}
          counts={counts}
          latest={latest.items}
          regionCounts={regionCounts ?? {}}
          regions={regions(req)}
          campaigns={campaigns}
        />
      );
    }),
  );

  app.get('/observatory/timeline', async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const page = pageParam(query.page);
    return sendCachedPage(services, req, reply, async () => {
      const campaigns = await observatory.campaignOptions();
      const filters = timelineFilters(services, query, campaigns);
      const result = await observatory.timeline({
        kinds: filters.kind ? [filters.kind] : undefined,
        region: filters.region || undefined,
        year: filters.year ? Number(filters.year) : undefined,
        campaignSlug: filters.campaign || undefined,
        order: filters.order,
        page,
      });
      const years = await observatory.years();
      return (
        <TimelinePage
          ctx={ctxFor(services, req)}
          {...result}
          filters={filters}
          years={years}
          regions={regions(req)}
          campaigns={campaigns}
        />
      );
    });
  });

  app.get('/observatory/map', async (req, reply) => {
    const layers = observatory.regionLayers();
    const layer = layers.find((l) => l.name === one((req.query as Record<string, unknown>).layer)) ?? layers[0];
    return sendCachedPage(services, req, reply, async () => (
      <MapPage
        ctx={ctxFor(services, req)}
        layers={layers}
        layer={layer}
        counts={(await observatory.regionCounts(layer.name)) ?? {}}
        regions={regions(req)}
      />
    ));
  });

  for (const [path, sourcesOnly] of [
    ['/observatory/search', false],
    ['/observatory/sources', true],
  ] as const) {
    app.get(path, async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      const q = one(query.q).slice(0, 100);
      const rawKind = one(query.kind);
      const kind = sourcesOnly ? 'source' : isKind(rawKind) ? rawKind : '';
      const region = services.regions.isValid(one(query.region)) ? one(query.region) : '';
      const page = pageParam(query.page);
      return sendCachedPage(services, req, reply, async () => {
        const result = await observatory.search({
          q,
          kinds: kind ? [kind] : undefined,
          region: region || undefined,
          page,
        });
        return (
          <SearchPage
            ctx={ctxFor(services, req)}
            {...result}
            q={q}
            kind={kind}
            region={region}
            regions={regions(req)}
            sourcesOnly={sourcesOnly}
          />
        );
      });
    });
  }

  app.get('/observatory/data', async (req, reply) =>
    sendCachedPage(services, req, reply, async () => (
      <DataPage ctx={ctxFor(services, req)} licence={services.config.dataLicence} />
    )),
  );

  app.get('/observatory/impact/:slug', async (req, reply) => {
    const { slug } = req.params as { slug: string };
    if (!SLUG_RE.test(slug)) throw notFound('CAMPAIGN_NOT_FOUND');
    return sendCachedPage(services, req, reply, async () => (
      <ImpactPage ctx={ctxFor(services, req)} data={await observatory.impact(slug)} regions={regions(req)} />
    ));
  });

  app.get('/observatory/:kind/:slug', async (req, reply) => {
    const params = req.params as { kind: string; slug: string };
    const kind = kindFromPath(params.kind);
    if (!kind || !SLUG_RE.test(params.slug)) throw notFound('OBSERVATORY_NOT_FOUND');
    const entity = await observatory.getBySlug(params.slug);
    // The same record under another kind's path (an old or hand-typed link): send the reader on.
    if (entity.kind !== kind)
      return reply.redirect(`/${req.locale}/observatory/${KIND_PATH[entity.kind]}/${entity.slug}`, 301);
    return sendCachedPage(services, req, reply, async () => (
      <EntityView ctx={ctxFor(services, req)} page={await observatory.page(entity)} regions={regions(req)} />
    ));
  });
};
