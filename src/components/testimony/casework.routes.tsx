// Caseworker pages: the inbox, a case (opened and read with an audit entry each time), the
// ciphertexts for the browser, and key management. Every write is POST with the staff CSRF token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebKit } from '../../http/web.ts';
import type { AccountsService, Staff } from '../../core/accounts/index.ts';
import type { HelpService } from '../../help/index.ts';
import type { RegionsService } from '../../core/regions/index.ts';
import { forbidden, fail } from '../../core/errors.ts';
import { formOf } from '../../http/forms.ts';
import { contentLocale } from '../../i18n/locales.ts';
import { ctxFor, sendPage } from '../../http/pages.tsx';
import { requireStaff, staffArea } from '../../http/staff.ts';
import {
  canDraftPublication,
  canHandle,
  canHoldKey,
  canManageKeys,
  canOverrideReferral,
  canPromote,
} from './testimony.permissions.ts';
import type { TestimonyParts } from './testimony.parts.ts';
import { today } from './testimony.ts';
import { CasePage } from './views/case.tsx';
import { InboxPage } from './views/inbox.tsx';
import { KeysPage } from './views/keys.tsx';
import { caseHandlers } from './testimony.setup.ts';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  accounts: AccountsService;
  help: HelpService;
  regions: RegionsService;
};

const parseJsonField = (v: string | undefined): unknown => {
  try {
    return JSON.parse(v ?? '');
  } catch {
    return null;
  }
};
const num = (v: string | undefined): number | null =>
  v === undefined || v === '' ? null : Number.isFinite(Number(v)) ? Number(v) : NaN;

export async function caseworkRoutes(
  app: FastifyInstance,
  services: Services,
  testimony: TestimonyParts,
): Promise<void> {
  const { cases, keys } = testimony;
  await app.register(async (staffApp) => {
    staffArea(staffApp, services);

    const guard = (
      req: FastifyRequest,
      reply: FastifyReply,
      allowed: (s: Staff) => boolean = canDraftPublication,
    ): Staff | null => {
      const actor = requireStaff(req, reply);
      if (actor && !allowed(actor)) throw forbidden();
      return actor;
    };
    const handlers = async () => (await services.accounts.listUsers()).filter((u) => !u.disabled && canHoldKey(u));
    const back = (req: FastifyRequest, reply: FastifyReply, id: string) =>
      reply.redirect(`/${req.locale}/admin/testimonies/${id}`, 303);
    const caseId = (req: FastifyRequest) => (req.params as { id: string }).id;

    staffApp.get('/admin/testimonies', async (req, reply) => {
      const actor = guard(req, reply);
      if (!actor) return reply;
      const q = req.query as Record<string, string>;
      const status = typeof q.status === 'string' ? q.status : '';
      const mine = q.mine === '1';
      const { items, total, expiring } = await cases.inbox(actor, { status, mine, page: Number(q.page) || 1 });
      // What the inbox now shows her is no longer news for an e-mail notice.
      await testimony.notify.seen(actor.id);
      return sendPage(
        reply,
        <InboxPage
          ctx={ctxFor(services, req)}
          items={items}
          total={total}
          expiring={expiring}
          status={status}
          mine={mine}
          staff={await handlers()}
        />,
      );
    });

    staffApp.get('/admin/testimonies/:id', async (req, reply) => {
      const actor = guard(req, reply);
      if (!actor) return reply;
      const active = await keys.activeKey();
      if (!active) return reply.redirect(`/${req.locale}/admin/testimony-keys`, 303);
      const { testimony: t, items, files } = await cases.openCase(actor, caseId(req));
      const ctx = ctxFor(services, req);
      return sendPage(
        reply,
        <CasePage
          ctx={ctx}
          testimony={t}
          items={items}
          ring={await keys.ring(actor)}
          staff={await handlers()}
          helpEntries={await services.help.search({ limit: 500 })}
          canOverride={canOverrideReferral(actor)}
          canHandle={canHandle(actor)}
          canPromote={canPromote(actor)}
          activeKey={active}
          files={files}
          regions={services.regions.all()}
          today={today()}
        />,
      );
    });

    staffApp.get('/admin/testimonies/:id/content', async (req, reply) => {
      const actor = guard(req, reply);
      if (!actor) return reply;
      const { testimony: t, items } = await cases.readContent(actor, caseId(req));
      return reply.type('application/json').send({
        envelope: t.envelope,
        orgKeyId: t.orgKeyId,
        items: items.map((i) => ({ id: i.id, kind: i.kind, orgKeyId: i.orgKeyId, forOrg: i.forOrg, files: i.files })),
      });
    });

    staffApp.get('/admin/testimonies/:id/files/:file', async (req, reply) => {
      const actor = guard(req, reply);
      if (!actor) return reply;
      const data = await cases.readFile(actor, caseId(req), (req.params as { file: string }).file);
      return reply.type('application/octet-stream').header('content-disposition', 'attachment').send(data);
    });

    staffApp.post('/admin/testimonies/:id/case', async (req, reply) => {
      const actor = guard(req, reply, canHandle);
      if (!actor) return reply;
      const f = formOf(req);
      const staff = await handlers();
      const assignee = f.assignee ? staff.find((s) => s.id === f.assignee)?.id : null;
      if (assignee === undefined) throw fail('BAD_ASSIGNEE');
      await cases.update(actor, caseId(req), {
        status: f.status,
        priority: f.priority,
        assigneeId: assignee,
        tags: (f.tags ?? '').split(','),
      });
      return back(req, reply, caseId(req));
    });

    staffApp.post('/admin/testimonies/:id/notes', async (req, reply) => {
      const actor = guard(req, reply, canHandle);
      if (!actor) return reply;
      await cases.addNote(actor, caseId(req), formOf(req).for_org);
      return back(req, reply, caseId(req));
    });

    staffApp.post('/admin/testimonies/:id/replies', async (req, reply) => {
      const actor = guard(req, reply, canHandle);
      if (!actor) return reply;
      const f = formOf(req);
      await cases.addReply(actor, caseId(req), f.for_org, f.for_survivor);
      return back(req, reply, caseId(req));
    });

    staffApp.post('/admin/testimonies/:id/drafts', async (req, reply) => {
      const actor = guard(req, reply);
      if (!actor) return reply;
      const f = formOf(req);
      await cases.proposeDraft(actor, caseId(req), f.for_org, f.for_survivor, f.digest);
      return back(req, reply, caseId(req));
    });

    staffApp.post('/admin/testimonies/:id/referral', async (req, reply) => {
      const actor = guard(req, reply, canHandle);
      if (!actor) return reply;
      const f = formOf(req);
      await cases.refer(actor, caseId(req), f.service ?? '', f.override === '1');
      return back(req, reply, caseId(req));
    });

    staffApp.post('/admin/testimonies/:id/stats', async (req, reply) => {
      const actor = guard(req, reply);
      if (!actor) return reply;
      const f = formOf(req);
      const region = f.region && services.regions.isValid(f.region) ? f.region : null;
      await cases.recordStats(actor, caseId(req), {
        incidentYear: num(f.incident_year),
        region,
        relationship: f.relationship || null,
        police: f.police === '1' ? true : f.police === '0' ? false : null,
        delayMonths: num(f.delay_months),
      });
      return back(req, reply, caseId(req));
    });

    staffApp.post('/admin/testimonies/:id/promote', async (req, reply) => {
      const actor = guard(req, reply, canPromote);
      if (!actor) return reply;
      const f = formOf(req);
      const region = f.region && services.regions.isValid(f.region) ? f.region : null;
      await cases.promote(actor, caseId(req), {
        title: f.title ?? '',
        summary: f.summary ?? '',
        date: (f.date ?? '').trim(),
        region,
        // The record is stored in the content language the reader's interface reads (kk for kk-latn).
        locale: contentLocale(req.locale),
      });
      return back(req, reply, caseId(req));
    });

    staffApp.post('/admin/testimonies/:id/extend', async (req, reply) => {
      const actor = guard(req, reply, canHandle);
      if (!actor) return reply;
      await cases.extend(actor, caseId(req));
      return back(req, reply, caseId(req));
    });

    // Keys ------------------------------------------------------------------------------------

    const keysPage = (req: FastifyRequest, reply: FastifyReply) =>
      reply.redirect(`/${req.locale}/admin/testimony-keys`, 303);

    staffApp.get('/admin/testimony-keys', async (req, reply) => {
      const actor = guard(req, reply, canHoldKey);
      if (!actor) return reply;
      const manage = canManageKeys(actor);
      const everyone = await services.accounts.listUsers();
      return sendPage(
        reply,
        <KeysPage
          ctx={ctxFor(services, req)}
          progress={await keys.progress(actor, await caseHandlers(async () => everyone))}
          ring={await keys.ring(actor)}
          holders={manage ? await keys.holders(actor) : []}
          staff={everyone.filter((u) => !u.disabled && canHoldKey(u))}
          manage={manage}
        />,
      );
    });

    staffApp.post('/admin/testimony-keys/personal', async (req, reply) => {
      const actor = guard(req, reply, canHoldKey);
      if (!actor) return reply;
      const f = formOf(req);
      await keys.saveOwnKey(actor, f.public_key, parseJsonField(f.wrapped));
      return keysPage(req, reply);
    });

    staffApp.post('/admin/testimony-keys/org', async (req, reply) => {
      const actor = guard(req, reply, canManageKeys);
      if (!actor) return reply;
      const f = formOf(req);
      await keys.createOrgKey(actor, f.public_key, f.self_grant);
      return keysPage(req, reply);
    });

    staffApp.post('/admin/testimony-keys/rotate', async (req, reply) => {
      const actor = guard(req, reply, canManageKeys);
      if (!actor) return reply;
      const f = formOf(req);
      await keys.rotate(actor, {
        publicKey: f.public_key,
        previousSealed: f.previous_sealed,
        grants: parseJsonField(f.grants),
      });
      return keysPage(req, reply);
    });

    staffApp.post('/admin/testimony-keys/grant', async (req, reply) => {
      const actor = guard(req, reply, canManageKeys);
      if (!actor) return reply;
      const f = formOf(req);
      await keys.grant(actor, f.user ?? '', f.sealed);
      return keysPage(req, reply);
    });

    staffApp.post('/admin/testimony-keys/revoke', async (req, reply) => {
      const actor = guard(req, reply, canManageKeys);
      if (!actor) return reply;
      await keys.revoke(actor, formOf(req).user ?? '');
      return keysPage(req, reply);
    });
  });
}
