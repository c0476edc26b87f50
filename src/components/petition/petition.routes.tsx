// Petition pages under each language prefix: the public page and sign form, the pages reached
// from the emails, and the staff pages. Routes call the service only.
import { qrDataUri } from '../../ui/qr-code.ts';
import { pickText } from '../../i18n/locales.ts';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebKit } from '../../http/web.ts';
import type { CampaignsService } from '../../core/campaigns/index.ts';
import type { RegionsService } from '../../core/regions/index.ts';
import { notFound, ValidationError, fail } from '../../core/errors.ts';
import { clientIp, formOf, type Form } from '../../http/forms.ts';
import { ctxFor, noStore, sendCachedPage, sendPage } from '../../http/pages.tsx';
import { requireStaff, staffArea } from '../../http/staff.ts';
import type { ResponsesService } from '../../responses/index.ts';
import type { UiLocale } from '../../i18n/locales.ts';
import type { PetitionsService } from './petition.service.ts';
import { ABROAD, PETITION_STATES, type InvalidationCriteria, type PetitionState } from './petition.ts';
import { nextStates, petitionCan } from './petition.permissions.ts';
import { CRITERIA_FIELDS, PetitionAdminPage } from './views/admin.tsx';
import { DeliveryPackPage } from './views/delivery-pack.tsx';
import { IntegrityPage } from './views/integrity.tsx';
import { ActionPage, CheckEmailPage, OutcomePage, type OutcomeKind } from './views/link-pages.tsx';
import { PetitionPage } from './views/petition-page.tsx';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  campaigns: CampaignsService;
  regions: RegionsService;
  responses: Pick<ResponsesService, 'forSubject'>;
};

const ID_RE = /^[0-9a-f-]{36}$/;
const STATUS: Record<OutcomeKind, number> = {
  confirmed: 200,
  already: 200,
  withdrawn: 200,
  unsubscribed: 200,
  closed: 409,
  gone: 410,
  invalid: 400,
  expired: 410,
};

function regionNamesFor(services: Services, locale: UiLocale): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(
    services.regions.all().map((r) => [r.code, pickText(r.name, locale)]),
  );
  out[ABROAD] = services.i18n.t(locale, 'petition.region.abroad');
  return out;
}

function idOf(req: FastifyRequest): string {
  const { id } = req.params as { id: string };
  if (!ID_RE.test(id)) throw notFound('PETITION_NOT_FOUND');
  return id;
}

const publicRoutes =
  (services: Services, petitions: PetitionsService): FastifyPluginAsync =>
  async (app) => {
    app.get('/petitions/:id', async (req, reply) => {
      const id = idOf(req);
      return sendCachedPage(services, req, reply, async () => {
        const { petition, campaign } = await petitions.getPublic(id);
        return (
          <PetitionPage
            ctx={ctxFor(services, req)}
            petition={petition}
            campaign={campaign}
            responses={await services.responses.forSubject('petition', id)}
            regionNames={regionNamesFor(services, req.locale)}
          />
        );
      });
    });

    // The language switcher on a re-shown form points here: send the reader to the petition.
    app.get('/petitions/:id/sign', async (req, reply) =>
      reply.redirect(`/${req.locale}/petitions/${idOf(req)}#sign`, 303),
    );

    app.post('/petitions/:id/sign', async (req, reply) => {
      const id = idOf(req);
      const form = formOf(req);
      try {
        await petitions.sign(id, form, { ip: clientIp(req), locale: req.locale });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const { petition, campaign } = await petitions.getPublic(id);
        const values = {
          name: form.name ?? '',
          email: form.email ?? '',
          region: form.region ?? '',
          show_name: form.show_name ?? '',
          updates: form.updates ?? '',
        };
        return sendPage(
          noStore(reply),
          <PetitionPage
            ctx={ctxFor(services, req)}
            petition={petition}
            campaign={campaign}
            responses={await services.responses.forSubject('petition', id)}
            regionNames={regionNamesFor(services, req.locale)}
            values={values}
            errors={err.fields}
          />,
          400,
        );
      }
      return reply.redirect(`/${req.locale}/petitions/${id}/check-email`, 303);
    });

    app.get('/petitions/:id/check-email', async (req, reply) => {
      const id = idOf(req);
      return sendCachedPage(services, req, reply, async () => (
        <CheckEmailPage ctx={ctxFor(services, req)} petition={(await petitions.getPublic(id)).petition} />
      ));
    });

    for (const kind of ['confirmed', 'withdrawn'] as const) {
      app.get(`/petitions/:id/${kind}`, async (req, reply) => {
        const id = idOf(req);
        return sendCachedPage(services, req, reply, async () => {
          const { petition } = await petitions.getPublic(id);
          const ctx = ctxFor(services, req);
          const url = `${ctx.base}/${req.locale}/petitions/${petition.id}`;
          const share =
            kind === 'confirmed' && petition.state === 'open'
              ? { url, title: pickText(petition.settings.title, req.locale), qr: qrDataUri(url) }
              : undefined;
          return <OutcomePage ctx={ctx} kind={kind} petition={petition} share={share} />;
        });
      });
    }

    for (const purpose of ['confirm', 'withdraw'] as const) {
      app.get(`/petitions/${purpose}/:token`, async (req, reply) => {
        const { token } = req.params as { token: string };
        const state = await petitions.inspectLink(purpose, token);
        const ctx = ctxFor(services, req);
        noStore(reply);
        if (state.kind === 'ready')
          return sendPage(reply, <ActionPage ctx={ctx} petition={state.petition} token={token} kind={purpose} />);
        return sendPage(
          reply,
          <OutcomePage ctx={ctx} kind={state.kind} petition={'petition' in state ? state.petition : undefined} />,
          STATUS[state.kind],
        );
      });

      app.post(`/petitions/${purpose}/:token`, async (req, reply) => {
        const { token } = req.params as { token: string };
        const state = purpose === 'confirm' ? await petitions.confirm(token) : await petitions.withdraw(token);
        if (
          (purpose === 'confirm' && state.kind === 'ready') ||
          (purpose === 'withdraw' && state.kind === 'withdrawn')
        ) {
          return reply.redirect(
            `/${req.locale}/petitions/${'petition' in state ? state.petition.id : ''}/${purpose === 'confirm' ? 'confirmed' : 'withdrawn'}`,
            303,
          );
        }
        const kind = state.kind === 'ready' ? 'invalid' : state.kind;
        return sendPage(
          noStore(reply),
          <OutcomePage
            ctx={ctxFor(services, req)}
            kind={kind}
            petition={'petition' in state ? state.petition : undefined}
          />,
          STATUS[kind],
        );
      });
    }
  };

function unsubscribeRoutes(services: Services, petitions: PetitionsService): FastifyPluginAsync {
  return async (app) => {
    // Like confirm and withdraw: the mailed link opens a page whose button stops updates (a scanner stops nothing).
    app.get('/petitions/unsubscribe/:token', async (req, reply) => {
      const { token } = req.params as { token: string };
      const state = await petitions.inspectUnsubscribe(token);
      const ctx = ctxFor(services, req);
      noStore(reply);
      if (state.kind === 'ready')
        return sendPage(reply, <ActionPage ctx={ctx} petition={state.petition} token={token} kind="unsubscribe" />);
      const petition = 'petition' in state ? state.petition : undefined;
      return sendPage(reply, <OutcomePage ctx={ctx} kind={state.kind} petition={petition} />, STATUS[state.kind]);
    });

    app.post('/petitions/unsubscribe/:token', async (req, reply) => {
      const { token } = req.params as { token: string };
      const state = await petitions.unsubscribe(token);
      const kind = state.kind === 'ready' ? 'invalid' : state.kind;
      const petition = 'petition' in state ? state.petition : undefined;
      return sendPage(
        noStore(reply),
        <OutcomePage ctx={ctxFor(services, req)} kind={kind} petition={petition} />,
        STATUS[kind],
      );
    });
  };
}

function criteriaFrom(q: Form): InvalidationCriteria {
  const s = (k: string) => (q[k] ?? '').trim().slice(0, 200) || undefined;
  const time = (k: string) => {
    const v = s(k);
    if (!v) return undefined;
    const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? v + 'T00:00:00Z' : /Z|[+-]\d\d:?\d\d$/.test(v) ? v : v + 'Z');
    return Number.isNaN(d.getTime()) ? 'invalid' : d.toISOString();
  };
  return {
    domain: s('domain')?.toLowerCase().replace(/^@/, ''),
    ipHash: s('ipHash'),
    ipPrefixHash: s('ipPrefixHash'),
    from: time('from'),
    to: time('to'),
    region: s('region'),
    namePattern: s('namePattern'),
    quarantinedOnly: !!q.quarantinedOnly || undefined,
  };
}

const one = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');

const adminRoutes =
  (services: Services, petitions: PetitionsService): FastifyPluginAsync =>
  async (app) => {
    staffArea(app, services);

    async function renderIntegrity(
      req: FastifyRequest,
      reply: FastifyReply,
      values: Form = {},
      errors: Record<string, string> = {},
      status = 200,
    ) {
      const actor = req.staffSession!.staff;
      return sendPage(
        reply,
        <IntegrityPage
          ctx={ctxFor(services, req)}
          petitions={await petitions.overview()}
          entries={await petitions.listEntries()}
          values={values}
          errors={errors}
          mayLists={petitionCan(actor, 'lists', { createdBy: null })}
        />,
        status,
      );
    }

    app.get('/admin/petitions', async (req, reply) => {
      if (!requireStaff(req, reply, 'moderation.review')) return reply;
      return renderIntegrity(req, reply, { kind: 'domain', action: 'block' });
    });

    app.post('/admin/petitions/lists', async (req, reply) => {
      const actor = requireStaff(req, reply, 'moderation.review');
      if (!actor) return reply;
      const form = formOf(req);
      try {
        await petitions.addEntry(form, actor);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return renderIntegrity(req, reply, form, err.fields, 400);
      }
      return reply.redirect(`/${req.locale}/admin/petitions`, 303);
    });

    app.post('/admin/petitions/lists/:eid/remove', async (req, reply) => {
      const actor = requireStaff(req, reply, 'moderation.review');
      if (!actor) return reply;
      const { eid } = req.params as { eid: string };
      if (!ID_RE.test(eid)) throw notFound();
      await petitions.removeEntry(eid, actor);
      return reply.redirect(`/${req.locale}/admin/petitions`, 303);
    });

    async function renderAdmin(
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      values: Form,
      errors: Record<string, string>,
      status = 200,
      extra: { preview?: boolean; notice?: string } = {},
    ) {
      const actor = req.staffSession!.staff;
      const petition = await petitions.get(id);
      const campaign = await services.campaigns.getById(petition.campaignId);
      if (!petitionCan(actor, 'view', campaign)) throw fail('FORBIDDEN');
      const may = {
        manage: petitionCan(actor, 'manage', campaign),
        invalidate: petitionCan(actor, 'invalidate', campaign),
        export: petitionCan(actor, 'export', campaign),
      };
      let preview = null;
      if (extra.preview && may.invalidate) {
        try {
          preview = await petitions.previewInvalidation(id, criteriaFrom(values), actor);
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          errors = { ...errors, ...err.fields };
          status = 400;
        }
      }
      return sendPage(
        reply,
        <PetitionAdminPage
          ctx={ctxFor(services, req)}
          petition={petition}
          campaign={campaign}
          tally={await petitions.tally(id)}
          next={nextStates(actor, petition.state, campaign)}
          may={may}
          reports={may.invalidate ? await petitions.reports(id) : []}
          invalidations={may.invalidate ? await petitions.invalidations(id) : []}
          regionNames={regionNamesFor(services, req.locale)}
          values={values}
          errors={errors}
          preview={preview}
          notice={extra.notice}
        />,
        status,
      );
    }

    app.get('/admin/petitions/:id', async (req, reply) => {
      if (!requireStaff(req, reply)) return reply;
      const id = idOf(req);
      const q = Object.fromEntries(
        Object.entries(req.query as Record<string, unknown>).map(([k, v]) => [k, one(v).slice(0, 300)]),
      );
      const values: Form = Object.fromEntries(CRITERIA_FIELDS.filter((f) => q[f]).map((f) => [f, q[f]]));
      const notice = q.sent
        ? services.i18n.t(req.locale, 'petition.admin.update_sent', { count: Number(q.sent) || 0 })
        : q.invalidated
          ? services.i18n.t(req.locale, 'petition.admin.invalidated', { count: Number(q.invalidated) || 0 })
          : undefined;
      return renderAdmin(req, reply, id, values, {}, 200, { preview: q.preview === '1', notice });
    });

    app.post('/admin/petitions/:id/state', async (req, reply) => {
      const actor = requireStaff(req, reply);
      if (!actor) return reply;
      const id = idOf(req);
      const form = formOf(req);
      if (!(PETITION_STATES as readonly string[]).includes(form.to)) throw fail('BAD_STATE');
      try {
        await petitions.transition(id, form.to as PetitionState, actor, {
          reason: form.reason,
          answer: form.answer,
          answerUrl: form.answerUrl?.trim() || undefined,
        });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return renderAdmin(req, reply, id, form, err.fields, 400);
      }
      return reply.redirect(`/${req.locale}/admin/petitions/${id}`, 303);
    });

    app.post('/admin/petitions/:id/invalidate', async (req, reply) => {
      const actor = requireStaff(req, reply);
      if (!actor) return reply;
      const id = idOf(req);
      const form = formOf(req);
      try {
        const n = await petitions.invalidate(id, criteriaFrom(form), form.reason ?? '', actor);
        return reply.redirect(`/${req.locale}/admin/petitions/${id}?invalidated=${n}`, 303);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return renderAdmin(req, reply, id, form, err.fields, 400, { preview: true });
      }
    });

    app.post('/admin/petitions/:id/update', async (req, reply) => {
      const actor = requireStaff(req, reply);
      if (!actor) return reply;
      const id = idOf(req);
      const form = formOf(req);
      try {
        const n = await petitions.sendUpdate(id, form, actor);
        return reply.redirect(`/${req.locale}/admin/petitions/${id}?sent=${n}`, 303);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return renderAdmin(req, reply, id, form, err.fields, 400);
      }
    });

    app.get('/admin/petitions/:id/delivery', async (req, reply) => {
      const actor = requireStaff(req, reply);
      if (!actor) return reply;
      const pack = await petitions.deliveryPack(idOf(req), actor);
      return sendPage(
        reply,
        <DeliveryPackPage ctx={ctxFor(services, req)} pack={pack} regionNames={regionNamesFor(services, req.locale)} />,
      );
    });
  };

export function petitionPlugin(services: Services, petitions: PetitionsService): FastifyPluginAsync {
  return async (app) => {
    await app.register(publicRoutes(services, petitions));
    await app.register(unsubscribeRoutes(services, petitions));
    await app.register(adminRoutes(services, petitions));
  };
}

/** JSON API at the root: the cacheable count, officials' responses, and proof-of-work challenges for the sign form. */
export function petitionApi(
  petitions: PetitionsService,
  responses: Pick<ResponsesService, 'forSubject'>,
  baseUrl: string,
): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/v1/petitions/challenge', async (_req, reply) =>
      reply.header('cache-control', 'no-store').send(await petitions.challenge()),
    );

    app.get('/api/v1/petitions/:id/responses', async (req, reply) => {
      const id = idOf(req);
      await petitions.getPublic(id);
      const list = await responses.forSubject('petition', id);
      reply.header('cache-control', 'public, max-age=60');
      return reply.send({
        id,
        responses: list.map((r) => ({
          id: r.id,
          responder: r.responder,
          responded_on: r.respondedOn,
          text: r.text,
          document: r.document
            ? {
                url: `${baseUrl}/en/responses/${r.id}/document`,
                type: r.document.type,
                bytes: r.document.bytes,
                sha256: r.document.sha256,
              }
            : null,
          revision: r.revision,
          recorded_at: r.createdAt,
          edited_at: r.editedAt,
        })),
      });
    });

    app.get('/api/v1/petitions/:id/count', async (req, reply) => {
      const id = idOf(req);
      const snap = await petitions.countSnapshot(id);
      const etag = `W/"${snap.total}-${snap.updated_at ?? '0'}"`;
      reply.header('cache-control', 'public, max-age=5, stale-while-revalidate=30').header('etag', etag);
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.send(snap);
    });
  };
}
