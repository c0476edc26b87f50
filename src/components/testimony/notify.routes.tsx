// Her own e-mail notice settings, on her account: how she hears of new testimonies and replies, and
// of cases about to be deleted; the language of those mails.
import type { FastifyInstance } from 'fastify';
import { forbidden, ValidationError } from '../../core/errors.ts';
import { formOf } from '../../http/forms.ts';
import { ctxFor, sendPage } from '../../http/pages.tsx';
import { requireStaff, staffArea } from '../../http/staff.ts';
import type { WebKit } from '../../http/web.ts';
import { isLocale } from '../../i18n/locales.ts';
import { canHoldKey } from './testimony.permissions.ts';
import type { TestimonyParts } from './testimony.parts.ts';
import { NotifyPage } from './views/notify.tsx';

export async function notifyRoutes(app: FastifyInstance, services: WebKit, testimony: TestimonyParts): Promise<void> {
  const { notify } = testimony;
  await app.register(async (staffApp) => {
    staffArea(staffApp, services);
    const PATH = '/admin/account/notifications';

    staffApp.get(PATH, async (req, reply) => {
      const actor = requireStaff(req, reply);
      if (!actor) return reply;
      if (!canHoldKey(actor)) throw forbidden();
      const prefs = await notify.preferences(actor.id);
      return sendPage(
        reply,
        <NotifyPage
          ctx={ctxFor(services, req)}
          values={{ arrivals: prefs.arrivals, expiry: prefs.expiry, locale: prefs.locale ?? req.locale }}
          errors={{}}
          holder={prefs.holder}
          settings={notify.settings}
          saved={'saved' in (req.query as object)}
        />,
      );
    });

    staffApp.post(PATH, async (req, reply) => {
      const actor = requireStaff(req, reply);
      if (!actor) return reply;
      if (!canHoldKey(actor)) throw forbidden();
      const form = formOf(req);
      try {
        await notify.savePreferences(actor, { arrivals: form.arrivals, expiry: form.expiry, locale: form.locale });
        return reply.redirect(`/${req.locale}${PATH}?saved=1`, 303);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        // What she chose stays chosen; only a field that was not one of the choices comes back empty.
        const prefs = await notify.preferences(actor.id);
        return sendPage(
          reply,
          <NotifyPage
            ctx={ctxFor(services, req)}
            values={{
              arrivals: err.fields.arrivals ? '' : (form.arrivals ?? ''),
              expiry: err.fields.expiry ? '' : (form.expiry ?? ''),
              locale: isLocale(form.locale) ? form.locale : req.locale,
            }}
            errors={err.fields}
            holder={prefs.holder}
            settings={notify.settings}
            saved={false}
          />,
          400,
        );
      }
    });
  });
}
