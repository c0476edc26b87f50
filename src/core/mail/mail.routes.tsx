// Admins only: the development outbox (reading it is audited: it holds people's addresses).
import type { FastifyPluginAsync } from 'fastify';
import type { WebKit } from '../../http/web.ts';
import type { AuditService } from '../accounts/index.ts';
import type { MailService } from './mail.service.ts';
import { ctxFor, sendPage } from '../../http/pages.tsx';
import { requireStaff, staffArea } from '../../http/staff.ts';
import { OutboxPage } from './views/outbox.tsx';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  audit: AuditService;
  mail: MailService;
};

export const mailRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  staffArea(app, services);
  app.get('/admin/outbox', async (req, reply) => {
    const actor = requireStaff(req, reply, 'mail.outbox');
    if (!actor) return reply;
    const entries = await services.mail.outbox(100);
    await services.audit.record(actor, 'mail.outbox.view', null, { count: entries.length });
    return sendPage(
      reply,
      <OutboxPage
        ctx={ctxFor(services, req)}
        mode={services.mail.mode}
        entries={entries}
        counts={await services.mail.counts()}
      />,
    );
  });
};
