// Response pages under each language prefix: the staff pages that record and edit a response (forms
// with an optional document, checked before a byte of the file is read), and the public document.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { join } from 'node:path';
import { AppError, fail, notFound, ValidationError } from '../core/errors.ts';
import { formOf, type Form } from '../http/forms.ts';
import { multipartForms, withFiles } from '../http/multipart.ts';
import { ctxFor, sendPage } from '../http/pages.tsx';
import { requireStaff, staffArea } from '../http/staff.ts';
import type { WebKit } from '../http/web.ts';
import { DOCUMENT_MAX_BYTES, type ResponsesService, type UploadedDocument } from './responses.service.ts';
import { SUBJECT_TYPES, todayInKazakhstan, type OfficialResponse, type SubjectType } from './responses.ts';
import { ResponseEditPage, ResponsesAdminPage } from './views/admin.tsx';

const ID_RE = /^[0-9a-f-]{36}$/;

function subjectOf(req: FastifyRequest): { type: SubjectType; id: string } {
  const { type, id } = req.params as { type: string; id: string };
  if (!(SUBJECT_TYPES as readonly string[]).includes(type) || !ID_RE.test(id)) throw notFound('RESPONSE_NOT_FOUND');
  return { type: type as SubjectType, id };
}

function responseIdOf(req: FastifyRequest): string {
  const { rid } = req.params as { rid: string };
  if (!ID_RE.test(rid)) throw notFound('RESPONSE_NOT_FOUND');
  return rid;
}

/** The edit form starts from the response as it stands. */
export function responseToForm(r: OfficialResponse): Form {
  return {
    official: r.officialId ?? '',
    name: r.responder.name,
    position: r.responder.position,
    body: r.responder.body,
    date: r.respondedOn,
    text_kk: r.text.kk ?? '',
    text_ru: r.text.ru ?? '',
    text_en: r.text.en ?? '',
    revision: String(r.revision),
  };
}

export function responsesPlugin(web: WebKit, responses: ResponsesService): FastifyPluginAsync {
  return async (app) => {
    staffArea(app, web);

    async function listPage(
      req: FastifyRequest,
      reply: FastifyReply,
      type: SubjectType,
      id: string,
      values: Form,
      errors: Record<string, string>,
      status = 200,
    ) {
      const subject = await responses.subject(type, id);
      const notice = (req.query as Record<string, string>).recorded;
      return sendPage(
        reply,
        <ResponsesAdminPage
          ctx={ctxFor(web, req)}
          subject={subject}
          responses={await responses.forSubject(type, id)}
          officials={await responses.officials()}
          mailable={responses.mailable(type)}
          today={todayInKazakhstan()}
          maxBytes={DOCUMENT_MAX_BYTES}
          values={values}
          errors={errors}
          notice={notice === 'mailed' || notice === 'saved' ? notice : undefined}
        />,
        status,
      );
    }

    async function editPage(
      req: FastifyRequest,
      reply: FastifyReply,
      response: OfficialResponse,
      values: Form,
      errors: Record<string, string>,
      status = 200,
    ) {
      const notice = (req.query as Record<string, string>).saved;
      return sendPage(
        reply,
        <ResponseEditPage
          ctx={ctxFor(web, req)}
          subject={await responses.subject(response.subjectType, response.subjectId)}
          response={response}
          history={await responses.history(response.id)}
          mailings={await responses.mailings(response.id)}
          officials={await responses.officials()}
          officialPath={response.officialId ? responses.officialAdminPath(response.officialId) : null}
          mailable={responses.mailable(response.subjectType)}
          today={todayInKazakhstan()}
          maxBytes={DOCUMENT_MAX_BYTES}
          values={values}
          errors={errors}
          notice={notice === 'mailed' || notice === 'saved' ? notice : undefined}
        />,
        status,
      );
    }

    async function guard(req: FastifyRequest, reply: FastifyReply, type: SubjectType, id: string) {
      const actor = requireStaff(req, reply);
      if (!actor) return null;
      if (!(await responses.mayRecord(actor, type, id))) throw fail('FORBIDDEN');
      return actor;
    }

    app.get('/admin/responses/:type/:id', async (req, reply) => {
      const { type, id } = subjectOf(req);
      if (!(await guard(req, reply, type, id))) return reply;
      return listPage(req, reply, type, id, { mail: 'on' }, {});
    });

    app.get('/admin/responses/edit/:rid', async (req, reply) => {
      const r = await responses.get(responseIdOf(req));
      if (!(await guard(req, reply, r.subjectType, r.subjectId))) return reply;
      return editPage(req, reply, r, responseToForm(r), {});
    });

    // Forms with a document: staff only, checked before a byte of the body is read.
    await app.register(async (upload: FastifyInstance) => {
      upload.addHook('preValidation', async (req, reply) => {
        if (!req.staffSession) throw fail('STAFF_SESSION_REQUIRED');
        if (!requireStaff(req, reply)) return reply;
      });
      await multipartForms(upload, {
        dir: join(web.config.uploadsDir, 'incoming'),
        limits: { files: 1, fileBytes: DOCUMENT_MAX_BYTES, fields: 20, fieldBytes: 256 * 1024 },
        messages: { tooLarge: 'UPLOAD_RESPONSE_TOO_LARGE' },
      });

      /** The document sent with the form, or the field error that refuses it (the typed values are kept). */
      async function documentOf(req: FastifyRequest, reply: FastifyReply): Promise<UploadedDocument | null> {
        try {
          return await withFiles(req, reply, async (files) => {
            const f = files.find((x) => x.field === 'document');
            return f ? { name: f.name, data: await f.read() } : null;
          });
        } catch (err) {
          if (err instanceof AppError && err.code === 'UPLOAD_RESPONSE_TOO_LARGE')
            throw new ValidationError({ document: 'response.error.document_too_large' });
          throw err;
        }
      }

      upload.post('/admin/responses/:type/:id', async (req, reply) => {
        const { type, id } = subjectOf(req);
        const actor = await guard(req, reply, type, id);
        if (!actor) return reply;
        const values = formOf(req);
        try {
          const document = await documentOf(req, reply);
          const { response, mailing } = await responses.record(type, id, values, document, actor, req.locale);
          return reply.redirect(
            `/${req.locale}/admin/responses/edit/${response.id}?saved=${mailing ? 'mailed' : 'saved'}`,
            303,
          );
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          const status = err.fields.document === 'response.error.document_too_large' ? 413 : 400;
          return listPage(req, reply, type, id, values, err.fields, status);
        }
      });

      upload.post('/admin/responses/edit/:rid', async (req, reply) => {
        const before = await responses.get(responseIdOf(req));
        const actor = await guard(req, reply, before.subjectType, before.subjectId);
        if (!actor) return reply;
        const values = formOf(req);
        try {
          const document = await documentOf(req, reply);
          const { response, mailing } = await responses.edit(before.id, values, document, actor, req.locale);
          return reply.redirect(
            `/${req.locale}/admin/responses/edit/${response.id}?saved=${mailing ? 'mailed' : 'saved'}`,
            303,
          );
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          const status = err.fields.document === 'response.error.document_too_large' ? 413 : 400;
          return editPage(req, reply, before, { ...values, revision: String(before.revision) }, err.fields, status);
        }
      });
    });

    // The document as the official sent it (the site's strict headers apply: no script of it can run).
    app.get('/responses/:rid/document', async (req, reply) => {
      const r = await responses.get(responseIdOf(req));
      const subject = await responses.subject(r.subjectType, r.subjectId);
      if (!r.document) throw notFound('RESPONSE_NOT_FOUND');
      if (!subject.public && !(await responses.mayRecord(req.staffSession?.staff, r.subjectType, r.subjectId)))
        throw notFound('RESPONSE_NOT_FOUND');
      const doc = await responses.document(r.document.sha256);
      // A PDF is downloaded, to be read in the reader's own viewer, never run as a page of this site.
      const disposition = doc.type === 'application/pdf' ? 'attachment' : 'inline';
      return reply
        .header('content-type', doc.type)
        .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(doc.name)}`)
        .header('etag', `"${r.document.sha256}"`)
        .header('cache-control', subject.public ? 'public, max-age=300' : 'no-store')
        .send(doc.data);
    });
  };
}
