// Signing in and out, the second factor, two-factor enrolment and the staff member's own account.
import type { FastifyPluginAsync } from 'fastify';
import { qrDataUri } from '../../ui/qr-code.ts';
import type { WebKit } from '../../http/web.ts';
import type { AccountsService } from './accounts.service.ts';
import type { IpHasher } from '../privacy/index.ts';
import type { RateLimit } from '../../http/rate-limit.ts';
import type { AuditService } from './audit.service.ts';
import { tooMany, ValidationError } from '../errors.ts';
import { clientIp, formOf } from '../../http/forms.ts';
import { ctxFor, noStore, sendPage } from '../../http/pages.tsx';
import {
  deviceCookieOf,
  requireStaff,
  safeNext,
  setDeviceCookie,
  setSessionCookie,
  staffArea,
} from '../../http/staff.ts';
import { AccountPage } from './views/account.tsx';
import { LoginPage, RecoveryCodesPage, SetupTwoFactorPage, VerifyPage } from './views/sign-in.tsx';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  accounts: AccountsService;
  ipHasher: IpHasher;
  limits: { login: RateLimit };
  audit: AuditService;
};

export const accountsRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  staffArea(app, services);
  const { accounts } = services;

  app.get('/admin/login', async (req, reply) => {
    if (req.staffSession?.stage === 'full') return reply.redirect(`/${req.locale}/admin`, 303);
    const q = req.query as Record<string, string>;
    return sendPage(
      reply,
      <LoginPage
        ctx={ctxFor(services, req)}
        values={{}}
        errors={{}}
        next={safeNext(q.next, req.locale)}
        notice={q.signed_out ? 'login.signed_out' : undefined}
      />,
    );
  });

  app.post('/admin/login', async (req, reply) => {
    const form = formOf(req);
    const next = safeNext(form.next, req.locale);
    const ipKey = await services.ipHasher.hash(clientIp(req));
    const limit = await services.limits.login.hit(ipKey);
    if (!limit.allowed) throw tooMany('LOGIN_RATE_LIMITED', limit.retryAfter);
    const email = (form.email ?? '').slice(0, 254);
    const result = await accounts.login(email, (form.password ?? '').slice(0, 200), deviceCookieOf(req, services));
    if (result.status !== 'ok') {
      if (result.status === 'locked') reply.header('retry-after', String(result.retryAfterSeconds));
      const errors = { email: result.status === 'locked' ? 'login.error.locked' : 'login.error.invalid' };
      return sendPage(
        reply,
        <LoginPage ctx={ctxFor(services, req)} values={{ email }} errors={errors} next={next} />,
        result.status === 'locked' ? 429 : 400,
      );
    }
    setSessionCookie(services, reply, result.token);
    if (result.next === 'done') setDeviceCookie(services, reply, accounts.trustBrowser(email));
    const target =
      result.next === 'done'
        ? next
        : `/${req.locale}/admin/${result.next === 'second-factor' ? 'login/verify' : 'setup-2fa'}`;
    return reply.redirect(target, 303);
  });

  app.get('/admin/login/verify', async (req, reply) => {
    if (!req.staffSession) return reply.redirect(`/${req.locale}/admin/login`, 303);
    if (req.staffSession.stage === 'full') return reply.redirect(`/${req.locale}/admin`, 303);
    return sendPage(reply, <VerifyPage ctx={ctxFor(services, req)} errors={{}} />);
  });

  app.post('/admin/login/verify', async (req, reply) => {
    const session = req.staffSession;
    if (!session) return reply.redirect(`/${req.locale}/admin/login`, 303);
    const limit = await services.limits.login.hit('2fa:' + session.staff.id);
    if (!limit.allowed) throw tooMany('SECOND_FACTOR_RATE_LIMITED', limit.retryAfter);
    if (await accounts.verifySecondFactor(session, (formOf(req).code ?? '').slice(0, 40))) {
      setDeviceCookie(services, reply, accounts.trustBrowser(session.staff.email));
      return reply.redirect(`/${req.locale}/admin`, 303);
    }
    return sendPage(reply, <VerifyPage ctx={ctxFor(services, req)} errors={{ code: 'login.verify.error' }} />, 400);
  });

  app.get('/admin/setup-2fa', async (req, reply) => {
    const session = req.staffSession;
    if (!session) return reply.redirect(`/${req.locale}/admin/login`, 303);
    if (session.totpEnabled) return reply.redirect(`/${req.locale}/admin/account`, 303);
    const { secret, uri } = await accounts.beginTotpSetup(session);
    return sendPage(
      reply,
      <SetupTwoFactorPage ctx={ctxFor(services, req)} secret={secret} qrDataUri={qrDataUri(uri)} errors={{}} />,
    );
  });

  app.post('/admin/setup-2fa', async (req, reply) => {
    const session = req.staffSession;
    if (!session) return reply.redirect(`/${req.locale}/admin/login`, 303);
    if (session.totpEnabled) return reply.redirect(`/${req.locale}/admin/account`, 303);
    const codes = await accounts.confirmTotpSetup(session, (formOf(req).code ?? '').slice(0, 40));
    if (codes) {
      if (session.stage !== 'full') setDeviceCookie(services, reply, accounts.trustBrowser(session.staff.email));
      req.staffSession = { ...session, stage: 'full', totpEnabled: true, mustEnrol: false };
      return sendPage(noStore(reply), <RecoveryCodesPage ctx={ctxFor(services, req)} codes={codes} />);
    }
    // The same secret again with the error: the entry she already made in her app stays good.
    const { secret, uri } = await accounts.beginTotpSetup(session);
    return sendPage(
      reply,
      <SetupTwoFactorPage
        ctx={ctxFor(services, req)}
        secret={secret}
        qrDataUri={qrDataUri(uri)}
        errors={{ code: 'login.verify.error' }}
      />,
      400,
    );
  });

  // She asks for a new secret (lost the entry, or someone may have seen the key).
  app.post('/admin/setup-2fa/new', async (req, reply) => {
    const session = req.staffSession;
    if (!session) return reply.redirect(`/${req.locale}/admin/login`, 303);
    if (!session.totpEnabled) await accounts.beginTotpSetup(session, { fresh: true });
    return reply.redirect(`/${req.locale}/admin/setup-2fa`, 303);
  });

  app.post('/admin/logout', async (req, reply) => {
    if (req.staffSession) await accounts.logout(req.staffSession);
    setSessionCookie(services, reply, null);
    return reply.redirect(`/${req.locale}/admin/login?signed_out=1`, 303);
  });

  app.get('/admin/account', async (req, reply) => {
    if (!requireStaff(req, reply)) return reply;
    return sendPage(
      reply,
      <AccountPage
        ctx={ctxFor(services, req)}
        errors={{}}
        saved={'saved' in (req.query as object)}
        totpEnabled={req.staffSession!.totpEnabled}
      />,
    );
  });

  app.post('/admin/account/password', async (req, reply) => {
    if (!requireStaff(req, reply)) return reply;
    const form = formOf(req);
    try {
      await accounts.changePassword(req.staffSession!, form.current ?? '', form.password ?? '');
      return reply.redirect(`/${req.locale}/admin/account?saved=1`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return sendPage(
        reply,
        <AccountPage
          ctx={ctxFor(services, req)}
          errors={err.fields}
          saved={false}
          totpEnabled={req.staffSession!.totpEnabled}
        />,
        400,
      );
    }
  });
};
