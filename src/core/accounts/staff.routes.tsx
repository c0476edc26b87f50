// Admin-only: staff accounts and the audit log.
import type { FastifyPluginAsync } from 'fastify';
import type { WebKit } from '../../http/web.ts';
import type { AccountsService } from './accounts.service.ts';
import type { AuditService } from './audit.service.ts';
import { ValidationError } from '../errors.ts';
import { formOf } from '../../http/forms.ts';
import { ctxFor, sendPage } from '../../http/pages.tsx';
import { requireStaff, staffArea } from '../../http/staff.ts';
import { describeAudit } from './audit.describe.ts';
import { AuditPage, UsersPage } from './views/staff-pages.tsx';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  accounts: AccountsService;
  audit: AuditService;
};

export const staffRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  staffArea(app, services);
  const { accounts, audit } = services;

  app.get('/admin/users', async (req, reply) => {
    if (!requireStaff(req, reply, 'user.manage')) return reply;
    const created = (req.query as Record<string, string>).created;
    return sendPage(
      reply,
      <UsersPage
        ctx={ctxFor(services, req)}
        users={await accounts.listUsers()}
        values={{ role: 'organiser' }}
        errors={{}}
        created={created}
      />,
    );
  });

  app.post('/admin/users', async (req, reply) => {
    const actor = requireStaff(req, reply, 'user.manage');
    if (!actor) return reply;
    const form = formOf(req);
    try {
      const u = await accounts.createUser(
        { email: form.email ?? '', name: form.name ?? '', role: form.role ?? '', password: form.password ?? '' },
        actor,
      );
      return reply.redirect(`/${req.locale}/admin/users?created=${encodeURIComponent(u.email)}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const values = { email: form.email ?? '', name: form.name ?? '', role: form.role ?? '' };
      return sendPage(
        reply,
        <UsersPage
          ctx={ctxFor(services, req)}
          users={await accounts.listUsers()}
          values={values}
          errors={err.fields}
        />,
        400,
      );
    }
  });

  for (const verb of ['disable', 'enable'] as const) {
    app.post(`/admin/users/:id/${verb}`, async (req, reply) => {
      const actor = requireStaff(req, reply, 'user.manage');
      if (!actor) return reply;
      const { id } = req.params as { id: string };
      if (id !== actor.id && (await accounts.listUsers()).some((u) => u.id === id))
        await accounts.setDisabled(id, verb === 'disable', actor);
      return reply.redirect(`/${req.locale}/admin/users`, 303);
    });
  }

  app.post('/admin/users/:id/unlock', async (req, reply) => {
    const actor = requireStaff(req, reply, 'user.manage');
    if (!actor) return reply;
    await accounts.unlock((req.params as { id: string }).id, actor);
    return reply.redirect(`/${req.locale}/admin/users`, 303);
  });

  app.get('/admin/audit', async (req, reply) => {
    const actor = requireStaff(req, reply, 'audit.view');
    if (!actor) return reply;
    const q = req.query as Record<string, string>;
    const entries = await audit.list({
      limit: 100,
      before: typeof q.before === 'string' ? q.before.slice(0, 40) : undefined,
    });
    await audit.record(actor, 'audit.view', null, { count: entries.length });
    const reader = {
      i18n: services.i18n,
      locale: req.locale,
      people: new Map((await accounts.listUsers()).map((u) => [u.id, u.name])),
    };
    return sendPage(
      reply,
      <AuditPage
        ctx={ctxFor(services, req)}
        lines={entries.map((e) => describeAudit(e, reader))}
        next={entries.length === 100 ? entries[entries.length - 1].id : null}
      />,
    );
  });
};
