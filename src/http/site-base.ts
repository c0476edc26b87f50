// Which address a reader came by. Read through the onion service, every absolute link a page or an
// answer carries must point back into Tor: a clearnet link there would take the reader out of it.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

type Bases = Pick<Config, 'baseUrl' | 'onionUrl'>;

const onionHost = (config: Bases): string | null => (config.onionUrl ? new URL(config.onionUrl).hostname : null);

/** True when the Host header names the onion service (Tor passes it on unchanged). */
export function viaOnion(config: Bases, host: string | undefined): boolean {
  const onion = onionHost(config);
  return !!onion && !!host && host.toLowerCase().replace(/:\d+$/, '') === onion;
}

/** The site's absolute address for this reader, without a trailing slash. */
export function siteBase(config: Bases, host: string | undefined): string {
  return (viaOnion(config, host) ? config.onionUrl! : config.baseUrl).replace(/\/$/, '');
}

/** Page-cache key: the same path read through the onion is another page (its links differ). */
export const pageKey = (config: Bases, url: string, host: string | undefined): string =>
  viaOnion(config, host) ? `onion ${url}` : url;

/**
 * With ONION_URL set, pages read over the clearnet name their onion twin (Tor Browser offers to
 * switch). Registered before the front door, so replayed pages carry it too.
 */
export function onionLocation(app: FastifyInstance, config: Bases): void {
  if (!config.onionUrl) return;
  app.addHook('onSend', async (req, reply, payload) => {
    const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    if (html && !viaOnion(config, req.headers.host)) reply.header('onion-location', config.onionUrl + req.url);
    return payload;
  });
}
