// The books' staff pages: record each kind (POST-redirect-GET, files hashed and dropped), the pending
// list with approve and reject, the bank statement import and publishing campaign figures.
import { join } from 'node:path';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { can, type Action, type Staff } from '../core/accounts/index.ts';
import { AppError, fail, ValidationError } from '../core/errors.ts';
import { httpStatus } from '../http/errors.ts';
import { formOf, type Form } from '../http/forms.ts';
import { multipartForms, withFiles, type ReceivedFile } from '../http/multipart.ts';
import { ctxFor, sendPage } from '../http/pages.tsx';
import { requireStaff, staffArea } from '../http/staff.ts';
import { isSpreadsheet, uploadedText } from '../http/uploaded-text.ts';
import type { WebKit } from '../http/web.ts';
import { parseBankStatement } from './bank-csv.ts';
import { formToInput, isFormKind, type FormKind } from './books-form.ts';
import { mayPublishFigures } from './books.figures.ts';
import {
  CURRENCIES,
  DEFAULT_CURRENCY,
  PAYEE_KINDS,
  SPEND_CATEGORIES,
  sha256Hex,
  todayInKazakhstan,
} from './books.records.ts';
import type { ImportResult, LedgerBooksService } from './books.service.ts';
import { ReceiptIssued, RecordForm } from './views/admin-forms.tsx';
import { FiguresPage, ImportPage, LedgerAdminPage, type AdminNotice } from './views/admin.tsx';

type Services = WebKit & {
  ledgerBooks: LedgerBooksService;
  accounts: { listUsers(): Promise<Array<{ id: string; name: string; email: string }>> };
};

const ID = /^[0-9a-f-]{36}$/;
const FILE_BYTES = 20 * 1024 * 1024;
const NOTICES: Record<string, AdminNotice> = {
  recorded: { key: 'ledger.admin.recorded' },
  approved: { key: 'ledger.admin.notice_approved' },
  rejected: { key: 'ledger.admin.notice_rejected' },
};

export const booksAdminRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { ledgerBooks: books } = services;
  staffArea(app, services);

  /** Anyone who records or approves; `requireStaff` sends the others to sign in or set up 2FA first. */
  const guard = (req: FastifyRequest, reply: FastifyReply, action: Action = 'ledger.record'): Staff | null => {
    const actor = requireStaff(req, reply);
    if (actor && !can(actor, action) && !(action === 'ledger.record' && can(actor, 'ledger.approve')))
      throw fail('FORBIDDEN');
    return actor;
  };
  const names = async () =>
    Object.fromEntries((await services.accounts.listUsers()).map((u) => [u.id, u.name || u.email]));

  const dashboard = async (
    req: FastifyRequest,
    reply: FastifyReply,
    actor: Staff,
    notice: AdminNotice | null,
    status = 200,
  ) =>
    sendPage(
      reply,
      <LedgerAdminPage
        ctx={ctxFor(services, req)}
        pending={await books.pending('pending')}
        decided={[...(await books.pending('approved', 30)), ...(await books.pending('rejected', 10))].sort((a, b) =>
          (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''),
        )}
        names={await names()}
        mayApprove={can(actor, 'ledger.approve')}
        notice={notice}
      />,
      status,
    );
  /** A decision refused: the list again, with the reason, at the status the error's kind calls for. */
  const refused = (req: FastifyRequest, reply: FastifyReply, actor: Staff, err: AppError) =>
    dashboard(req, reply, actor, { key: err.messageKey, kind: 'error' }, httpStatus(err));

  app.get('/admin/ledger', async (req, reply) => {
    const actor = guard(req, reply);
    if (!actor) return reply;
    const q = req.query as Record<string, string>;
    return dashboard(req, reply, actor, NOTICES[Object.keys(q).find((k) => k in NOTICES) ?? ''] ?? null);
  });

  const recordForm = (
    req: FastifyRequest,
    reply: FastifyReply,
    kind: FormKind,
    values: Form,
    errors: Record<string, string>,
    status = 200,
  ) => sendPage(reply, <RecordForm ctx={ctxFor(services, req)} kind={kind} values={values} errors={errors} />, status);

  const kindOf = (req: FastifyRequest): FormKind => {
    const { kind } = req.params as { kind: string };
    if (!isFormKind(kind)) throw fail('NOT_FOUND');
    return kind;
  };

  app.get('/admin/ledger/new/:kind', async (req, reply) => {
    if (!guard(req, reply)) return reply;
    const q = req.query as Record<string, string>;
    const values: Form = { currency: DEFAULT_CURRENCY, date: todayInKazakhstan(), channel: 'bank' };
    if (typeof q.corrects === 'string' && /^\d{1,15}$/.test(q.corrects)) values.corrects = q.corrects;
    return recordForm(req, reply, kindOf(req), values, {});
  });

  app.post('/admin/ledger/pending/:id/approve', async (req, reply) => {
    const actor = guard(req, reply, 'ledger.approve');
    if (!actor) return reply;
    const { id } = req.params as { id: string };
    if (!ID.test(id)) throw fail('LEDGER_PENDING_NOT_FOUND');
    try {
      await books.approve(id, actor);
    } catch (err) {
      // The refusal (self-approval, decided elsewhere, a correction gone stale) shown on the list itself.
      if (err instanceof AppError && err.kind !== 'not_found') return refused(req, reply, actor, err);
      throw err;
    }
    return reply.redirect(`/${req.locale}/admin/ledger?approved=1`, 303);
  });

  app.post('/admin/ledger/pending/:id/reject', async (req, reply) => {
    const actor = guard(req, reply, 'ledger.approve');
    if (!actor) return reply;
    const { id } = req.params as { id: string };
    if (!ID.test(id)) throw fail('LEDGER_PENDING_NOT_FOUND');
    try {
      await books.reject(id, actor, formOf(req).note ?? '');
    } catch (err) {
      if (err instanceof ValidationError)
        return dashboard(req, reply, actor, { key: 'ledger.admin.reject_needs_note', kind: 'error' }, 400);
      if (err instanceof AppError && err.kind !== 'not_found') return refused(req, reply, actor, err);
      throw err;
    }
    return reply.redirect(`/${req.locale}/admin/ledger?rejected=1`, 303);
  });

  app.get('/admin/ledger/import', async (req, reply) => {
    if (!guard(req, reply)) return reply;
    return sendPage(
      reply,
      <ImportPage
        ctx={ctxFor(services, req)}
        values={{ category: 'other', payee_kind: 'organisation' }}
        errors={{}}
        result={null}
      />,
    );
  });

  app.get('/admin/ledger/figures', async (req, reply) => {
    const actor = requireStaff(req, reply);
    if (!actor) return reply;
    if (!mayPublishFigures(actor)) throw fail('FORBIDDEN');
    const q = req.query as Record<string, string>;
    const notice = q.published
      ? { key: 'ledger.figures.published', values: { index: Number(q.published) || 0 } }
      : null;
    return sendPage(
      reply,
      <FiguresPage ctx={ctxFor(services, req)} sources={await books.figureSources()} notice={notice} />,
    );
  });

  // Forms with files: checked (session, CSRF, role) before a byte of a file is read.
  await app.register(async (upload: FastifyInstance) => {
    upload.addHook('preValidation', async (req, reply) => {
      if (!req.staffSession) throw fail('STAFF_SESSION_REQUIRED');
      if (!requireStaff(req, reply)) return reply;
    });
    await multipartForms(upload, {
      dir: join(services.config.uploadsDir, 'incoming'),
      limits: { files: 20, fileBytes: FILE_BYTES, fields: 40, fieldBytes: 2 * 1024 * 1024 },
    });
    // Receipts and orders are hashed and then dropped: only the hash goes into the log, and no copy is
    // kept, so a seized server holds no scan naming a survivor, a lawyer or a shelter.
    const hashes = (files: ReceivedFile[], field: string) =>
      Promise.all(files.filter((f) => f.field === field).map(async (f) => sha256Hex(await f.read())));

    upload.post('/admin/ledger/new/:kind', async (req, reply) => {
      const actor = guard(req, reply);
      if (!actor) return reply;
      const kind = kindOf(req);
      const values = formOf(req);
      const files = await withFiles(req, reply, async (list) => ({
        receipts: await hashes(list, 'receipts'),
        document: (await hashes(list, 'document'))[0] ?? null,
      }));
      const { input, errors } = formToInput(kind, values, files);
      try {
        // Problems with the typed text first, shown together with the record's own (nothing stored).
        if (Object.keys(errors).length) {
          const others = await books.check(input).then(
            () => ({}),
            (err: unknown) => (err instanceof ValidationError ? err.fields : {}),
          );
          throw new ValidationError({ ...others, ...errors });
        }
        const recorded = await books.record(input, actor);
        if (!recorded.receipt) return reply.redirect(`/${req.locale}/admin/ledger?recorded=1`, 303);
        // The donor's code is shown this once and never stored, so this answer is the page itself.
        reply.header('cache-control', 'no-store');
        return sendPage(
          reply,
          <ReceiptIssued ctx={ctxFor(services, req)} receipts={[{ label: '', code: recorded.receipt }]} />,
        );
      } catch (err) {
        if (err instanceof ValidationError)
          return recordForm(req, reply, kind, values, { ...err.fields, ...errors }, 400);
        throw err;
      }
    });

    upload.post('/admin/ledger/import', async (req, reply) => {
      const actor = guard(req, reply);
      if (!actor) return reply;
      const values = formOf(req);
      const page = (errors: Record<string, string>, result: ImportResult | null, status: number) =>
        sendPage(
          reply,
          <ImportPage ctx={ctxFor(services, req)} values={values} errors={errors} result={result} />,
          status,
        );
      const file = await withFiles(req, reply, async (list) => list.find((f) => f.field === 'file')?.read());
      if (file && isSpreadsheet(file)) return page({ file: 'ledger.import.error.spreadsheet' }, null, 400);
      const text = file ? uploadedText(file) : (values.csv ?? '');
      const errors: Record<string, string> = {};
      if (!text.trim()) errors.file = 'form.error.required';
      const purpose = (values.purpose ?? '').trim();
      if (!purpose) errors.purpose = 'form.error.required';
      const currency = DEFAULT_CURRENCY;
      if (Object.keys(errors).length) return page(errors, null, 400);
      const parsed = parseBankStatement(
        text,
        {
          currency,
          campaign: (values.campaign ?? '').trim() || null,
          purpose,
          category: (SPEND_CATEGORIES as readonly string[]).includes(values.category)
            ? (values.category as never)
            : 'other',
          payeeKind: (PAYEE_KINDS as readonly string[]).includes(values.payee_kind)
            ? (values.payee_kind as never)
            : 'organisation',
        },
        CURRENCIES[currency],
      );
      if (parsed.rejects.some((r) => r.fields.file)) return page({ file: 'ledger.import.error.header' }, null, 400);
      const result = await books.recordMany(parsed.rows, actor);
      const rejects = [...parsed.rejects, ...result.rejects].sort((a, b) => a.line - b.line);
      return page({}, { stored: result.stored, rejects }, 200);
    });

    upload.post('/admin/ledger/figures/:id', async (req, reply) => {
      const actor = requireStaff(req, reply);
      if (!actor) return reply;
      if (!mayPublishFigures(actor)) throw fail('FORBIDDEN');
      const { id } = req.params as { id: string };
      if (!ID.test(id)) throw fail('LEDGER_FIGURE_NOT_FOUND');
      const file = await withFiles(req, reply, async (list) => list.find((f) => f.field === 'export')?.read());
      const index = await books.publishFigure(id, actor, file ?? null);
      return reply.redirect(`/${req.locale}/admin/ledger/figures?published=${index}`, 303);
    });
  });
};
