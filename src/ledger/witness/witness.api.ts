// C2SP tlog-witness: POST /ledger/witness/add-checkpoint, at the root whatever the language. Our
// submission prefix is therefore <site>/ledger/witness/. Logs are servers, not browsers: plain-text
// answers, no cookies, no CSRF (a request proves itself by the log's signature), rate-limited per client.
import type { FastifyPluginAsync } from 'fastify';
import type { IpHasher } from '../../core/privacy/index.ts';
import { clientIp } from '../../http/forms.ts';
import type { SharedStore } from '../../db/shared-store.ts';
import { createRateLimit } from '../../http/rate-limit.ts';
import type { WitnessService } from './witness.service.ts';

type Services = { witness: Pick<WitnessService, 'addCheckpoint'>; ipHasher: IpHasher };

/** A request holds an old size, at most 63 proof lines and a checkpoint with its signatures. */
export const MAX_REQUEST_BYTES = 64 * 1024;

export const witnessApi: FastifyPluginAsync<{ services: Services; perMinute?: number; store?: SharedStore }> = async (
  app,
  opts,
) => {
  const { witness, ipHasher } = opts.services;
  // A log asks once per checkpoint per witness, with a retry on 409: a minute's budget is generous.
  const limit = createRateLimit({
    limit: opts.perMinute ?? 60,
    windowMs: 60_000,
    name: 'ledger.witness',
    store: opts.store,
  });

  // Whatever the content type a client sends (the spec names none), the body is read as bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_REQUEST_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  const text = (
    reply: import('fastify').FastifyReply,
    status: number,
    body: string,
    type = 'text/plain; charset=utf-8',
  ) => reply.code(status).type(type).header('cache-control', 'no-store').send(body);

  app.post(
    '/ledger/witness/add-checkpoint',
    { bodyLimit: MAX_REQUEST_BYTES, config: { csrf: false } },
    async (req, reply) => {
      const hit = await limit.hit(await ipHasher.hash(clientIp(req)));
      if (!hit.allowed) {
        reply.header('retry-after', String(hit.retryAfter));
        return text(reply, 429, 'too many requests\n');
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const answer = await witness.addCheckpoint(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
      return text(reply, answer.status, answer.body, answer.contentType);
    },
  );
};
