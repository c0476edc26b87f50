// The Fastify application: security headers, language prefixes, CSRF, assets, errors, and each
// module's routes registered as an encapsulated plugin.
import formbody from '@fastify/formbody';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import { parse as parseQs } from 'node:querystring';
import { isUiLocale, negotiate, UI_LOCALES } from '../i18n/locales.ts';
import { isStorageFull } from '../db/portable.ts';
import { isCrossSite } from './csrf.ts';
import { AppError, fail } from '../core/errors.ts';
import { httpStatus } from './errors.ts';
import { createFailureLog } from './failure-log.ts';
import { loggerOptions, type LogStream } from './log.ts';
import { createFrontDoor } from './front-door.ts';
import { errorPage, LOCALE_PREFIX } from './pages.tsx';
import { recordRoutes } from './route-table.ts';
import { createProxyWatch } from './proxy-seen.ts';
import { onionLocation } from './site-base.ts';
import { securityHeaders } from './security-headers.ts';
import type { WebKit } from './web.ts';
import type { Contributions } from '../core/modules/index.ts';

export const BODY_LIMIT = 256 * 1024;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const LOOKS_LIKE_LOCALE = /^\/([a-z]{2,3}(?:[-_][a-z0-9]{2,8})?)(?=\/|$)/i;
const ALIASES: Record<string, string> = { kz: 'kk', qq: 'kk', qaz: 'kk', kaz: 'kk', rus: 'ru', eng: 'en' };
// Kazakh in Latin letters however the tag is written: kk-Latn, kk_latn, kk-latn-kz, kz-latn, qaz-latn.
const LATIN_KAZAKH = /^(kk|kz|kaz|qaz|qq)[-_]latn([-_]|$)/i;

export interface AppParts {
  web: WebKit;
  /** Each module's routes and API, mounted as they come. */
  contributions: Pick<Contributions, 'routes' | 'api'>[];
  /** Throws when the database does not answer. */
  health(): Promise<void>;
}

/** `logStream` replaces standard output as the log's destination (tests read what is logged). */
export async function buildApp(parts: AppParts, opts: { logStream?: LogStream } = {}): Promise<FastifyInstance> {
  const { web, contributions } = parts;
  const { config } = web;
  const frontDoor = createFrontDoor(web.pageCache, config);
  const app = Fastify({
    serverFactory: frontDoor.serverFactory,
    logger: loggerOptions(config.logLevel, opts.logStream),
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT,
    // No access logs: who visited what is exactly what must not be kept.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    return503OnClosing: true,
    // Malformed percent-encoding or absurdly long path segments: a clean page, not Fastify's JSON.
    frameworkErrors: (err, req, reply) => {
      if (!req.locale)
        req.locale =
          (LOCALE_PREFIX.exec(req.url)?.[1] as FastifyRequest['locale']) ?? negotiate(req.headers['accept-language']);
      const tooLong = (err as { code?: string }).code === 'FST_ERR_MAX_PARAM_LENGTH';
      void errorPage(web, req, reply, tooLong ? 404 : 400, tooLong ? 'error.404.text' : 'error.400.text');
    },
  });
  recordRoutes(app);

  await app.register(formbody, {
    // Repeated keys become arrays; a malformed body still parses to what it can (never a crash).
    parser: (body: string) => parseQs(body, '&', '=', { maxKeys: 500 }),
  });
  securityHeaders(app, { https: config.baseUrl.startsWith('https:') });
  onionLocation(app, config);
  frontDoor.install(app);

  app.decorateRequest('locale', undefined as never);
  app.decorateRequest('staffSession', null);

  // For `dauys doctor`: were there proxy headers, from which kind of peer (counted here, written once a minute).
  const proxies = createProxyWatch({ varDir: config.varDir, trustProxy: config.trustProxy });
  app.addHook('onClose', () => proxies.flush());

  app.addHook('onRequest', async (req, reply) => {
    proxies.see(req.headers, req.raw.socket?.remoteAddress);
    const m = LOCALE_PREFIX.exec(req.url);
    req.locale = m ? (m[1] as FastifyRequest['locale']) : negotiate(req.headers['accept-language']);
    // Survivor-facing routes and failed requests are logged without anything identifying.
    if (!req.routeOptions.config?.survivor && config.logLevel !== 'silent') {
      reply.raw.once('finish', () => {
        // 503: a full disk, logged once a minute by the error handler; or a server shutting down.
        if (reply.statusCode >= 500 && reply.statusCode !== 503) req.log.warn({ req, res: reply }, 'request failed');
      });
    }
  });

  app.addHook('preHandler', async (req) => {
    if (!UNSAFE.has(req.method) || req.routeOptions.config?.csrf === false) return;
    const body = req.body as Record<string, unknown> | undefined;
    const token =
      (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? (req.headers['x-csrf-token'] as string | undefined);
    if (isCrossSite(req) || !web.csrf.verify(token, req.staffSession?.csrfSecret ?? null)) {
      throw fail('CSRF_REJECTED');
    }
  });

  // Set before any route plugin is registered, so every encapsulated context inherits them.
  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url;
    if (
      !LOCALE_PREFIX.test(path) &&
      (req.method === 'GET' || req.method === 'HEAD') &&
      !/^\/(api|assets|site|healthz)(\/|$)/.test(path)
    ) {
      // Unknown or missing language prefix: send the reader to the same page in a supported language.
      const m = LOOKS_LIKE_LOCALE.exec(path);
      const candidate = m && LATIN_KAZAKH.test(m[1]) ? 'kk-latn' : m?.[1].toLowerCase().split(/[-_]/)[0];
      const known = candidate && (isUiLocale(candidate) || ALIASES[candidate]);
      const rest = m && (known || /^[a-z]{2}([-_]|$)/i.test(m[1])) ? path.slice(m[0].length) : path;
      const target =
        candidate && isUiLocale(candidate)
          ? candidate
          : candidate && ALIASES[candidate]
            ? ALIASES[candidate]
            : negotiate(req.headers['accept-language']);
      return reply.redirect(`/${target}${rest.startsWith('/') ? rest : '/' + rest}`, 302);
    }
    return errorPage(web, req, reply, 404, 'error.404.text');
  });

  const failures = createFailureLog(app.log);
  app.setErrorHandler(async (err, req, reply) => {
    if (err instanceof AppError) {
      const status = httpStatus(err);
      if (status === 429) reply.header('retry-after', String(err.values.seconds ?? 60));
      return errorPage(web, req, reply, status, err.messageKey, err.values);
    }
    const e = err as { statusCode?: number; code?: string };
    const status = e.statusCode ?? 500;
    if (status === 413 || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return errorPage(web, req, reply, 413, 'error.413.text');
    if (status === 415) return errorPage(web, req, reply, 400, 'error.415.text');
    if (status >= 400 && status < 500)
      return errorPage(
        web,
        req,
        reply,
        status === 404 ? 404 : 400,
        status === 404 ? 'error.404.text' : 'error.400.text',
      );
    // Anything else is our fault: log it (redacted) and show a generic page, never the details.
    const full = isStorageFull(err);
    failures.report(req, err, full);
    if (full) return errorPage(web, req, reply.header('retry-after', '300'), 503, 'error.storage_full.text');
    return errorPage(web, req, reply, 500, 'error.500.text');
  });

  app.get('/healthz', async (_req, reply) => {
    await parts.health();
    return reply.header('cache-control', 'no-store').send({ status: 'ok' });
  });

  app.get('/assets/*', async (req, reply) => {
    const asset = web.assets.byUrl(req.url.split('?')[0]);
    if (!asset) throw fail('ASSET_NOT_FOUND');
    reply.header('cache-control', 'public, max-age=31536000, immutable').header('etag', asset.etag).type(asset.type);
    if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.send(asset.body);
  });

  app.get('/site/*', async (req, reply) => {
    const asset = web.assets.site(decodeURIComponent(req.url.split('?')[0].slice('/site/'.length)));
    if (!asset) throw fail('ASSET_NOT_FOUND');
    reply.header('cache-control', 'public, max-age=3600').header('etag', asset.etag).type(asset.type);
    if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.send(asset.body);
  });

  app.get('/', async (req, reply) =>
    reply.header('vary', 'accept-language').redirect(`/${negotiate(req.headers['accept-language'])}/`, 302),
  );
  app.get('/robots.txt', async (_req, reply) =>
    reply.type('text/plain').send(`User-agent: *\n${UI_LOCALES.map((l) => `Disallow: /${l}/admin\n`).join('')}`),
  );

  // Pages live under each language prefix; the locale itself comes from the onRequest hook.
  for (const locale of UI_LOCALES) {
    await app.register(
      async (scoped) => {
        for (const c of contributions) if (c.routes) await scoped.register(c.routes);
      },
      { prefix: `/${locale}` },
    );
  }
  for (const c of contributions) if (c.api) await app.register(c.api);

  return app;
}
