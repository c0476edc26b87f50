// The analysts' pages: start an analysis, follow it, read its clusters and their evidence, export.
// Staff only (analytics.view); every start, cancel, deletion and export is audited by the service.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { can, type Staff } from '../core/accounts/index.ts';
import { AppError, notFound } from '../core/errors.ts';
import { formOf } from '../http/forms.ts';
import { ctxFor, sendPage } from '../http/pages.tsx';
import { requireStaff, staffArea } from '../http/staff.ts';
import type { WebKit } from '../http/web.ts';
import { pickText, type Translatable } from '../i18n/locales.ts';
import type { CoordinationService } from './coordination.service.ts';
import { LIMITS } from './coordination.model.ts';
import { isRunExportFormat } from './run-export.ts';
import { ClusterPage } from './views/cluster-page.tsx';
import { RunPage } from './views/run-page.tsx';
import { RunsPage } from './views/runs-page.tsx';

/** What these pages need of campaigns and the monitor, to name scopes and offer them. */
export interface ScopeDirectory {
  campaigns: {
    list(opts: { includeDrafts: boolean; status: 'all'; perPage: number }): Promise<{
      items: Array<{ id: string; title: Translatable; hashtagGroups: unknown[] }>;
    }>;
    getById(id: string): Promise<{ title: Translatable; status: string }>;
  };
  monitor: { hashtag(keyOrTag: string): Promise<{ key: string; tag: string } | null> };
  platforms: readonly string[];
}

type Services = WebKit & ScopeDirectory & { coordination: CoordinationService };

const one = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
/** A running analysis's page reloads itself this often (a Refresh header: no script needed). */
const REFRESH_SECONDS = 3;

export const coordinationRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  staffArea(app, services);
  const { coordination, campaigns, monitor } = services;
  const base = (req: FastifyRequest) => `/${req.locale}/admin/coordination`;

  async function campaignList(req: FastifyRequest, includeDrafts: boolean) {
    const { items } = await campaigns.list({ includeDrafts, status: 'all', perPage: 100 });
    return items.filter((c) => c.hashtagGroups.length).map((c) => ({ id: c.id, title: pickText(c.title, req.locale) }));
  }

  /** Names of scopes in the reader's language: a campaign's title, #tag, or "all posts". */
  async function scopeNames(req: FastifyRequest, scopes: string[], list: Array<{ id: string; title: string }>) {
    const t = services.i18n.translator(req.locale);
    const names: Record<string, string> = {};
    for (const scope of new Set(scopes)) {
      if (scope === 'a') names[scope] = t('coordination.scope.all');
      else if (scope.startsWith('c:'))
        names[scope] = list.find((c) => c.id === scope.slice(2))?.title ?? t('coordination.scope.campaign');
      else names[scope] = `#${(await monitor.hashtag(scope.slice(2)))?.tag ?? scope.slice(2)}`;
    }
    return names;
  }

  /** One scope's name (a run's or a cluster's page): one look-up, not the list of campaigns. */
  async function scopeName(req: FastifyRequest, staff: Staff, scope: string): Promise<string> {
    if (!scope.startsWith('c:')) return (await scopeNames(req, [scope], []))[scope];
    const campaign = await campaigns.getById(scope.slice(2)).catch(() => null);
    const hidden = !campaign || (campaign.status === 'draft' && !can(staff, 'campaign.view_drafts'));
    return hidden
      ? services.i18n.translator(req.locale)('coordination.scope.campaign')
      : pickText(campaign.title, req.locale);
  }

  const monitorHref = (req: FastifyRequest, scope: string) =>
    `/${req.locale}/admin/monitor` +
    (scope === 'a'
      ? '/all'
      : scope.startsWith('c:')
        ? `/campaigns/${scope.slice(2)}`
        : `/hashtags/${encodeURIComponent(scope.slice(2))}`);

  async function runsPage(
    req: FastifyRequest,
    staff: NonNullable<ReturnType<typeof requireStaff>>,
    values: Record<string, string>,
    errors: Record<string, string>,
  ) {
    const list = await campaignList(req, can(staff, 'campaign.view_drafts'));
    const runs = await coordination.runs(staff, { limit: 100 });
    return (
      <RunsPage
        ctx={ctxFor(services, req)}
        runs={runs}
        scopeNames={await scopeNames(
          req,
          runs.map((r) => r.scope),
          list,
        )}
        campaigns={list}
        platforms={services.platforms}
        values={values}
        errors={errors}
      />
    );
  }

  app.get('/admin/coordination', async (req, reply) => {
    const staff = requireStaff(req, reply, 'analytics.view');
    if (!staff) return reply;
    const q = req.query as Record<string, unknown>;
    const scope = one(q.scope);
    const values: Record<string, string> = {};
    if (scope.startsWith('t:')) values.hashtag = scope.slice(2, 122);
    else if (scope) values.scope = scope;
    return sendPage(reply, await runsPage(req, staff, values, {}));
  });

  app.post('/admin/coordination/runs', async (req, reply) => {
    const staff = requireStaff(req, reply, 'analytics.view');
    if (!staff) return reply;
    const form = formOf(req);
    const errors: Record<string, string> = {};
    let scope = form.scope || 'a';
    const tag = (form.hashtag ?? '').trim().replace(/^[#＃]+/, '');
    if (tag) {
      const found = await monitor.hashtag(tag.slice(0, 120));
      if (found) scope = `t:${found.key}`;
      else errors.hashtag = 'coordination.error.hashtag';
    }
    const window = (form.window ?? '').trim() === '' ? 60 : Number(form.window);
    for (const f of ['from', 'to'] as const)
      if (form[f] && (!DAY_RE.test(form[f]) || Number.isNaN(Date.parse(form[f])))) errors[f] = 'monitor.error.date';
    if (!errors.from && !errors.to && form.from && form.to && form.from > form.to) errors.to = 'monitor.error.range';
    if (!Object.keys(errors).length) {
      try {
        const run = await coordination.start(
          {
            scope,
            type: form.type,
            window,
            filter: { from: form.from || undefined, to: form.to || undefined, platform: form.platform || undefined },
          },
          staff,
        );
        return reply.redirect(`${base(req)}/runs/${run.id}`, 303);
      } catch (err) {
        if (!(err instanceof AppError) || err.kind !== 'invalid') throw err;
        const field =
          err.code === 'COORDINATION_BAD_TYPE' ? 'type' : err.code === 'COORDINATION_BAD_WINDOW' ? 'window' : 'scope';
        errors[field] = err.messageKey;
      }
    }
    return sendPage(reply, await runsPage(req, staff, form, errors), 400);
  });

  app.get('/admin/coordination/runs/:id', async (req, reply) => {
    const staff = requireStaff(req, reply, 'analytics.view');
    if (!staff) return reply;
    const run = await coordination.run(staff, (req.params as { id: string }).id);
    const clusters = run.status === 'done' ? await coordination.clusters(staff, run.id) : [];
    if (run.status === 'queued' || run.status === 'running') reply.header('refresh', String(REFRESH_SECONDS));
    return sendPage(
      reply,
      <RunPage
        ctx={ctxFor(services, req)}
        run={run}
        scopeName={await scopeName(req, staff, run.scope)}
        monitorHref={monitorHref(req, run.scope)}
        clusters={clusters}
      />,
    );
  });

  app.get('/admin/coordination/runs/:id/clusters/:idx', async (req, reply) => {
    const staff = requireStaff(req, reply, 'analytics.view');
    if (!staff) return reply;
    const { id, idx } = req.params as { id: string; idx: string };
    if (!/^\d{1,6}$/.test(idx)) throw notFound('COORDINATION_CLUSTER_NOT_FOUND');
    const run = await coordination.run(staff, id);
    const cluster = await coordination.cluster(staff, run.id, Number(idx));
    const page = Number(one((req.query as Record<string, unknown>).p) || 1);
    if (
      !Number.isInteger(page) ||
      page < 1 ||
      (page - 1) * LIMITS.evidencePerPage >= Math.max(1, cluster.evidence.length)
    )
      throw notFound();
    return sendPage(
      reply,
      <ClusterPage
        ctx={ctxFor(services, req)}
        run={run}
        scopeName={await scopeName(req, staff, run.scope)}
        cluster={cluster}
        page={page}
      />,
    );
  });

  app.post('/admin/coordination/runs/:id/cancel', async (req, reply) => {
    const staff = requireStaff(req, reply, 'analytics.view');
    if (!staff) return reply;
    const { id } = req.params as { id: string };
    await coordination.cancel(staff, id);
    return reply.redirect(`${base(req)}/runs/${id}`, 303);
  });

  app.post('/admin/coordination/runs/:id/delete', async (req, reply) => {
    const staff = requireStaff(req, reply, 'analytics.view');
    if (!staff) return reply;
    await coordination.remove(staff, (req.params as { id: string }).id);
    return reply.redirect(base(req), 303);
  });

  app.get('/admin/coordination/runs/:id/export', async (req, reply) => {
    const staff = requireStaff(req, reply, 'analytics.view');
    if (!staff) return reply;
    const q = req.query as Record<string, unknown>;
    const format = one(q.format);
    if (!isRunExportFormat(format)) throw notFound();
    const { id } = req.params as { id: string };
    const chunks = await coordination.exportRun(staff, id, format, { pseudonymise: one(q.pseudonymise) === '1' });
    const ext = format === 'gexf' ? 'gexf' : 'csv';
    reply
      .header('content-type', format === 'gexf' ? 'application/gexf+xml; charset=utf-8' : 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="dauys-coordination-${id.slice(0, 8)}-${format}.${ext}"`)
      .header('cache-control', 'no-store');
    return reply.send(Readable.from(chunks));
  });
};
