// The front door: a public page already in the page cache is answered straight from the HTTP
// server's request event, before Fastify builds its request and reply, routes and runs hooks. That
// halves the cost of a hot page (a petition being reloaded while thousands sign it), leaving the
// event loop to the signing. The bytes and headers replayed are exactly those the app sent for the
// same URL, captured on the way out, so a reader cannot tell which path answered; anything not in
// the cache, and every method but GET, goes to Fastify. Responses that can never change (full tiles
// of the ledger's log) are kept the same way, in a bounded store of their own.
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';
import type { CachedPage, PageCache } from './page-cache.ts';
import { pageKey } from './site-base.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const offered = new WeakMap<FastifyReply, CachedPage>();
const offeredForever = new WeakMap<FastifyReply, Buffer>();

/** Called when a cached page is sent in full: its response may be replayed for the same URL. */
export function offerToFrontDoor(reply: FastifyReply, page: CachedPage): void {
  offered.set(reply, page);
}

/**
 * Called when a response can never change (a full tile of the ledger's log): the door keeps it,
 * apart from the page cache and never cleared with it, and replays it for the same URL.
 */
export function offerImmutable(reply: FastifyReply, body: Buffer): void {
  offeredForever.set(reply, body);
}

/** How many immutable responses the door keeps (a full tile is 8 KB: 32 MB at most). */
const LASTING_MAX = 4096;

/** A 304 carries the page's headers without its body's. */
const notModified = (h: OutgoingHttpHeaders): OutgoingHttpHeaders =>
  Object.fromEntries(Object.entries(h).filter(([k]) => k !== 'content-type' && k !== 'content-length'));

export interface FrontDoor {
  /** Fastify's serverFactory: the HTTP server with the front door in its request handler. */
  serverFactory(handler: Handler, opts: FastifyServerOptions): Server;
  /** Captures the headers of cached pages as they leave, and closes the door with the app. */
  install(app: FastifyInstance): void;
}

export function createFrontDoor(cache: PageCache, config: Pick<Config, 'baseUrl' | 'onionUrl'>): FrontDoor {
  let open = true;
  // Oldest first: a Map keeps insertion order, so the first key is the one to drop.
  const lasting = new Map<string, { headers: OutgoingHttpHeaders; body: Buffer }>();
  return {
    serverFactory(handler, opts) {
      const server = createServer((req, res) => {
        const kept = open && req.method === 'GET' ? lasting.get(req.url!) : undefined;
        if (kept) return void res.writeHead(200, kept.headers).end(kept.body);
        const page = open && req.method === 'GET' ? cache.get(pageKey(config, req.url!, req.headers.host)) : undefined;
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
      app.addHook('onSend', async (req, reply, payload) => {
        const body = offeredForever.get(reply);
        if (body && reply.statusCode === 200 && !lasting.has(req.url)) {
          if (lasting.size >= LASTING_MAX) lasting.delete(lasting.keys().next().value!);
          const headers = { ...(reply.getHeaders() as OutgoingHttpHeaders), 'content-length': String(body.length) };
          lasting.set(req.url, { headers, body });
        }
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
