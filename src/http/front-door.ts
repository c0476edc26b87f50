// The front door: a public page already in the page cache is answered straight from the HTTP
// server's request event, before Fastify builds its request and reply, routes and runs hooks. That
// halves the cost of a hot page (a petition being reloaded while thousands sign it), leaving the
// event loop to the signing. The bytes and headers replayed are exactly those the app sent for the
// same URL, captured on the way out, so a reader cannot tell which path answered; anything not in
// the cache, and every method but GET, goes to Fastify.
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyServerOptions } from 'fastify';
import type { CachedPage, PageCache } from './page-cache.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const offered = new WeakMap<FastifyReply, CachedPage>();

/** Called when a cached page is sent in full: its response may be replayed for the same URL. */
export function offerToFrontDoor(reply: FastifyReply, page: CachedPage): void {
  offered.set(reply, page);
}

/** A 304 carries the page's headers without its body's. */
const notModified = (h: OutgoingHttpHeaders): OutgoingHttpHeaders =>
  Object.fromEntries(Object.entries(h).filter(([k]) => k !== 'content-type' && k !== 'content-length'));

export interface FrontDoor {
  /** Fastify's serverFactory: the HTTP server with the front door in its request handler. */
  serverFactory(handler: Handler, opts: FastifyServerOptions): Server;
  /** Captures the headers of cached pages as they leave, and closes the door with the app. */
  install(app: FastifyInstance): void;
}

export function createFrontDoor(cache: PageCache): FrontDoor {
  let open = true;
  return {
    serverFactory(handler, opts) {
      const server = createServer((req, res) => {
        const page = open && req.method === 'GET' ? cache.get(req.url!) : undefined;
        if (!page?.headers) return handler(req, res);
        if (req.headers['if-none-match'] === page.etag) res.writeHead(304, notModified(page.headers)).end();
        else res.writeHead(200, page.headers).end(page.body);
      });
      // What Fastify itself sets on the servers it creates.
      if (opts.keepAliveTimeout !== undefined) server.keepAliveTimeout = opts.keepAliveTimeout;
      if (opts.requestTimeout !== undefined) server.requestTimeout = opts.requestTimeout;
      if (opts.connectionTimeout !== undefined) server.setTimeout(opts.connectionTimeout);
      if (opts.maxRequestsPerSocket) server.maxRequestsPerSocket = opts.maxRequestsPerSocket;
      return server;
    },
    install(app) {
      // Registered after the security headers' onSend hook, so their headers are captured too.
      app.addHook('onSend', async (_req, reply, payload) => {
        const page = offered.get(reply);
        if (page && !page.headers && reply.statusCode === 200)
          page.headers = { ...(reply.getHeaders() as OutgoingHttpHeaders), 'content-length': String(page.body.length) };
        return payload;
      });
      // While shutting down, Fastify answers 503 with `connection: close`; the door must not bypass it.
      app.addHook('preClose', async () => {
        open = false;
      });
    },
  };
}
