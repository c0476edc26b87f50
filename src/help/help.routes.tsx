// The help directory: the public search (a GET form, no JavaScript needed) and the staff pages.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebKit } from '../http/web.ts';
import type { HelpService } from './help.service.ts';
import type { RegionsService } from '../core/regions/index.ts';
import { AppError, notFound, ValidationError, fail } from '../core/errors.ts';
import { formOf, type Form } from '../http/forms.ts';
import { ctxFor, sendCachedPage, sendPage } from '../http/pages.tsx';
import { requireStaff, staffArea } from '../http/staff.ts';
import { canEditHelp } from './help.permissions.ts';
import { formToEntry, entryToForm } from './help-form.ts';
import { isNeed, type HelpEntry } from './help.ts';
import { HelpAdminList, HelpForm } from './views/help-admin.tsx';
import { HelpPage } from './views/help-list.tsx';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  help: HelpService;
  regions: RegionsService;
};

const ID_RE = /^[0-9a-f-]{36}$/;
const all = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
const one = (v: unknown): string => all(v)[0] ?? '';

export const helpRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { help, regions } = services;

  // Public and cached like any other public page: the same bytes for every reader, nothing logged.
  app.get('/help', { config: { survivor: true } }, async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const region = regions.isValid(one(query.region)) ? one(query.region) : '';
    const needs = [...new Set(all(query.need).filter(isNeed))];
    const q = one(query.q).slice(0, 100);
    return sendCachedPage(services, req, reply, async () => {
      const list = await help.search({ region: region || undefined, needs, q });
      return (
        <HelpPage
          ctx={ctxFor(services, req)}
          entries={list}
          regions={regions.all()}
          region={region}
          needs={needs}
          q={q}
        />
      );
    });
  });

  await app.register(async (staff) => {
    staffArea(staff, services);

    const guard = (req: FastifyRequest, reply: FastifyReply) => {
      const actor = requireStaff(req, reply);
      if (actor && !canEditHelp(actor)) throw fail('FORBIDDEN');
      return actor;
    };
    const load = async (req: FastifyRequest): Promise<HelpEntry> => {
      const { id } = req.params as { id: string };
      if (!ID_RE.test(id)) throw notFound('HELP_SERVICE_NOT_FOUND');
      return help.get(id, { includeHidden: true });
    };
    const form = (
      req: FastifyRequest,
      reply: FastifyReply,
      entry: HelpEntry | null,
      values: Form,
      errors: Record<string, string>,
      status = 200,
    ) =>
      sendPage(
        reply,
        <HelpForm ctx={ctxFor(services, req)} entry={entry} regions={regions.all()} values={values} errors={errors} />,
        status,
      );

    staff.get('/admin/help', async (req, reply) => {
      if (!guard(req, reply)) return reply;
      const list = await help.search({ includeHidden: true, limit: 500 });
      return sendPage(
        reply,
        <HelpAdminList
          ctx={ctxFor(services, req)}
          entries={list}
          regions={regions.all()}
          saved={'saved' in (req.query as object)}
        />,
      );
    });

    staff.get('/admin/help/new', async (req, reply) => {
      if (!guard(req, reply)) return reply;
      return form(
        req,
        reply,
        null,
        { cost: 'free', status: 'published', lang_kk: 'on', lang_ru: 'on', serves_women: 'on' },
        {},
      );
    });

    staff.post('/admin/help', async (req, reply) => {
      const actor = guard(req, reply);
      if (!actor) return reply;
      const values = formOf(req);
      try {
        await help.create(formToEntry(values), actor);
        return reply.redirect(`/${req.locale}/admin/help?saved=1`, 303);
      } catch (err) {
        if (err instanceof ValidationError) return form(req, reply, null, values, err.fields, 400);
        throw err;
      }
    });

    staff.get('/admin/help/:id', async (req, reply) => {
      if (!guard(req, reply)) return reply;
      const entry = await load(req);
      return form(req, reply, entry, entryToForm(entry), {});
    });

    staff.post('/admin/help/:id', async (req, reply) => {
      const actor = guard(req, reply);
      if (!actor) return reply;
      const entry = await load(req);
      const values = formOf(req);
      try {
        await help.update(entry.id, Number(values.version), formToEntry(values), actor);
        return reply.redirect(`/${req.locale}/admin/help?saved=1`, 303);
      } catch (err) {
        if (err instanceof ValidationError) return form(req, reply, entry, values, err.fields, 400);
        if (err instanceof AppError && err.kind === 'conflict')
          return form(req, reply, entry, values, { version: err.messageKey }, 409);
        throw err;
      }
    });
  });
};
