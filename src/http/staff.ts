// The staff area: the session cookie, loading the session before CSRF checks, and guards that send
// visitors to sign in, staff without a required second factor to set one up, and others to a 403.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebKit } from './web.ts';
import { type Action, can, DEVICE_COOKIE_DAYS, type Staff } from '../core/accounts/index.ts';
import { fail } from '../core/errors.ts';

const secure = (web: WebKit) => web.config.baseUrl.startsWith('https:');
export const cookieName = (web: WebKit, name = 'dauys_staff'): string => (secure(web) ? '__Host-' + name : name);
const DEVICE = 'dauys_device';

function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}

function setCookie(web: WebKit, reply: FastifyReply, name: string, value: string, maxAge: number): void {
  // Fastify appends repeated set-cookie headers, so a response can carry both staff cookies.
  reply.header(
    'set-cookie',
    `${cookieName(web, name)}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure(web) ? '; Secure' : ''}`,
  );
}

export function setSessionCookie(web: WebKit, reply: FastifyReply, token: string | null): void {
  setCookie(web, reply, 'dauys_staff', token ?? '', token ? web.config.sessionTtlHours * 3600 : 0);
}

/** Marks this browser as one its owner signs in from (set only by the sign-in routes, never by public pages). */
export function setDeviceCookie(web: WebKit, reply: FastifyReply, value: string): void {
  setCookie(web, reply, DEVICE, value, DEVICE_COOKIE_DAYS * 86_400);
}

export const deviceCookieOf = (req: FastifyRequest, web: WebKit): string | undefined =>
  readCookie(req, cookieName(web, DEVICE));

/** Loads the staff session (if any) for every route of this plugin, before the CSRF check runs. */
export function staffArea(app: FastifyInstance, web: WebKit): void {
  app.addHook('preValidation', async (req, reply) => {
    req.staffSession = await web.sessions.loadSession(readCookie(req, cookieName(web)));
    reply.header('cache-control', 'no-store');
  });
}

export function loginUrl(req: FastifyRequest): string {
  return `/${req.locale}/admin/login?next=${encodeURIComponent(req.url)}`;
}

/** The signed-in staff member, or a redirect / 403 when they may not be here. */
export function requireStaff(req: FastifyRequest, reply: FastifyReply, action: Action = 'admin.enter'): Staff | null {
  const s = req.staffSession;
  if (!s) {
    void reply.redirect(loginUrl(req), 303);
    return null;
  }
  if (s.stage !== 'full' || s.mustEnrol) {
    void reply.redirect(`/${req.locale}/admin/${s.mustEnrol ? 'setup-2fa' : 'login/verify'}`, 303);
    return null;
  }
  if (!can(s.staff, action)) throw fail('FORBIDDEN');
  return s.staff;
}

/** Only local admin paths are allowed as a post-login destination (no open redirects). */
export function safeNext(next: unknown, locale: string): string {
  const fallback = `/${locale}/admin`;
  if (
    typeof next !== 'string' ||
    !/^\/(kk-latn|kk|ru|en)\/admin(\/|$|\?)/.test(next) ||
    next.includes('//') ||
    next.includes('\\')
  )
    return fallback;
  return next;
}
