// Staff pages of the campaign space: dashboard, create/edit/preview/publish, and components
// (added, configured and exported through the registry only).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebKit } from '../../http/web.ts';
import type { CampaignsService } from './campaigns.service.ts';
import type { ComponentRegistry } from './registry.ts';
import { type AuditService, can, type Staff } from '../accounts/index.ts';
import { AppError, forbidden, notFound, ValidationError, fail } from '../errors.ts';
import { formOf, type Form } from '../../http/forms.ts';
import { ctxFor, sendPage } from '../../http/pages.tsx';
import { requireStaff, staffArea } from '../../http/staff.ts';
import { CAMPAIGN_STATUSES, type Campaign, type CampaignComponent, type CampaignStatus } from './campaign.ts';
import { campaignToForm, formToInput } from './campaign-form.ts';
import { componentBlocks } from './component-blocks.ts';
import { goLiveFor } from './go-live.ts';
import type { ComponentManifest } from './registry.ts';
import type { DashboardStatus } from '../modules/index.ts';
import { settingsFromForm, settingsToForm } from './settings-form.ts';
import type { SetupChecklist } from '../setup/index.ts';
import { CampaignForm } from './views/admin/campaign-form.tsx';
import { ComponentForm } from './views/admin/component-form.tsx';
import { Dashboard } from './views/admin/dashboard.tsx';
import { CampaignPage } from './views/campaign-page.tsx';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  campaigns: CampaignsService;
  dashboardStatus: DashboardStatus[];
  registry: ComponentRegistry;
  audit: AuditService;
  setup: SetupChecklist;
};

const ID_RE = /^[0-9a-f-]{36}$/;

export const campaignsAdminRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  staffArea(app, services);
  const { campaigns, registry } = services;

  async function loadCampaign(req: FastifyRequest): Promise<Campaign> {
    const { id } = req.params as { id: string };
    if (!ID_RE.test(id)) throw notFound('CAMPAIGN_NOT_FOUND');
    return campaigns.getById(id);
  }

  async function renderForm(
    req: FastifyRequest,
    reply: FastifyReply,
    campaign: Campaign | null,
    values: Form,
    errors: Record<string, string>,
    status = 200,
  ) {
    const components = campaign ? await campaigns.components(campaign.id) : [];
    const goLive = campaign ? await Promise.all(components.map((c) => goLiveFor(registry, campaign, c))) : [];
    return sendPage(
      reply,
      <CampaignForm
        ctx={ctxFor(services, req)}
        campaign={campaign}
        values={values}
        errors={errors}
        saved={'saved' in (req.query as object)}
        components={components}
        goLive={goLive}
        manifests={registry.all()}
      />,
      status,
    );
  }

  app.get('/admin', async (req, reply) => {
    if (!requireStaff(req, reply)) return reply;
    const includeDrafts = can(req.staffSession!.staff, 'campaign.view_drafts');
    const staff = req.staffSession!.staff;
    const [{ items }, setup, status] = await Promise.all([
      campaigns.list({ includeDrafts, perPage: 100 }),
      services.setup.evaluate(staff),
      Promise.all(
        services.dashboardStatus
          .filter((s) => !s.anyOf || s.anyOf.some((a) => can(staff, a)))
          .map(async (s) => ({ titleKey: s.titleKey, ...(await s.read(req.locale)) })),
      ),
    ]);
    return sendPage(reply, <Dashboard ctx={ctxFor(services, req)} campaigns={items} setup={setup} status={status} />);
  });

  app.get('/admin/campaigns/new', async (req, reply) => {
    if (!requireStaff(req, reply, 'campaign.create')) return reply;
    return renderForm(req, reply, null, {}, {});
  });

  app.post('/admin/campaigns', async (req, reply) => {
    const actor = requireStaff(req, reply, 'campaign.create');
    if (!actor) return reply;
    const form = formOf(req);
    const { input, errors } = formToInput(form);
    try {
      if (Object.keys(errors).length) throw new ValidationError(errors);
      const created = await campaigns.create(input, actor);
      return reply.redirect(`/${req.locale}/admin/campaigns/${created.id}?saved=1`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderForm(req, reply, null, form, { ...errors, ...err.fields }, 400);
    }
  });

  app.get('/admin/campaigns/:id', async (req, reply) => {
    const actor = requireStaff(req, reply);
    if (!actor) return reply;
    const campaign = await loadCampaign(req);
    if (!can(actor, 'campaign.edit', campaign)) throw forbidden();
    return renderForm(req, reply, campaign, campaignToForm(campaign), {});
  });

  app.post('/admin/campaigns/:id', async (req, reply) => {
    const actor = requireStaff(req, reply);
    if (!actor) return reply;
    const campaign = await loadCampaign(req);
    const form = formOf(req);
    const { input, errors } = formToInput(form);
    // Source notes are not edited in the form; keep the ones a source with the same title had.
    input.sources = input.sources.map((s) => ({
      ...campaign.sources.find((o) => o.title === s.title && o.note),
      ...s,
    }));
    try {
      if (Object.keys(errors).length) throw new ValidationError(errors);
      await campaigns.update(campaign.id, Number(form.version), input, actor);
      return reply.redirect(`/${req.locale}/admin/campaigns/${campaign.id}?saved=1`, 303);
    } catch (err) {
      if (err instanceof ValidationError)
        return renderForm(req, reply, campaign, form, { ...errors, ...err.fields }, 400);
      if (err instanceof AppError && err.kind === 'conflict')
        return renderForm(req, reply, campaign, form, { version: err.messageKey }, 409);
      throw err;
    }
  });

  app.post('/admin/campaigns/:id/status', async (req, reply) => {
    const actor = requireStaff(req, reply);
    if (!actor) return reply;
    const campaign = await loadCampaign(req);
    const status = formOf(req).status as CampaignStatus;
    if (!(CAMPAIGN_STATUSES as readonly string[]).includes(status)) throw fail('BAD_STATUS');
    try {
      await campaigns.setStatus(campaign.id, status, actor);
      return reply.redirect(`/${req.locale}/admin/campaigns/${campaign.id}?saved=1`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderForm(req, reply, campaign, campaignToForm(campaign), err.fields, 400);
    }
  });

  app.get('/admin/campaigns/:id/preview', async (req, reply) => {
    const actor = requireStaff(req, reply, 'campaign.view_drafts');
    if (!actor) return reply;
    const campaign = await loadCampaign(req);
    const ctx = ctxFor(services, req);
    return sendPage(
      reply,
      <CampaignPage
        ctx={ctx}
        campaign={campaign}
        preview
        components={await componentBlocks(services, ctx, campaign, { publishedOnly: false })}
      />,
    );
  });

  // Components: everything below goes through the registry and the manifest's own permissions.

  function manifestOr404(type: string | undefined): ComponentManifest<any> {
    const m = type ? registry.get(type) : undefined;
    if (!m) throw notFound('COMPONENT_TYPE_NOT_FOUND');
    return m;
  }

  async function renderComponentForm(
    req: FastifyRequest,
    reply: FastifyReply,
    actor: Staff,
    campaign: Campaign,
    manifest: ComponentManifest<any>,
    component: CampaignComponent | null,
    values: Form,
    errors: Record<string, string>,
    status = 200,
  ) {
    const stats = component ? ((await manifest.stats?.(component)) ?? []) : [];
    const canExport = !!component && manifest.permissions(actor, 'export', { campaign, component });
    const lock = component ? ((await manifest.lockedSettings?.(component)) ?? null) : null;
    const goLive = component ? await goLiveFor(registry, campaign, component) : null;
    return sendPage(
      reply,
      <ComponentForm
        ctx={ctxFor(services, req)}
        campaign={campaign}
        manifest={manifest}
        component={component}
        values={values}
        errors={errors}
        stats={stats}
        canExport={canExport}
        lock={lock}
        goLive={goLive}
      />,
      status,
    );
  }

  app.get('/admin/campaigns/:id/components/new', async (req, reply) => {
    const actor = requireStaff(req, reply);
    if (!actor) return reply;
    const campaign = await loadCampaign(req);
    if (!can(actor, 'component.manage', campaign)) throw forbidden();
    const manifest = manifestOr404((req.query as Record<string, string>).type);
    return renderComponentForm(req, reply, actor, campaign, manifest, null, {}, {});
  });

  app.post('/admin/campaigns/:id/components', async (req, reply) => {
    const actor = requireStaff(req, reply);
    if (!actor) return reply;
    const campaign = await loadCampaign(req);
    const form = formOf(req);
    const manifest = manifestOr404(form._type);
    try {
      const created = await campaigns.addComponent(
        campaign.id,
        manifest.type,
        settingsFromForm(manifest.settings.fields, form),
        actor,
      );
      return reply.redirect(`/${req.locale}/admin/components/${created.id}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderComponentForm(req, reply, actor, campaign, manifest, null, form, err.fields, 400);
    }
  });

  async function loadComponent(req: FastifyRequest, actor: Staff) {
    const { cid } = req.params as { cid: string };
    if (!ID_RE.test(cid)) throw notFound('COMPONENT_NOT_FOUND');
    const component = await campaigns.getComponent(cid);
    const campaign = await campaigns.getById(component.campaignId);
    const manifest = registry.get(component.type)!;
    if (!can(actor, 'component.manage', campaign) && !manifest.permissions(actor, 'export', { campaign, component }))
      throw forbidden();
    return { component, campaign, manifest };
  }

  app.get('/admin/components/:cid', async (req, reply) => {
    const actor = requireStaff(req, reply);
    if (!actor) return reply;
    const { component, campaign, manifest } = await loadComponent(req, actor);
    const values = { ...settingsToForm(manifest.settings.fields, component.settings), _status: component.status };
    return renderComponentForm(req, reply, actor, campaign, manifest, component, values, {});
  });

  app.post('/admin/components/:cid', async (req, reply) => {
    const actor = requireStaff(req, reply);
    if (!actor) return reply;
    const { component, campaign, manifest } = await loadComponent(req, actor);
    const form = formOf(req);
    try {
      await campaigns.updateComponent(
        component.id,
        settingsFromForm(manifest.settings.fields, form),
        form._status === 'published' ? 'published' : 'draft',
        actor,
      );
      return reply.redirect(`/${req.locale}/admin/components/${component.id}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderComponentForm(req, reply, actor, campaign, manifest, component, form, err.fields, 400);
    }
  });

  app.get('/admin/components/:cid/export/:name', async (req, reply) => {
    const actor = requireStaff(req, reply);
    if (!actor) return reply;
    const { component, campaign, manifest } = await loadComponent(req, actor);
    const exporter = manifest.exporters?.find((e) => e.name === (req.params as { name: string }).name);
    if (!exporter) throw notFound();
    if (!manifest.permissions(actor, 'export', { campaign, component })) throw forbidden();
    const body = await exporter.run(component, campaign);
    await services.audit.record(
      actor,
      'component.export',
      { type: 'component', id: component.id },
      { exporter: exporter.name },
    );
    return reply
      .type(exporter.contentType)
      .header(
        'content-disposition',
        `attachment; filename="${campaign.slug}-${manifest.type}-${exporter.name}.${exporter.extension}"`,
      )
      .send(body);
  });
};
