// The help directory: the public search (a GET form, no JavaScript needed) and the staff pages.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { join } from 'node:path';
import type { WebKit } from '../http/web.ts';
import type { HelpService } from './help.service.ts';
import type { RegionsService } from '../core/regions/index.ts';
import { AppError, notFound, ValidationError, fail } from '../core/errors.ts';
import { formOf, type Form } from '../http/forms.ts';
import { ctxFor, sendCachedPage, sendPage } from '../http/pages.tsx';
import { multipartForms, withFiles } from '../http/multipart.ts';
import { requireStaff, staffArea } from '../http/staff.ts';
import { decodeHelpCsv } from './help-csv.ts';
import type { ImportPlan, ImportResult } from './help.import.ts';
import { canEditHelp, canImportHelp } from './help.permissions.ts';
import { formToEntry, entryToForm } from './help-form.ts';
import { isNeed, type HelpEntry } from './help.ts';
import { HelpAdminList, HelpForm, HelpStalePage } from './views/help-admin.tsx';
import { HelpImportPage } from './views/help-import.tsx';
import { HelpPage } from './views/help-list.tsx';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  help: HelpService;
  regions: RegionsService;
};

const ID_RE = /^[0-9a-f-]{36}$/;
/** A directory of a few thousand services is well under this. */
const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
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
      const actor = guard(req, reply);
      if (!actor) return reply;
      const list = await help.search({ includeHidden: true, limit: 500 });
      return sendPage(
        reply,
        <HelpAdminList
          ctx={ctxFor(services, req)}
          entries={list}
          regions={regions.all()}
          saved={'saved' in (req.query as object)}
          staleCount={(await help.stale()).length}
          canImport={canImportHelp(actor)}
        />,
      );
    });

    staff.get('/admin/help/stale', async (req, reply) => {
      if (!guard(req, reply)) return reply;
      return sendPage(
        reply,
        <HelpStalePage ctx={ctxFor(services, req)} entries={await help.stale()} regions={regions.all()} />,
      );
    });

    const importGuard = (req: FastifyRequest, reply: FastifyReply) => {
      const actor = requireStaff(req, reply);
      if (actor && !canImportHelp(actor)) throw fail('FORBIDDEN');
      return actor;
    };
    const importPage = (
      req: FastifyRequest,
      reply: FastifyReply,
      values: Form,
      errors: Record<string, string>,
      plan: ImportPlan | null,
      result: ImportResult | null,
      status = 200,
    ) =>
      sendPage(
        reply,
        <HelpImportPage
          ctx={ctxFor(services, req)}
          regions={regions.all()}
          values={values}
          errors={errors}
          plan={plan}
          result={result}
        />,
        status,
      );

    staff.get('/admin/help/import', async (req, reply) => {
      if (!importGuard(req, reply)) return reply;
      return importPage(req, reply, {}, {}, null, null);
    });

    // The file comes as multipart; the session, the token and the role are checked before a byte of it.
    await staff.register(async (upload) => {
      upload.addHook('preValidation', async (req, reply) => {
        if (!req.staffSession) throw fail('STAFF_SESSION_REQUIRED');
        if (!importGuard(req, reply)) return reply;
      });
      await multipartForms(upload, {
        dir: join(services.config.uploadsDir, 'incoming'),
        // The confirmation carries the file's text back as a field (UTF-8 can be twice Windows-1251).
        limits: { files: 1, fileBytes: IMPORT_MAX_BYTES, fields: 10, fieldBytes: 2 * IMPORT_MAX_BYTES + 64 * 1024 },
      });
      upload.post('/admin/help/import', async (req, reply) => {
        const actor = importGuard(req, reply);
        if (!actor) return reply;
        const values = formOf(req);
        const source = (values.source ?? '').trim();
        try {
          const file = await withFiles(req, reply, async ([first]) => (first?.size ? first.read() : undefined));
          let text = values.csv ?? '';
          let warnings: string[] = [];
          if (file) {
            const decoded = decodeHelpCsv(file);
            if ('error' in decoded) throw new ValidationError({ file: decoded.error });
            ({ text, warnings } = decoded);
          }
          const shown = { source, csv: text };
          if (values.step === 'confirm') {
            const result = await help.importCsv(text, { source }, actor);
            return importPage(req, reply, { source }, {}, null, result);
          }
          const plan = await help.previewImport(text, { source }, actor);
          return importPage(req, reply, shown, {}, { ...plan, warnings: [...warnings, ...plan.warnings] }, null);
        } catch (err) {
          if (err instanceof ValidationError) return importPage(req, reply, { source }, err.fields, null, null, 400);
          if (err instanceof AppError && err.kind === 'conflict')
            return importPage(req, reply, { source }, { file: err.messageKey }, null, null, 409);
          throw err;
        }
      });
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
