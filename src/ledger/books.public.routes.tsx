// The public ledger pages (cached, no cookies, no JavaScript needed), their exports, and the small
// JSON answers the browser check reads: an entry's proof, and which entry holds a commitment.
import type { FastifyPluginAsync } from 'fastify';
import { AppError, fail, ValidationError } from '../core/errors.ts';
import { formOf } from '../http/forms.ts';
import { ctxFor, noStore, sendCachedPage, sendPage } from '../http/pages.tsx';
import type { WebKit } from '../http/web.ts';
import type { LedgerBooksService } from './books.service.ts';
import { ReceiptPage, EntryPage } from './views/entry.tsx';
import { LedgerPage } from './views/public.tsx';

type Services = WebKit & { ledgerBooks: LedgerBooksService };

const INDEX = /^(0|[1-9]\d{0,15})$/;
const index = (raw: string): number => {
  if (!INDEX.test(raw) || !Number.isSafeInteger(Number(raw))) throw fail('LEDGER_ENTRY_NOT_FOUND');
  return Number(raw);
};

export const booksPublicRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  const { ledgerBooks: books } = services;

  app.get('/ledger', async (req, reply) => {
    const page = Number((req.query as Record<string, string>).page ?? '1');
    return sendCachedPage(services, req, reply, async () => (
      <LedgerPage
        ctx={ctxFor(services, req)}
        summary={await books.summary()}
        entries={await books.entries(Number.isFinite(page) ? page : 1)}
        verification={await books.verification()}
      />
    ));
  });

  app.get('/ledger/entries/:index', async (req, reply) => {
    const entry = await books.entry(index((req.params as { index: string }).index));
    return sendCachedPage(services, req, reply, async () => (
      <EntryPage ctx={ctxFor(services, req)} entry={entry} verification={await books.verification()} />
    ));
  });

  // What the browser check needs for one entry, in one answer.
  app.get('/ledger/proof/:index', async (req, reply) => {
    const entry = await books.entry(index((req.params as { index: string }).index));
    const v = await books.verification();
    reply.header('cache-control', 'public, max-age=10');
    return reply.type('application/json').send({
      index: entry.index,
      json: entry.json,
      leafHash: entry.leafHash,
      proof: entry.inclusion?.proof ?? [],
      size: entry.inclusion?.size ?? 0,
      checkpoint: entry.inclusion?.checkpoint ?? null,
      keys: v.keys,
      origin: v.origin,
    });
  });

  // The browser sends only the commitment its receipt opens, which the log already shows everyone.
  app.get('/ledger/commitments/:hex', async (req, reply) => {
    const { hex } = req.params as { hex: string };
    reply.header('cache-control', 'no-store');
    const found = /^[0-9a-f]{64}$/.test(hex) ? await books.findCommitment(hex) : null;
    if (found === null) return reply.code(404).type('application/json').send({ error: 'not_found' });
    return reply.type('application/json').send({ index: found });
  });

  app.get('/ledger/receipt', async (req, reply) =>
    sendPage(noStore(reply), <ReceiptPage ctx={ctxFor(services, req)} code="" errors={{}} />),
  );

  // Without JavaScript the code comes to the server; it is used for this answer and not kept.
  app.post('/ledger/receipt', async (req, reply) => {
    const code = (formOf(req).code ?? '').trim().slice(0, 600);
    noStore(reply);
    try {
      if (!code) throw new ValidationError({ code: 'form.error.required' });
      const result = await books.checkReceipt(code).catch((err: unknown) => {
        if (err instanceof AppError) throw new ValidationError({ code: err.messageKey });
        throw err;
      });
      return sendPage(reply, <ReceiptPage ctx={ctxFor(services, req)} code={code} result={result} errors={{}} />);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return sendPage(reply, <ReceiptPage ctx={ctxFor(services, req)} code={code} errors={err.fields} />, 400);
    }
  });

  app.get('/ledger/export.csv', async (_req, reply) =>
    reply
      .header('content-disposition', 'attachment; filename="dauys-ledger.csv"')
      .header('cache-control', 'public, max-age=60')
      .type('text/csv; charset=utf-8')
      .send('\uFEFF' + (await books.exportCsv())),
  );

  app.get('/ledger/export.json', async (_req, reply) =>
    reply
      .header('content-disposition', 'attachment; filename="dauys-ledger.json"')
      .header('cache-control', 'public, max-age=60')
      .type('application/json; charset=utf-8')
      .send(await books.exportJson()),
  );
};
