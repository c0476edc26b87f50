// Appeal pages under each language prefix (public letter writing, links from emails) and the
// staff pages (recipients directory, an appeal's named recipients). Routes call the service only.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { join } from 'node:path';
import type { WebKit } from '../../http/web.ts';
import type { RegionsService } from '../../core/regions/index.ts';
import type { CampaignsService } from '../../core/campaigns/index.ts';
import { notFound, ValidationError, fail } from '../../core/errors.ts';
import { clientIp, formOf, type Form } from '../../http/forms.ts';
import { multipartForms, withFiles } from '../../http/multipart.ts';
import { ctxFor, noStore, sendCachedPage, sendPage } from '../../http/pages.tsx';
import { requireStaff, staffArea } from '../../http/staff.ts';
import { isSpreadsheet, uploadedText } from '../../http/uploaded-text.ts';
import { contentLocale, isLocale, LOCALES, pickText, type Locale, type UiLocale } from '../../i18n/locales.ts';
import type { LetterState, Recipient } from './appeal.ts';
import type { ResponsesService } from '../../responses/index.ts';
import type { AppealsService } from './appeal.service.ts';
import { AppealAdminPage, RecipientForm, RecipientsPage } from './views/admin.tsx';
import {
  AppealOutcomePage,
  AppealPage,
  ConfirmSendPage,
  PreparedPage,
  ReplyPage,
  WritePage,
  type AppealOutcome,
} from './views/appeal-pages.tsx';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  regions: RegionsService;
  campaigns: CampaignsService;
  responses: Pick<ResponsesService, 'forSubject'>;
};

const ID_RE = /^[0-9a-f-]{36}$/;
const one = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');

function idOf(req: FastifyRequest, param = 'id'): string {
  const id = (req.params as Record<string, string>)[param];
  if (!ID_RE.test(id)) throw notFound('APPEAL_NOT_FOUND');
  return id;
}

const regionNames = (services: Services, locale: UiLocale) =>
  Object.fromEntries(services.regions.all().map((r) => [r.code, pickText(r.name, locale)]));

function outcomeFor(state: LetterState): { kind: AppealOutcome; status: number } {
  if (state.kind === 'invalid') return { kind: 'invalid', status: 400 };
  if (state.kind === 'expired') return { kind: 'expired', status: 410 };
  if (state.kind === 'gone') return { kind: 'gone', status: 410 };
  return { kind: 'sent', status: 200 };
}

const publicRoutes =
  (services: Services, appeals: AppealsService): FastifyPluginAsync =>
  async (app) => {
    const outcome = (req: FastifyRequest, reply: FastifyReply, state: LetterState) => {
      const o = outcomeFor(state);
      return sendPage(
        noStore(reply),
        <AppealOutcomePage
          ctx={ctxFor(services, req)}
          kind={o.kind}
          appeal={'appeal' in state ? state.appeal : undefined}
        />,
        o.status,
      );
    };

    app.get('/appeals/:id', async (req, reply) => {
      const id = idOf(req);
      return sendCachedPage(services, req, reply, async () => {
        const appeal = await appeals.getPublic(id);
        const summary = await appeals.summary(id);
        return (
          <AppealPage
            ctx={ctxFor(services, req)}
            appeal={appeal}
            recipients={appeal.settings.target_mode === 'regional' ? [] : await appeals.recipientsFor(appeal)}
            letters={summary.letters}
            replies={await appeals.replyTable(id)}
            regionNames={regionNames(services, req.locale)}
            responses={await services.responses.forSubject('appeal', id)}
          />
        );
      });
    });

    async function renderWrite(
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      lang: Locale,
      region: string | undefined,
      values: Form,
      errors: Record<string, string>,
      status = 200,
    ) {
      const appeal = await appeals.getPublic(id);
      const valid = region && services.regions.isValid(region) ? region : undefined;
      const recipients: Recipient[] =
        appeal.settings.target_mode === 'regional' && !valid ? [] : await appeals.recipientsFor(appeal, valid);
      const template = appeal.settings.template[lang] ?? '';
      return sendPage(
        noStore(reply),
        <WritePage
          ctx={ctxFor(services, req)}
          appeal={appeal}
          recipients={recipients}
          lang={lang}
          region={valid}
          values={{ body: template, ...values }}
          errors={errors}
          regionNames={regionNames(services, req.locale)}
        />,
        status,
      );
    }

    app.get('/appeals/:id/write', async (req, reply) => {
      const id = idOf(req);
      const q = req.query as Record<string, unknown>;
      const lang = isLocale(one(q.lang)) ? (one(q.lang) as Locale) : contentLocale(req.locale);
      const region = one(q.region).slice(0, 10) || undefined;
      const appeal = await appeals.getPublic(id);
      const errors: Record<string, string> =
        appeal.settings.target_mode === 'regional' && !(region && services.regions.isValid(region))
          ? { region: 'appeal.error.region' }
          : {};
      if (errors.region)
        return sendPage(
          noStore(reply),
          <AppealOutcomePage ctx={ctxFor(services, req)} kind="invalid" appeal={appeal} />,
          400,
        );
      return renderWrite(req, reply, id, lang, region, {}, errors);
    });

    app.post('/appeals/:id/write', async (req, reply) => {
      const id = idOf(req);
      const form = formOf(req);
      const lang = isLocale(form.lang) ? form.lang : contentLocale(req.locale);
      try {
        const { channel, token } = await appeals.write(id, form, { ip: clientIp(req), locale: req.locale });
        return reply.redirect(
          channel === 'smtp' ? `/${req.locale}/appeals/${id}/check-email` : `/${req.locale}/appeals/letters/${token}`,
          303,
        );
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const values = {
          body: form.body ?? '',
          name: form.name ?? '',
          email: form.email ?? '',
          channel: form.channel ?? '',
          followup: form.followup ?? '',
        };
        return renderWrite(req, reply, id, lang, form.region, values, err.fields, 400);
      }
    });

    for (const kind of ['check-email', 'thanks'] as const) {
      app.get(`/appeals/:id/${kind}`, async (req, reply) => {
        const id = idOf(req);
        return sendCachedPage(services, req, reply, async () => (
          <AppealOutcomePage ctx={ctxFor(services, req)} kind={kind} appeal={await appeals.getPublic(id)} />
        ));
      });
    }

    app.get('/appeals/letters/:token', async (req, reply) => {
      const { token } = req.params as { token: string };
      const state = await appeals.inspectLetter('letter', token);
      if (state.kind !== 'ready') return outcome(req, reply, state);
      return sendPage(
        noStore(reply),
        <PreparedPage
          ctx={ctxFor(services, req)}
          state={state}
          token={token}
          regionNames={regionNames(services, req.locale)}
        />,
      );
    });

    app.post('/appeals/letters/:token/sent', async (req, reply) => {
      const { token } = req.params as { token: string };
      const state = await appeals.markSent(token);
      if (state.kind === 'sent') return reply.redirect(`/${req.locale}/appeals/${state.appeal.id}/thanks`, 303);
      return outcome(req, reply, state);
    });

    app.get('/appeals/send/:token', async (req, reply) => {
      const { token } = req.params as { token: string };
      const state = await appeals.inspectLetter('letter-confirm', token);
      if (state.kind !== 'ready') return outcome(req, reply, state);
      return sendPage(noStore(reply), <ConfirmSendPage ctx={ctxFor(services, req)} state={state} token={token} />);
    });

    app.post('/appeals/send/:token', async (req, reply) => {
      const { token } = req.params as { token: string };
      const state = await appeals.confirmAndSend(token);
      if (state.kind === 'sent')
        return sendPage(
          noStore(reply),
          <AppealOutcomePage
            ctx={ctxFor(services, req)}
            kind={state.scheduled ? 'scheduled' : 'sent'}
            appeal={state.appeal}
          />,
        );
      return outcome(req, reply, state);
    });

    app.get('/appeals/replies/:token', async (req, reply) => {
      const { token } = req.params as { token: string };
      const state = await appeals.inspectReply(token);
      if (state.kind !== 'sent') return outcome(req, reply, state);
      return sendPage(
        noStore(reply),
        <ReplyPage
          ctx={ctxFor(services, req)}
          state={state}
          token={token}
          regionNames={regionNames(services, req.locale)}
        />,
      );
    });

    app.post('/appeals/replies/:token', async (req, reply) => {
      const { token } = req.params as { token: string };
      const state = await appeals.recordReplies(token, formOf(req));
      if (state.kind === 'sent')
        return sendPage(
          noStore(reply),
          <AppealOutcomePage ctx={ctxFor(services, req)} kind="replied" appeal={state.appeal} />,
        );
      return outcome(req, reply, state);
    });
  };

function recipientToForm(r: Recipient): Form {
  const f: Form = {
    body: r.body,
    kind: r.kind,
    region: r.region ?? '',
    email: r.email ?? '',
    postal_address: r.postalAddress ?? '',
    term_start: r.termStart ?? '',
    term_end: r.termEnd ?? '',
    external_key: r.externalKey ?? '',
    active: r.active ? 'on' : '',
  };
  for (const l of LOCALES) {
    f[`name_${l}`] = r.name[l] ?? '';
    f[`position_${l}`] = r.position[l] ?? '';
    f[`organisation_${l}`] = r.organisation[l] ?? '';
    f[`lang_${l}`] = r.languages.includes(l) ? 'on' : '';
  }
  return f;
}

/** A recipients CSV: thousands of rows fit well under this. */
const IMPORT_MAX_BYTES = 2_000_000;

const adminRoutes =
  (services: Services, appeals: AppealsService): FastifyPluginAsync =>
  async (app) => {
    staffArea(app, services);

    async function list(
      req: FastifyRequest,
      reply: FastifyReply,
      extra: {
        imported?: Awaited<ReturnType<AppealsService['importCsv']>>;
        csv?: string;
        errors?: Record<string, string>;
      } = {},
      status = 200,
    ) {
      const body = one((req.query as Record<string, unknown>).body) || undefined;
      return sendPage(
        reply,
        <RecipientsPage
          ctx={ctxFor(services, req)}
          recipients={await appeals.listRecipients({ body })}
          regionNames={regionNames(services, req.locale)}
          filter={{ body }}
          {...extra}
        />,
        status,
      );
    }

    app.get('/admin/recipients', async (req, reply) => {
      if (!requireStaff(req, reply, 'recipients.manage')) return reply;
      return list(req, reply);
    });

    // The directory comes as a CSV file (or pasted text); only this route takes multipart bodies.
    await app.register(async (upload) => {
      // Staff only, checked before a byte of the body is read. Without a session the form's token
      // (bound to the session) could not be valid either: the answer is the one a stale form gets.
      upload.addHook('preValidation', async (req, reply) => {
        if (!req.staffSession) throw fail('STAFF_SESSION_REQUIRED');
        if (!requireStaff(req, reply, 'recipients.manage')) return reply;
      });
      await multipartForms(upload, {
        dir: join(services.config.uploadsDir, 'incoming'),
        limits: { files: 1, fileBytes: IMPORT_MAX_BYTES, fields: 10, fieldBytes: IMPORT_MAX_BYTES + 64 * 1024 },
      });
      upload.post('/admin/recipients/import', async (req, reply) => {
        const actor = requireStaff(req, reply, 'recipients.manage');
        if (!actor) return reply;
        const pasted = formOf(req).csv ?? '';
        try {
          const file = await withFiles(req, reply, async ([first]) => first?.read());
          let csv = pasted;
          if (file) {
            if (isSpreadsheet(file)) throw new ValidationError({ file: 'appeal.import.error.spreadsheet' });
            csv = uploadedText(file);
          }
          const imported = await appeals.importCsv(csv, actor);
          return list(
            req,
            reply,
            { imported, csv: imported.errors.length ? pasted : '' },
            imported.errors.length ? 400 : 200,
          );
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          return list(req, reply, { csv: pasted, errors: err.fields }, 400);
        }
      });
    });

    const form = (
      req: FastifyRequest,
      reply: FastifyReply,
      recipient: Recipient | null,
      values: Form,
      errors: Record<string, string>,
      status = 200,
    ) =>
      sendPage(
        reply,
        <RecipientForm
          ctx={ctxFor(services, req)}
          recipient={recipient}
          values={values}
          errors={errors}
          regionNames={regionNames(services, req.locale)}
        />,
        status,
      );

    app.get('/admin/recipients/new', async (req, reply) => {
      if (!requireStaff(req, reply, 'recipients.manage')) return reply;
      return form(req, reply, null, { body: 'senate', kind: 'person', lang_kk: 'on', lang_ru: 'on', active: 'on' }, {});
    });

    app.get('/admin/recipients/:rid', async (req, reply) => {
      if (!requireStaff(req, reply, 'recipients.manage')) return reply;
      const r = await appeals.getRecipient(idOf(req, 'rid'));
      return form(req, reply, r, recipientToForm(r), {});
    });

    for (const path of ['/admin/recipients', '/admin/recipients/:rid']) {
      app.post(path, async (req, reply) => {
        const actor = requireStaff(req, reply, 'recipients.manage');
        if (!actor) return reply;
        const id = (req.params as { rid?: string }).rid ? idOf(req, 'rid') : null;
        const values = formOf(req);
        try {
          await appeals.saveRecipient(id, values, actor);
          return reply.redirect(`/${req.locale}/admin/recipients`, 303);
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          return form(req, reply, id ? await appeals.getRecipient(id) : null, values, err.fields, 400);
        }
      });
    }

    app.get('/admin/appeals/:id', async (req, reply) => {
      if (!requireStaff(req, reply, 'component.manage')) return reply;
      const id = idOf(req);
      const appeal = await appeals.get(id);
      const summary = await appeals.summary(id);
      return sendPage(
        reply,
        <AppealAdminPage
          ctx={ctxFor(services, req)}
          appeal={appeal}
          candidates={await appeals.listRecipients({ currentOnly: true })}
          letters={summary.letters}
          replies={await appeals.replyTable(id)}
          regionNames={regionNames(services, req.locale)}
          saved={'saved' in (req.query as object)}
        />,
      );
    });

    app.post('/admin/appeals/:id/recipients', async (req, reply) => {
      const actor = requireStaff(req, reply, 'component.manage');
      if (!actor) return reply;
      const id = idOf(req);
      const raw = (req.body as Record<string, unknown> | undefined)?.recipient;
      const ids = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String).filter((x) => ID_RE.test(x));
      await appeals.setNamed(id, ids, actor);
      return reply.redirect(`/${req.locale}/admin/appeals/${id}?saved=1`, 303);
    });
  };

export function appealPlugin(services: Services, appeals: AppealsService): FastifyPluginAsync {
  return async (app) => {
    await app.register(publicRoutes(services, appeals));
    await app.register(adminRoutes(services, appeals));
  };
}
