// Staff pages of the observatory: the record list, create/edit (or propose) forms, moderation,
// links and citations, previews and the edit history of each record.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebKit } from '../http/web.ts';
import type { ObservatoryService } from './observatory.service.ts';
import type { RegionsService } from '../core/regions/index.ts';
import type { CampaignsService } from '../core/campaigns/index.ts';
import type { Staff } from '../core/accounts/index.ts';
import { AppError, notFound, ValidationError, fail } from '../core/errors.ts';
import { formOf, type Form } from '../http/forms.ts';
import { ctxFor, sendPage } from '../http/pages.tsx';
import { requireStaff, staffArea } from '../http/staff.ts';
import { LOCALES, type Translatable } from '../i18n/locales.ts';
import { entityToForm, formToInput, inputToForm } from './observatory.form.ts';
import { isKind, type Entity, type EntityStatus, type Kind } from './observatory.model.ts';
import { regionNames } from './observatory.routes.tsx';
import { diff, inputOf } from './observatory.mappers.ts';
import { one, pageParam } from './query.ts';
import { AdminForm } from './views/admin/form.tsx';
import { HistoryPage } from './views/admin/history.tsx';
import { AdminList } from './views/admin/list.tsx';
import { EntityView } from './views/entity-page.tsx';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  observatory: ObservatoryService;
  regions: RegionsService;
  campaigns: CampaignsService;
};

const ID_RE = /^[0-9a-f-]{36}$/;
const STATUSES = new Set(['draft', 'review', 'published']);

export const observatoryAdminRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  staffArea(app, services);
  const { observatory } = services;
  const base = (req: FastifyRequest) => `/${req.locale}/admin/observatory`;

  async function load(req: FastifyRequest): Promise<Entity> {
    const { id } = req.params as { id: string };
    if (!ID_RE.test(id)) throw notFound('OBSERVATORY_NOT_FOUND');
    return observatory.getById(id);
  }

  interface Extra {
    values?: Form;
    errors?: Record<string, string>;
    linkValues?: Form;
    linkErrors?: Record<string, string>;
    notice?: string | null;
    status?: number;
  }

  async function renderEdit(req: FastifyRequest, reply: FastifyReply, entity: Entity, extra: Extra = {}) {
    const page = await observatory.page(entity, { includeUnpublished: true });
    const [sources, campaigns] = await Promise.all([
      observatory.search({ kinds: ['source'], statuses: ['draft', 'review', 'published'], perPage: 200 }),
      observatory.campaignOptions(),
    ]);
    const pendingChanges = entity.pending ? Object.keys(diff(inputOf(entity), entity.pending.input)) : [];
    return sendPage(
      reply,
      <AdminForm
        ctx={ctxFor(services, req)}
        kind={entity.kind}
        entity={entity}
        values={extra.values ?? entityToForm(entity)}
        errors={extra.errors ?? {}}
        regions={regionNames(services, req.locale)}
        notice={extra.notice}
        links={[
          ...page.citations.map((c) => ({
            link: c.link,
            direction: 'out' as const,
            other: {
              type: 'entity' as const,
              id: c.source.id,
              kind: c.source.kind,
              slug: c.source.slug,
              title: c.source.title,
              dateStart: c.source.dateStart,
              status: c.source.status,
            },
          })),
          ...page.links,
          ...page.citedBy,
        ]}
        linkValues={extra.linkValues ?? { direction: 'out', relation: 'cites', target_type: 'entity' }}
        linkErrors={extra.linkErrors ?? {}}
        sources={sources.items}
        campaigns={campaigns}
        pendingChanges={pendingChanges}
      />,
      extra.status ?? 200,
    );
  }

  app.get('/admin/observatory', async (req, reply) => {
    if (!requireStaff(req, reply, 'observatory.edit')) return reply;
    const q = req.query as Record<string, unknown>;
    const filters = {
      q: one(q.q).slice(0, 100),
      kind: isKind(one(q.kind)) ? one(q.kind) : '',
      status: STATUSES.has(one(q.status)) || one(q.status) === 'waiting' ? one(q.status) : '',
    };
    const result = await observatory.search({
      q: filters.q,
      kinds: filters.kind ? [filters.kind] : undefined,
      statuses: STATUSES.has(filters.status) ? [filters.status as EntityStatus] : ['draft', 'review', 'published'],
      waiting: filters.status === 'waiting',
      order: 'updated',
      perPage: 50,
      page: pageParam(q.page),
    });
    return sendPage(
      reply,
      <AdminList
        ctx={ctxFor(services, req)}
        {...result}
        filters={filters}
        pendingCount={await observatory.pendingCount()}
      />,
    );
  });

  const kindOf = (req: FastifyRequest): Kind => {
    const kind = one((req.query as Record<string, unknown>).kind);
    if (!isKind(kind)) throw notFound('OBSERVATORY_KIND_NOT_FOUND');
    return kind;
  };

  app.get('/admin/observatory/new', async (req, reply) => {
    if (!requireStaff(req, reply, 'observatory.edit')) return reply;
    const kind = kindOf(req);
    return sendPage(
      reply,
      <AdminForm
        ctx={ctxFor(services, req)}
        kind={kind}
        entity={null}
        values={{}}
        errors={{}}
        regions={regionNames(services, req.locale)}
      />,
    );
  });

  app.post('/admin/observatory', async (req, reply) => {
    const actor = requireStaff(req, reply, 'observatory.edit');
    if (!actor) return reply;
    const kind = kindOf(req);
    const form = formOf(req);
    const { input, errors } = formToInput(kind, form);
    try {
      if (Object.keys(errors).length) throw new ValidationError(errors);
      const created = await observatory.create(input, actor);
      return reply.redirect(`${base(req)}/${created.id}?saved=1`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return sendPage(
        reply,
        <AdminForm
          ctx={ctxFor(services, req)}
          kind={kind}
          entity={null}
          values={form}
          errors={{ ...errors, ...err.fields }}
          regions={regionNames(services, req.locale)}
        />,
        400,
      );
    }
  });

  app.get('/admin/observatory/:id', async (req, reply) => {
    if (!requireStaff(req, reply, 'observatory.edit')) return reply;
    const q = req.query as Record<string, unknown>;
    const notice = 'saved' in q ? 'admin.saved' : 'proposed' in q ? 'observatory.admin.proposed' : null;
    return renderEdit(req, reply, await load(req), { notice });
  });

  app.post('/admin/observatory/:id', async (req, reply) => {
    const actor = requireStaff(req, reply, 'observatory.edit');
    if (!actor) return reply;
    const entity = await load(req);
    const form = formOf(req);
    const { input, errors } = formToInput(entity.kind, form);
    try {
      if (Object.keys(errors).length) throw new ValidationError(errors);
      const { proposed } = await observatory.update(entity.id, Number(form.version), input, actor);
      return reply.redirect(`${base(req)}/${entity.id}?${proposed ? 'proposed' : 'saved'}=1`, 303);
    } catch (err) {
      if (err instanceof ValidationError)
        return renderEdit(req, reply, entity, { values: form, errors: { ...errors, ...err.fields }, status: 400 });
      if (err instanceof AppError && err.kind === 'conflict')
        return renderEdit(req, reply, entity, { values: form, errors: { version: err.messageKey }, status: 409 });
      throw err;
    }
  });

  app.post('/admin/observatory/:id/status', async (req, reply) => {
    const actor = requireStaff(req, reply, 'observatory.edit');
    if (!actor) return reply;
    const entity = await load(req);
    const status = formOf(req).status;
    if (!STATUSES.has(status)) throw fail('BAD_STATUS');
    try {
      await observatory.setStatus(entity.id, status as EntityStatus, actor);
      return reply.redirect(`${base(req)}/${entity.id}?saved=1`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderEdit(req, reply, entity, { errors: err.fields, status: 400 });
    }
  });

  app.post('/admin/observatory/:id/pending', async (req, reply) => {
    const actor = requireStaff(req, reply, 'moderation.review');
    if (!actor) return reply;
    const entity = await load(req);
    const action = formOf(req).action;
    try {
      if (action === 'approve') await observatory.approvePending(entity.id, actor);
      else if (action === 'reject') await observatory.rejectPending(entity.id, actor);
      else throw fail('BAD_ACTION');
      return reply.redirect(`${base(req)}/${entity.id}?saved=1`, 303);
    } catch (err) {
      // A proposal that no longer fits (its address was taken meanwhile): show why, keep it waiting.
      if (!(err instanceof ValidationError)) throw err;
      return renderEdit(req, reply, entity, {
        values: inputToForm(entity.pending!.input, entity.version),
        errors: err.fields,
        status: 400,
      });
    }
  });

  app.post('/admin/observatory/:id/links', async (req, reply) => {
    const actor = requireStaff(req, reply, 'observatory.edit');
    if (!actor) return reply;
    const entity = await load(req);
    const form = formOf(req);
    const note: Translatable = {};
    for (const l of LOCALES) if (form[`note_${l}`]?.trim()) note[l] = form[`note_${l}`];
    const self = { type: 'entity' as const, id: entity.id };
    const target = {
      type: form.target_type === 'campaign' ? ('campaign' as const) : ('entity' as const),
      slug: (form.target ?? '').trim().toLowerCase(),
    };
    try {
      if (!target.slug) throw new ValidationError({ target: 'form.error.required' });
      const out = form.direction !== 'in';
      await observatory.addLink(
        { from: out ? self : target, relation: form.relation ?? '', to: out ? target : self, note },
        actor as Staff,
      );
      return reply.redirect(`${base(req)}/${entity.id}?saved=1#links`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const fields = { ...err.fields };
      if (fields.from) fields.target = fields.from; // the other end is always the one the form names
      delete fields.from;
      return renderEdit(req, reply, entity, { linkValues: form, linkErrors: fields, status: 400 });
    }
  });

  for (const verb of ['approve', 'delete'] as const) {
    app.post(`/admin/observatory/links/:linkId/${verb}`, async (req, reply) => {
      const actor = requireStaff(req, reply, 'observatory.edit');
      if (!actor) return reply;
      const { linkId } = req.params as { linkId: string };
      if (!ID_RE.test(linkId)) throw notFound('OBSERVATORY_LINK_NOT_FOUND');
      if (verb === 'approve') await observatory.approveLink(linkId, actor);
      else await observatory.removeLink(linkId, actor);
      const back = formOf(req).back;
      return reply.redirect(back && ID_RE.test(back) ? `${base(req)}/${back}?saved=1#links` : base(req), 303);
    });
  }

  app.get('/admin/observatory/:id/preview', async (req, reply) => {
    if (!requireStaff(req, reply, 'observatory.edit')) return reply;
    const entity = await load(req);
    return sendPage(
      reply,
      <EntityView
        ctx={ctxFor(services, req)}
        page={await observatory.page(entity, { includeUnpublished: true })}
        regions={regionNames(services, req.locale)}
        preview
      />,
    );
  });

  app.get('/admin/observatory/:id/history', async (req, reply) => {
    if (!requireStaff(req, reply, 'observatory.edit')) return reply;
    const entity = await load(req);
    return sendPage(
      reply,
      <HistoryPage ctx={ctxFor(services, req)} entity={entity} revisions={await observatory.history(entity.id)} />,
    );
  });
};
