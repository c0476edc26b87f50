// Uploading research data from the monitor's pages (analysts, organisers, admins: analytics.view).
// The form's fields are checked (session, CSRF, role, choices) before a byte of the file is read;
// the file is then streamed to disk under MONITOR_UPLOAD_MAX_MB, looked at, and its import queued.
// The status page, its JSON for the progress bar, and the rejected lines as CSV.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { join } from 'node:path';
import { type Staff } from '../core/accounts/index.ts';
import type { CampaignsService } from '../core/campaigns/index.ts';
import { AppError, fail, notFound } from '../core/errors.ts';
import { formOf } from '../http/forms.ts';
import { multipartForms, receiveFileTo } from '../http/multipart.ts';
import { ctxFor, sendPage } from '../http/pages.tsx';
import { requireStaff, staffArea } from '../http/staff.ts';
import type { WebKit } from '../http/web.ts';
import { pickText } from '../i18n/locales.ts';
import { rejectsCsv } from './import-report.ts';
import { FORMATS } from './monitor.import.ts';
import { isPlatform, type Platform } from './post.ts';
import { UploadRefused } from './upload-check.ts';
import type { UploadChoice } from './upload.model.ts';
import type { UploadService } from './uploads.service.ts';
import { UploadPage, UploadStatusPage } from './views/upload-pages.tsx';

type Services = WebKit & { monitorUploads: UploadService; campaigns: CampaignsService };

const ID_RE = /^[0-9a-f-]{36}$/;

export const uploadRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  staffArea(app, services);
  const { monitorUploads: uploads, campaigns } = services;

  async function formPage(
    req: FastifyRequest,
    reply: FastifyReply,
    staff: Staff | null,
    values: Record<string, string>,
    errors: Record<string, string>,
    status: number,
    detail?: string,
  ) {
    const { items } = await campaigns.list({ includeDrafts: true, status: 'all', perPage: 100 });
    const visible = staff ? items : [];
    return sendPage(
      reply,
      <UploadPage
        ctx={ctxFor(services, req)}
        values={{ format: 'auto', ...values }}
        errors={errors}
        detail={detail}
        maxBytes={uploads.maxBytes}
        campaigns={visible.map((c) => ({ id: c.id, title: pickText(c.title, req.locale) }))}
        uploads={staff ? await uploads.recent(10) : []}
      />,
      status,
    );
  }

  /** The form's choices, or what is wrong with them (nothing of the file has been read yet). */
  async function choiceFrom(values: Record<string, string>) {
    const errors: Record<string, string> = {};
    const format = values.format || 'auto';
    if (format !== 'auto' && !(FORMATS as readonly string[]).includes(format)) errors.format = 'form.error.choice';
    const platform = values.platform || undefined;
    if (platform && !isPlatform(platform)) errors.platform = 'form.error.choice';
    const columns = (values.columns ?? '').trim();
    if (columns.length > 1000) errors.columns = 'monitor.upload.error.bad_mapping';
    let campaignId: string | null = values.campaign || null;
    if (campaignId && (!ID_RE.test(campaignId) || !(await campaigns.getById(campaignId).catch(() => null)))) {
      errors.campaign = 'form.error.choice';
      campaignId = null;
    }
    const choice: UploadChoice = {
      format: format as UploadChoice['format'],
      platform: platform as Platform | undefined,
      columns: columns || undefined,
      campaignId,
    };
    return { choice, errors };
  }

  app.get('/admin/monitor/upload', async (req, reply) => {
    const staff = requireStaff(req, reply, 'analytics.view');
    if (!staff) return reply;
    return formPage(req, reply, staff, {}, {}, 200);
  });

  await app.register(async (upload: FastifyInstance) => {
    // Staff with the right role only, checked before a byte of the body is read.
    upload.addHook('preValidation', async (req, reply) => {
      if (!req.staffSession) throw fail('STAFF_SESSION_REQUIRED');
      if (!requireStaff(req, reply, 'analytics.view')) return reply;
    });
    // Over the cap (announced by the body's length, or met while streaming): the form again, saying so.
    upload.setErrorHandler(async (err, req, reply) => {
      if (err instanceof AppError && err.code === 'MONITOR_UPLOAD_TOO_LARGE' && req.staffSession?.stage === 'full')
        return formPage(
          req,
          reply,
          req.staffSession.staff,
          formOf(req),
          { file: 'monitor.upload.error.too_large' },
          413,
        );
      throw err;
    });
    await multipartForms(upload, {
      dir: join(services.config.uploadsDir, 'incoming'),
      limits: { files: 1, fileBytes: uploads.maxBytes, fields: 10, fieldBytes: 16 * 1024 },
      messages: { tooLarge: 'MONITOR_UPLOAD_TOO_LARGE' },
    });

    upload.post('/admin/monitor/upload', async (req, reply) => {
      const staff = requireStaff(req, reply, 'analytics.view');
      if (!staff) return reply;
      const values = formOf(req);
      const { choice, errors } = await choiceFrom(values);
      if (Object.keys(errors).length) return formPage(req, reply, staff, values, errors, 400);
      const target = uploads.incoming();
      const file = await receiveFileTo(req, target.path);
      if (!file) return formPage(req, reply, staff, values, { file: 'monitor.upload.error.no_file' }, 400);
      try {
        const id = await uploads.accept(staff, { ...target, ...file }, choice);
        return reply.redirect(`/${req.locale}/admin/monitor/uploads/${id}`, 303);
      } catch (err) {
        if (!(err instanceof UploadRefused)) throw err;
        const field = err.problem === 'missing_columns' || err.problem === 'bad_mapping' ? 'columns' : 'file';
        const errs = { [field]: `monitor.upload.error.${err.problem}` };
        if (err.problem === 'unknown_platform')
          Object.assign(errs, { platform: 'monitor.upload.error.unknown_platform' });
        return formPage(req, reply, staff, values, errs, 400, err.detail || undefined);
      }
    });
  });

  async function found(req: FastifyRequest) {
    const { id } = req.params as { id: string };
    const upload = ID_RE.test(id) ? await uploads.get(id) : null;
    if (!upload) throw notFound('MONITOR_UPLOAD_NOT_FOUND');
    return upload;
  }

  app.get('/admin/monitor/uploads/:id', async (req, reply) => {
    if (!requireStaff(req, reply, 'analytics.view')) return reply;
    return sendPage(reply, <UploadStatusPage ctx={ctxFor(services, req)} upload={await found(req)} />);
  });

  // What the progress bar polls: small, never cached.
  app.get('/admin/monitor/uploads/:id/status', async (req, reply) => {
    if (!requireStaff(req, reply, 'analytics.view')) return reply;
    const u = await found(req);
    const t = services.i18n.translator(req.locale);
    return reply.header('cache-control', 'no-store').send({
      status: u.status,
      stalled: u.stalled,
      statusText: t(`monitor.upload.status.${u.stalled ? 'stalled' : u.status}`),
      size: u.size,
      bytesRead: u.bytesRead,
      text: t('monitor.upload.progress_text', {
        percent: new Intl.NumberFormat(req.locale, { style: 'percent', maximumFractionDigits: 0 }).format(
          u.size ? Math.min(1, u.bytesRead / u.size) : 0,
        ),
        read: u.read,
        inserted: new Intl.NumberFormat(req.locale).format(u.inserted),
        updated: new Intl.NumberFormat(req.locale).format(u.updated),
        rejected: new Intl.NumberFormat(req.locale).format(u.rejected),
      }),
      read: u.read,
      inserted: u.inserted,
      updated: u.updated,
      rejected: u.rejected,
    });
  });

  app.get('/admin/monitor/uploads/:id/rejects.csv', async (req, reply) => {
    if (!requireStaff(req, reply, 'analytics.view')) return reply;
    const u = await found(req);
    const rejects = (await uploads.rejects(u.id)) ?? [];
    const name = `${u.fileName.replace(/[^\w.-]+/g, '_').slice(0, 60)}-rejects.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(rejectsCsv(rejects));
  });
};
