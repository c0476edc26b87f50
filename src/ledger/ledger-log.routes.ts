// The log's static layout (C2SP tlog-tiles), served at the root whatever the language:
// /ledger/checkpoint, /ledger/vkey, /ledger/tile/<L>/<N>[.p/<W>] and /ledger/tile/entries/<N>[.p/<W>].
// Full tiles never change, so they are cached for a year; anything else briefly.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { offerImmutable } from '../http/front-door.ts';
import { TILE_WIDTH, parseTilePath, type TileId } from './log/index.ts';
import type { LedgerLog } from './ledger-log.ts';

type Services = { ledgerLog: Pick<LedgerLog, 'latestCheckpoint' | 'verifierKeys' | 'tile'> };

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=10';

// Anyone may mirror the log, from a browser too (a CORS fetch needs only this header).
const open = (reply: FastifyReply) => reply.header('access-control-allow-origin', '*');

const notFound = (reply: FastifyReply) =>
  open(reply).code(404).type('text/plain; charset=utf-8').header('cache-control', SHORT).send('not found\n');

export const ledgerLogRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { ledgerLog } = services;
  app.get('/ledger/checkpoint', async (_req, reply) => {
    const cp = await ledgerLog.latestCheckpoint();
    if (!cp) return notFound(reply);
    return open(reply).type('text/plain; charset=utf-8').header('cache-control', SHORT).send(cp.note);
  });

  app.get('/ledger/vkey', async (_req, reply) => {
    const keys = await ledgerLog.verifierKeys();
    return open(reply)
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(keys.map((k) => `${k}\n`).join(''));
  });

  // Not a tile, but under the layout: a plain 404 rather than a redirect to a language.
  app.get('/ledger/tile', async (_req, reply) => notFound(reply));

  app.get('/ledger/tile/*', async (req, reply) => {
    let tile: TileId;
    try {
      tile = parseTilePath(`tile/${(req.params as { '*': string })['*']}`);
    } catch {
      return notFound(reply);
    }
    const data = await ledgerLog.tile(tile.level, tile.index, tile.width);
    if (!data) return notFound(reply);
    const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    // A full tile never changes: the front door answers it from then on, before Fastify.
    if (tile.width === TILE_WIDTH) offerImmutable(reply, body);
    return open(reply)
      .type('application/octet-stream')
      .header('cache-control', tile.width === TILE_WIDTH ? IMMUTABLE : SHORT)
      .send(body);
  });
};
