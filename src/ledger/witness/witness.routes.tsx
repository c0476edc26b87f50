// The admin page of the ledger's witnesses, /{lang}/admin/ledger/witnesses: admins only (the
// `user.manage` action: whom the site trusts is an admin's decision). POST-redirect-GET throughout.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../core/errors.ts';
import { formOf, type Form } from '../../http/forms.ts';
import { ctxFor, sendPage } from '../../http/pages.tsx';
import { requireStaff, staffArea } from '../../http/staff.ts';
import type { WebKit } from '../../http/web.ts';
import type { WitnessService } from './witness.service.ts';
import { WitnessesPage } from './views/witnesses.tsx';

type Services = WebKit & { witness: WitnessService };

const PATH = '/admin/ledger/witnesses';
const ID_RE = /^[0-9a-f-]{36}$/;

export const witnessRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { witness, config } = services;
  const prefix = `${config.baseUrl.replace(/\/$/, '')}/ledger/witness/`;

  await app.register(async (staff) => {
    staffArea(staff, services);
    const guard = (req: FastifyRequest, reply: FastifyReply) => requireStaff(req, reply, 'user.manage');

    const page = async (req: FastifyRequest, reply: FastifyReply, values: Form, errors: Record<string, string>) => {
      const o = await witness.overview();
      return sendPage(
        reply,
        <WitnessesPage
          ctx={ctxFor(services, req)}
          keys={o.keys}
          submissionPrefix={prefix}
          peers={o.peers.map((p) => ({
            id: p.id,
            name: p.name,
            vkey: p.vkey,
            url: p.url,
            cosignedSize: p.cosigned_size,
            lastSuccessAt: p.last_success_at,
            lastError: p.last_error,
            lastErrorAt: p.last_error_at,
          }))}
          logs={o.logs.map((l) => ({
            origin: l.origin,
            vkeys: l.vkeys.split('\n').filter(Boolean),
            size: l.size,
            cosignedAt: l.cosigned_at,
            refusal: l.refusal,
            refusedAt: l.refused_at,
          }))}
          values={values}
          errors={errors}
          saved={'saved' in (req.query as object)}
        />,
        Object.keys(errors).length ? 400 : 200,
      );
    };
    const done = (req: FastifyRequest, reply: FastifyReply) => reply.redirect(`/${req.locale}${PATH}?saved=1`, 303);

    /** Runs a change; a validation error re-shows the page with what was typed and the messages. */
    const change =
      (run: (req: FastifyRequest, values: Form, actor: NonNullable<ReturnType<typeof guard>>) => Promise<unknown>) =>
      async (req: FastifyRequest, reply: FastifyReply) => {
        const actor = guard(req, reply);
        if (!actor) return reply;
        const values = formOf(req);
        try {
          await run(req, values, actor);
        } catch (err) {
          if (err instanceof ValidationError) return page(req, reply, values, err.fields);
          throw err;
        }
        return done(req, reply);
      };

    staff.get(PATH, async (req, reply) => {
      if (!guard(req, reply)) return reply;
      return page(req, reply, {}, {});
    });

    staff.post(
      `${PATH}/peers`,
      change((_req, v, actor) => witness.addPeer({ name: v.name ?? '', vkey: v.vkey ?? '', url: v.url ?? '' }, actor)),
    );
    staff.post(
      `${PATH}/peers/:id/remove`,
      change(async (req, _v, actor) => {
        const { id } = req.params as { id: string };
        if (ID_RE.test(id)) await witness.removePeer(id, actor);
      }),
    );
    staff.post(
      `${PATH}/logs`,
      change((_req, v, actor) => witness.addLog({ origin: v.origin ?? '', vkeys: v.vkeys ?? '' }, actor)),
    );
    staff.post(
      `${PATH}/logs/remove`,
      change((_req, v, actor) => witness.removeLog((v.origin ?? '').trim(), actor)),
    );
    staff.post(
      `${PATH}/rotate-key`,
      change((_req, _v, actor) => witness.rotateKey(actor)),
    );
  });
};
