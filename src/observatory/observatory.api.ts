// The read-only open-data API under /api/v1/observatory/: every public record, the timeline, the
// links, counts by region, campaign impact, CSV exports and the OpenAPI document describing them.
// Errors are JSON in the caller's language (Accept-Language); nothing here needs or sets a cookie.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebKit } from '../http/web.ts';
import { siteBase } from '../http/site-base.ts';
import type { ObservatoryService } from './observatory.service.ts';
import type { RegionsService } from '../core/regions/index.ts';
import { type CampaignsService, SLUG_RE } from '../core/campaigns/index.ts';
import { fail, notFound } from '../core/errors.ts';
import { isStoryKind, KIND_PATH, KINDS, kindFromPath, type Kind } from './observatory.model.ts';
import { openApiDocument } from './observatory.openapi.ts';
import { one } from './query.ts';
import {
  endpointJson,
  entitiesCsv,
  entityJson,
  entityPageJson,
  linksCsv,
  timelineItemJson,
  type ExportContext,
} from './observatory.export.ts';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  observatory: ObservatoryService;
  regions: RegionsService;
  campaigns: CampaignsService;
};

function intParam(query: Record<string, unknown>, name: string, def: number, min: number, max: number): number {
  const raw = one(query[name]);
  if (!raw) return def;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw fail('BAD_QUERY_RANGE', { name, min, max });
  return n;
}

export const observatoryApi: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { observatory, regions, config } = services;
  // Links in answers point back the way the reader came (the onion's, read through Tor).
  const xFor = (req: FastifyRequest): ExportContext => ({
    baseUrl: siteBase(config, req.headers.host),
    region: regions.get,
  });
  const licence = { name: config.dataLicence.name, url: config.dataLicence.url };

  // Open data: readable from any origin, cacheable for a short while, licence stated on every answer.
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('cross-origin-resource-policy', 'cross-origin');
    reply.header('link', `<${licence.url}>; rel="license"`);
    if (reply.statusCode < 400) reply.header('cache-control', 'public, max-age=30');
    return payload;
  });

  const send = (reply: FastifyReply, data: unknown, meta: Record<string, unknown> = {}) =>
    reply.type('application/json; charset=utf-8').send({ data, meta: { ...meta, licence } });
  const regionParam = (query: Record<string, unknown>) => {
    const region = one(query.region);
    if (region && !regions.isValid(region)) throw fail('BAD_QUERY_REGION');
    return region || undefined;
  };
  const paging = (query: Record<string, unknown>) => ({
    limit: intParam(query, 'limit', 50, 1, 100),
    offset: intParam(query, 'offset', 0, 0, 1_000_000),
  });

  app.get('/openapi.json', async (req, reply) =>
    reply
      .type('application/json; charset=utf-8')
      .send(openApiDocument({ baseUrl: siteBase(config, req.headers.host), licence })),
  );

  app.get('/timeline', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const kind = one(q.kind);
    if (kind && !isStoryKind(kind)) throw fail('BAD_QUERY_KIND');
    const year = intParam(q, 'year', 0, 1900, 2200) || undefined;
    const campaign = one(q.campaign);
    if (
      campaign &&
      (!SLUG_RE.test(campaign) || !(await observatory.campaignOptions()).some((c) => c.slug === campaign))
    )
      throw fail('BAD_QUERY_CAMPAIGN');
    const order = one(q.order) || 'desc';
    if (order !== 'asc' && order !== 'desc') throw fail('BAD_QUERY_ORDER');
    const { limit, offset } = paging(q);
    const r = await observatory.timeline({
      kinds: kind ? [kind] : undefined,
      region: regionParam(q),
      year,
      campaignSlug: campaign || undefined,
      order,
      perPage: limit,
      offset,
    });
    return send(
      reply,
      r.items.map((i) => timelineItemJson(xFor(req), i)),
      { total: r.total, limit, offset },
    );
  });

  app.get('/links', async (req, reply) => {
    const { limit, offset } = paging(req.query as Record<string, unknown>);
    const r = await observatory.publicLinks({ limit, offset });
    return send(
      reply,
      r.items.map(({ link, from, to }) => ({
        id: link.id,
        relation: link.relation,
        from: endpointJson(xFor(req), from),
        to: endpointJson(xFor(req), to),
        note: link.note,
      })),
      { total: r.total, limit, offset },
    );
  });

  app.get('/regions', async (req, reply) => {
    const layers = observatory.regionLayers();
    const layer = one((req.query as Record<string, unknown>).layer) || 'all';
    const counts = layers.some((l) => l.name === layer) ? await observatory.regionCounts(layer) : null;
    if (!counts) throw fail('BAD_QUERY_LAYER', { layers: layers.map((l) => l.name).join(', ') });
    return send(
      reply,
      regions.all().map((r) => ({
        code: r.code,
        name: r.name,
        centre: { name: r.centre, lat: r.lat, lon: r.lon },
        count: counts[r.code] ?? 0,
      })),
      { layer, layers: layers.map((l) => l.name) },
    );
  });

  app.get('/impact/:campaign', async (req, reply) => {
    const { campaign: slug } = req.params as { campaign: string };
    if (!SLUG_RE.test(slug)) throw notFound('CAMPAIGN_NOT_FOUND');
    const d = await observatory.impact(slug);
    return send(reply, {
      campaign: {
        slug: d.campaign.slug,
        title: d.campaign.title,
        starts_on: d.campaign.startsOn,
        url: `${siteBase(config, req.headers.host)}/en/campaigns/${d.campaign.slug}`,
      },
      records: d.items.map((i) => timelineItemJson(xFor(req), i)),
      links: d.links.map((v) => ({
        relation: v.link.relation,
        direction: v.direction,
        note: v.link.note,
        other: endpointJson(xFor(req), v.other),
      })),
      signals: d.signals.map((s) => ({ name: s.name, points: s.points })),
    });
  });

  app.get('/export/:file', async (req, reply) => {
    const { file } = req.params as { file: string };
    const m = /^([a-z]+)\.csv$/.exec(file);
    const kind = m ? kindFromPath(m[1]) : undefined;
    let body: string;
    if (m?.[1] === 'links') {
      const items = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await observatory.publicLinks({ limit: 1000, offset });
        items.push(...page.items);
        if (offset + 1000 >= page.total) break;
      }
      body = linksCsv(items);
    } else if (kind) {
      body = entitiesCsv(xFor(req), kind, await observatory.exportKind(kind));
    } else {
      throw notFound('EXPORT_NOT_FOUND');
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="dauys-observatory-${m![1]}.csv"`)
      .send(body);
  });

  for (const kind of KINDS) {
    const path = `/${KIND_PATH[kind]}`;
    app.get(path, async (req: FastifyRequest, reply) => {
      const q = req.query as Record<string, unknown>;
      const { limit, offset } = paging(q);
      const r = await observatory.search({
        q: one(q.q).slice(0, 100),
        kinds: [kind],
        region: regionParam(q),
        perPage: limit,
        offset,
      });
      return send(
        reply,
        r.items.map((e) => entityJson(xFor(req), e)),
        { total: r.total, limit, offset },
      );
    });
    app.get(`${path}/:slug`, async (req, reply) => {
      const { slug } = req.params as { slug: string };
      if (!SLUG_RE.test(slug)) throw notFound('OBSERVATORY_NOT_FOUND');
      const entity = await observatory.getBySlug(slug);
      if (entity.kind !== (kind as Kind)) throw notFound('OBSERVATORY_NOT_FOUND');
      return send(reply, entityPageJson(xFor(req), await observatory.page(entity)));
    });
  }
};
