// Staff pages of the monitor (analysts and organisers): the dashboard, one page per campaign, per
// hashtag and for everything, and the exports (audited). Registered under /kk, /ru and /en.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import type { WebKit } from '../http/web.ts';
import type { MonitorService } from './monitor.service.ts';
import type { CampaignsService } from '../core/campaigns/index.ts';
import { type AuditService, can } from '../core/accounts/index.ts';
import { notFound } from '../core/errors.ts';
import { ctxFor, sendPage } from '../http/pages.tsx';
import { requireStaff, staffArea } from '../http/staff.ts';
import { pickText } from '../i18n/locales.ts';
import { isLang } from './language.ts';
import type { Filter } from './monitor.model.ts';
import { isPlatform } from './post.ts';
import { MonitorDashboard } from './views/dashboard.tsx';
import { ScopePage } from './views/scope-page.tsx';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  monitor: MonitorService;
  campaigns: CampaignsService;
  audit: AuditService;
};

const ID_RE = /^[0-9a-f-]{36}$/;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const one = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');

/** Reads the filter query; bad values are dropped and reported next to their field. */
export function filterFrom(
  scope: string,
  q: Record<string, unknown>,
): { filter: Filter; query: Record<string, string>; errors: Record<string, string>; granularity: 'hour' | 'day' } {
  const query: Record<string, string> = {};
  const errors: Record<string, string> = {};
  const filter: Filter = { scope };
  const platform = one(q.platform);
  if (platform && isPlatform(platform)) filter.platform = query.platform = platform;
  const lang = one(q.lang);
  if (lang && isLang(lang)) filter.lang = query.lang = lang;
  for (const f of ['from', 'to'] as const) {
    const v = one(q[f]).trim();
    if (!v) continue;
    query[f] = v.slice(0, 20);
    if (DAY_RE.test(v) && !Number.isNaN(Date.parse(v))) filter[f] = v;
    else errors[f] = 'monitor.error.date';
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    errors.to = 'monitor.error.range';
    delete filter.to;
  }
  const granularity = one(q.g) === 'hour' ? 'hour' : 'day';
  query.g = granularity;
  return { filter, query, errors, granularity };
}

export const monitorRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  staffArea(app, services);
  const { monitor, campaigns } = services;

  async function scopePage(req: FastifyRequest, reply: FastifyReply, scope: string, heading: string, base: string) {
    const { filter, query, errors, granularity } = filterFrom(scope, req.query as Record<string, unknown>);
    const [overview, topPosts, topAuthors, coHashtags] = await Promise.all([
      monitor.overview(filter, granularity).then(monitor.annotateSpikes),
      monitor.topPosts(filter),
      monitor.topAuthors(filter),
      monitor.coHashtags(filter),
    ]);
    const ctx = ctxFor(services, req);
    return sendPage(
      reply,
      <ScopePage
        ctx={ctx}
        heading={heading}
        base={base}
        query={query}
        errors={errors}
        overview={overview}
        topPosts={topPosts}
        topAuthors={topAuthors}
        coHashtags={coHashtags}
        exportBase={`/${req.locale}/admin/monitor/export?scope=${encodeURIComponent(scope)}`}
      />,
      Object.keys(errors).length ? 400 : 200,
    );
  }

  app.get('/admin/monitor', async (req, reply) => {
    const staff = requireStaff(req, reply, 'analytics.view');
    if (!staff) return reply;
    const q = req.query as Record<string, unknown>;
    const { items } = await campaigns.list({
      includeDrafts: can(staff, 'campaign.view_drafts'),
      status: 'all',
      perPage: 100,
    });
    const withTags = items.filter((c) => c.hashtagGroups.length);
    const rows = await Promise.all(
      withTags.map(async (campaign) => {
        const o = await monitor.overview({ scope: monitor.scopeFor('campaign', campaign.id) }, 'day');
        return { campaign, posts: o.totals.posts, last: o.range.last };
      }),
    );
    const wanted = (Array.isArray(q.c) ? q.c : q.c ? [q.c] : [])
      .map(String)
      .filter((id) => withTags.some((c) => c.id === id))
      .slice(0, 6);
    const ids = wanted.length
      ? wanted
      : rows
          .filter((r) => r.posts)
          .sort((a, b) => b.posts - a.posts)
          .slice(0, 3)
          .map((r) => r.campaign.id);
    const sov = await monitor.shareOfVoice(
      ids.map((id) => monitor.scopeFor('campaign', id)),
      {},
    );
    const buckets = [...new Set(sov.flatMap((s) => s.series.map((x) => x.t)))].sort();
    const search = one(q.q).slice(0, 100);
    return sendPage(
      reply,
      <MonitorDashboard
        ctx={ctxFor(services, req)}
        overview={await monitor.overview({ scope: monitor.scopeFor('all') }, 'day')}
        campaigns={rows}
        compare={{
          ids,
          buckets,
          series: sov.map((s, i) => {
            const m = new Map(s.series.map((x) => [x.t, x.posts]));
            return {
              id: ids[i],
              label: pickText(withTags.find((c) => c.id === ids[i])!.title, req.locale),
              posts: s.posts,
              values: buckets.map((b) => m.get(b) ?? 0),
            };
          }),
        }}
        hashtags={await monitor.hashtags({ search, limit: 30 })}
        search={search}
        connectors={{ names: monitor.connectorNames(), queries: await monitor.connectorStatus() }}
        imports={await monitor.imports(10)}
      />,
    );
  });

  app.get('/admin/monitor/all', async (req, reply) => {
    if (!requireStaff(req, reply, 'analytics.view')) return reply;
    return scopePage(
      req,
      reply,
      monitor.scopeFor('all'),
      services.i18n.translator(req.locale)('monitor.all_posts'),
      `/${req.locale}/admin/monitor/all`,
    );
  });

  app.get('/admin/monitor/campaigns/:id', async (req, reply) => {
    const staff = requireStaff(req, reply, 'analytics.view');
    if (!staff) return reply;
    const { id } = req.params as { id: string };
    if (!ID_RE.test(id)) throw notFound('CAMPAIGN_NOT_FOUND');
    const campaign = await campaigns.getById(id);
    if (campaign.status === 'draft' && !can(staff, 'campaign.view_drafts')) throw notFound('CAMPAIGN_NOT_FOUND');
    return scopePage(
      req,
      reply,
      monitor.scopeFor('campaign', id),
      pickText(campaign.title, req.locale),
      `/${req.locale}/admin/monitor/campaigns/${id}`,
    );
  });

  app.get('/admin/monitor/hashtags/:key', async (req, reply) => {
    if (!requireStaff(req, reply, 'analytics.view')) return reply;
    const { key } = req.params as { key: string };
    const tag = await monitor.hashtag(key.slice(0, 120));
    if (!tag) throw notFound('HASHTAG_NOT_FOUND');
    return scopePage(
      req,
      reply,
      monitor.scopeFor('hashtag', tag.key),
      `#${tag.tag}`,
      `/${req.locale}/admin/monitor/hashtags/${encodeURIComponent(tag.key)}`,
    );
  });

  app.get('/admin/monitor/export', async (req, reply) => {
    const staff = requireStaff(req, reply, 'analytics.view');
    if (!staff) return reply;
    const q = req.query as Record<string, unknown>;
    const scope = one(q.scope);
    if (!/^(a|c:[0-9a-f-]{36}|t:[^\s]{1,120})$/.test(scope)) throw notFound();
    const format = one(q.format);
    if (!['csv', 'ndjson', 'gexf'].includes(format)) throw notFound();
    const { filter } = filterFrom(scope, q);
    const pseudonymise = one(q.pseudonymise) === '1';
    await services.audit.record(
      staff,
      'monitor.export',
      { type: 'monitor_scope', id: scope },
      { format, pseudonymise, filter },
    );
    const name = `dauys-${scope.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}-${new Date().toISOString().slice(0, 10)}.${format}`;
    const type =
      format === 'csv'
        ? 'text/csv; charset=utf-8'
        : format === 'ndjson'
          ? 'application/x-ndjson; charset=utf-8'
          : 'application/gexf+xml; charset=utf-8';
    reply
      .header('content-type', type)
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store');
    const chunks =
      format === 'gexf'
        ? monitor.exportGexf(filter)
        : monitor.exportPosts({ ...filter, pseudonymise }, format as 'csv' | 'ndjson');
    return reply.send(Readable.from(chunks));
  });
};
