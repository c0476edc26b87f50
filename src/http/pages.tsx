// Helpers shared by every route that renders HTML: the page context, sending a page, caching it,
// and the localised error page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { SessionInfo } from '../core/accounts/index.ts';
import { negotiate, type UiLocale } from '../i18n/locales.ts';
import type { PageContext } from '../ui/context.ts';
import { Layout } from '../ui/layout.tsx';
import { offerToFrontDoor } from './front-door.ts';
import { renderDocument } from '../ui/render.ts';
import type { WebKit } from './web.ts';
import { pageKey, siteBase } from './site-base.ts';

declare module 'fastify' {
  interface FastifyRequest {
    locale: UiLocale;
    staffSession: SessionInfo | null;
  }
  interface FastifyContextConfig {
    /** Set false on routes that take no browser form posts (none yet). */
    csrf?: boolean;
    /** Survivor-facing routes: nothing identifying is logged. */
    survivor?: boolean;
  }
}

export const LOCALE_PREFIX = /^\/(kk-latn|kk|ru|en)(?=\/|$|\?)/;

export function ctxFor(web: WebKit, req: FastifyRequest): PageContext {
  const locale = req.locale ?? negotiate(req.headers['accept-language']);
  const rest = req.url.replace(LOCALE_PREFIX, '') || '/';
  const session = req.staffSession ?? null;
  return {
    locale,
    t: web.i18n.translator(locale),
    path: rest.startsWith('/') ? rest : '/' + rest,
    asset: web.assets.url,
    staff: session?.stage === 'full' ? session.staff : null,
    csrf: web.csrf.tokenFor(session?.csrfSecret ?? null),
    quickExitUrl: web.config.quickExitUrl,
    base: siteBase(web.config, req.headers.host),
    nav: web.nav,
  };
}

export function sendHtml(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

export const sendPage = (reply: FastifyReply, vnode: VNode, status = 200) =>
  sendHtml(reply, renderDocument(vnode), status);

/** Private pages (staff, forms with errors) must never be stored by a browser or proxy. */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store');
}

/**
 * Serves a public page from the page cache when fresh; otherwise renders it. The same bytes go to
 * every reader, with an ETag and a short shared-cache lifetime.
 */
export async function sendCachedPage(
  web: WebKit,
  req: FastifyRequest,
  reply: FastifyReply,
  render: () => Promise<VNode>,
): Promise<FastifyReply> {
  const key = pageKey(web.config, req.url, req.headers.host);
  let page = web.pageCache.get(key);
  if (!page) page = web.pageCache.set(key, renderDocument(await render()));
  reply
    .header('etag', page.etag)
    .header(
      'cache-control',
      `public, max-age=${Math.max(1, Math.round(web.pageCache.ttlMs / 1000))}, stale-while-revalidate=60`,
    );
  reply.header('vary', 'accept-encoding');
  if (req.headers['if-none-match'] === page.etag) return reply.code(304).send();
  offerToFrontDoor(reply, page);
  return reply.code(200).type('text/html; charset=utf-8').send(page.body);
}

export function errorPage(
  web: WebKit,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  messageKey: string,
  values: Record<string, string | number> = {},
) {
  const ctx = ctxFor(web, req);
  const { t } = ctx;
  const titleKey = web.i18n.has(`error.${status}.title`) ? `error.${status}.title` : 'error.500.title';
  if (req.url.startsWith('/api/'))
    return reply
      .code(status)
      .type('application/json')
      .send({ error: { status, message: t(messageKey, values) } });
  return sendPage(
    noStore(reply),
    <Layout ctx={ctx} title={t(titleKey)} noindex>
      <section class="error-page">
        <p class="error-page__code">{status}</p>
        <h1>{t(titleKey)}</h1>
        <p>{t(messageKey, values)}</p>
        <p>
          <a href={`/${ctx.locale}/`}>{t('error.home_link')}</a>
        </p>
      </section>
    </Layout>,
    status,
  );
}
