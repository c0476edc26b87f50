// The survivor's pages: intake, the receipt, follow-up, deletion. Every route here is marked
// `survivor` (nothing identifying is logged), answers `Cache-Control: no-store`, sets no cookie and
// keeps content out of addresses (every step is a POST). Multipart bodies are parsed only here:
// their fields first, so every check runs before a file byte is read (see http/multipart.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { join } from 'node:path';
import type { WebKit } from '../../http/web.ts';
import type { IpHasher } from '../../core/privacy/index.ts';
import type { RegionsService } from '../../core/regions/index.ts';
import { AppError, ValidationError, fail } from '../../core/errors.ts';
import { httpStatus } from '../../http/errors.ts';
import { clientIp, formOf, type Form } from '../../http/forms.ts';
import { multipartForms, withFiles, type ReceivedFile } from '../../http/multipart.ts';
import { ctxFor, noStore, sendPage } from '../../http/pages.tsx';
import { createRateLimit } from '../../http/rate-limit.ts';
import { sealUploads } from './attachments.server.ts';
import { fromB64, normaliseReceipt, openSealed, ready, seal } from './crypto.ts';
import { isLookup } from './receipt.server.ts';
import { LIMITS, type MessagePayload, type Testimony, today } from './testimony.ts';
import type { TestimonyParts } from './testimony.parts.ts';
import { DeletedPage, FollowUpLogin, FollowUpPage, type ThreadEntry } from './views/follow-up.tsx';
import { IntakePage } from './views/intake.tsx';
import { SentPage } from './views/sent.tsx';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  ipHasher: IpHasher;
  regions: RegionsService;
};

type Body = Record<string, unknown>;

const ID_RE = /^[0-9a-f-]{36}$/;
const str = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
/** The no-JavaScript forms' file input is `attachments`; the scripts send ciphertext as `file`. */
const field = (files: ReceivedFile[], name: 'attachments' | 'file') => files.filter((f) => f.field === name);

export async function tellRoutes(app: FastifyInstance, services: Services, testimony: TestimonyParts): Promise<void> {
  const { cases, intake, keys, pow, hasher } = testimony;
  // Rate limits shared by every web process, keyed by the daily IP-HMAC (never stored, never logged).
  const store = services.shared;
  const make = (name: string, limit: number, windowMs: number) =>
    createRateLimit({ limit, windowMs, name: `testimony.${name}`, store });
  const limits = {
    sendSolved: make('send-solved', 10, 3_600_000),
    sendUnsolved: make('send-unsolved', 4, 3_600_000),
    sendGlobal: make('send-global', 600, 3_600_000),
    lookup: make('lookup', 20, 15 * 60_000),
    // The no-JavaScript follow-up sends the receipt itself and cannot do the proof of work: it costs
    // the server two Argon2id computations, so it gets a tighter limit of its own.
    lookupUnsolved: make('lookup-unsolved', 8, 15 * 60_000),
    lookupGlobal: make('lookup-global', 1800, 15 * 60_000),
  };
  testimony.limits = limits;

  await multipartForms(app, {
    dir: join(services.config.uploadsDir, 'incoming'),
    // Ciphertext is a little longer than the file; all the text fields fit in what a urlencoded form may carry.
    limits: { files: LIMITS.files, fileBytes: LIMITS.fileBytes + 64 * 1024, fields: 60, fieldBytes: 256 * 1024 },
    messages: {
      tooLarge: 'UPLOAD_TESTIMONY_TOO_LARGE',
      tooMany: 'UPLOAD_TESTIMONY_TOO_MANY',
      truncated: 'UPLOAD_TESTIMONY_TRUNCATED',
    },
  });

  const hit = async (req: FastifyRequest, ...which: Array<ReturnType<typeof createRateLimit>>) => {
    const key = await services.ipHasher.hash(clientIp(req));
    for (const l of which) {
      const r = await l.hit(l === limits.sendGlobal || l === limits.lookupGlobal ? 'all' : key);
      if (!r.allowed) throw fail('TESTIMONY_RATE_LIMITED', { seconds: r.retryAfter });
    }
  };

  const survivor = { config: { survivor: true } };
  const body = (req: FastifyRequest): Body => (req.body && typeof req.body === 'object' ? (req.body as Body) : {});

  async function spendPow(b: Body, requireSolved: boolean): Promise<'solved' | 'unsolved'> {
    const r = await pow.check(b.pow_challenge, b.pow_solution);
    if (r.result === 'invalid' || (requireSolved && r.result !== 'solved')) throw fail('TESTIMONY_POW');
    if (!(await cases.spend(r.token!, r.expiresAt))) throw fail('TESTIMONY_REPLAYED');
    return r.result;
  }

  async function intakeForm(
    req: FastifyRequest,
    reply: FastifyReply,
    componentId: string | null,
    values: Form = {},
    errors: Record<string, string> = {},
    status = 200,
  ) {
    const ctx = ctxFor(services, req);
    const { call, orgKey, powChallenge } = await intake.formFor(componentId, ctx.locale);
    return sendPage(
      noStore(reply),
      <IntakePage
        ctx={ctx}
        regions={services.regions.all()}
        orgKey={orgKey}
        componentId={componentId}
        call={call}
        powChallenge={powChallenge}
        values={values}
        errors={errors}
        today={today()}
      />,
      status,
    );
  }

  app.get('/tell', survivor, (req, reply) => intakeForm(req, reply, null));
  app.get('/tell/c/:id', survivor, (req, reply) => {
    const { id } = req.params as { id: string };
    if (!ID_RE.test(id)) throw fail('COMPONENT_NOT_FOUND');
    return intakeForm(req, reply, id);
  });

  app.post('/tell', survivor, async (req, reply) => {
    const b = body(req);
    const browser = str(b.mode) === 'browser';
    const componentId = ID_RE.test(str(b.component)) ? str(b.component) : null;
    if (componentId && (await testimony.callFor(componentId, req.locale)) === undefined)
      throw fail('COMPONENT_NOT_FOUND');
    const solved = await spendPow(b, browser);
    await hit(req, solved === 'solved' ? limits.sendSolved : limits.sendUnsolved, limits.sendGlobal);
    const ctx = ctxFor(services, req);
    const regions = services.regions.all();

    if (browser) {
      const { help } = await intake.submitSealed(
        {
          componentId,
          orgKeyId: str(b.key_id),
          lookup: str(b.lookup),
          survivorPk: str(b.survivor_pk),
          envelope: str(b.envelope),
          consent: str(b.consent),
          referralOk: str(b.referral) === '1',
        },
        (use) => withFiles(req, reply, (files) => use(field(files, 'file'))),
      );
      return sendPage(
        noStore(reply),
        <SentPage ctx={ctx} receipt={null} helpEntries={help} regions={regions} filtered={false} />,
      );
    }

    // No JavaScript: the server seals the submission before anything is stored; her files are
    // received only once the form itself is valid.
    const fields = formOf(req);
    const needs = list(b.help).map(String);
    try {
      const { receipt, help } = await intake.submitForm(
        { componentId, fields, help: needs, locale: ctx.locale },
        (use) => withFiles(req, reply, (files) => use(field(files, 'attachments'))),
      );
      return sendPage(
        noStore(reply),
        <SentPage ctx={ctx} receipt={receipt} helpEntries={help} regions={regions} filtered />,
      );
    } catch (err) {
      const values = { ...fields, help: needs.join(',') };
      if (err instanceof ValidationError) return intakeForm(req, reply, componentId, values, err.fields, 400);
      // Files too large, too many, cut off, or no room to process them now: her words stay on the page.
      if (err instanceof AppError && err.code.startsWith('UPLOAD_'))
        return intakeForm(req, reply, componentId, values, { attachments: err.messageKey }, httpStatus(err));
      throw err;
    }
  });

  // Follow-up -----------------------------------------------------------------------------------

  interface Who {
    t: Testimony;
    auth: { lookup?: string; receipt?: string };
    /** Only in the no-JavaScript mode: her keys, derived in memory from the receipt she typed. */
    secret: { publicKey: Uint8Array; privateKey: Uint8Array } | null;
  }

  async function who(b: Body): Promise<Who | null> {
    const lookup = str(b.lookup);
    if (isLookup(lookup)) {
      const t = await cases.open(lookup);
      return t ? { t, auth: { lookup }, secret: null } : null;
    }
    const receipt = normaliseReceipt(str(b.receipt));
    if (!receipt) throw new ValidationError({ receipt: 'testimony.error.receipt_format' });
    const k = await hasher.keysFromReceipt(receipt);
    const t = await cases.open(k.lookup);
    return t ? { t, auth: { receipt }, secret: k } : null;
  }

  async function thread(
    req: FastifyRequest,
    reply: FastifyReply,
    w: Who,
    notice?: string,
    errors?: Record<string, string>,
    status = 200,
  ) {
    const s = await ready();
    const key = (await keys.activeKey())!;
    const entries: ThreadEntry[] = (await cases.thread(w.t)).map((i) => {
      let text: string | null = null;
      let warnings: string[] = [];
      if (w.secret && i.forSurvivor) {
        try {
          const opened = JSON.parse(openSealed(i.forSurvivor, w.secret.publicKey, w.secret.privateKey, s)) as {
            text?: string;
            warnings?: string[];
          };
          text = String(opened.text ?? '');
          warnings = Array.isArray(opened.warnings) ? opened.warnings.map(String) : [];
        } catch {
          text = '';
        }
      }
      return {
        id: i.id,
        kind: i.kind as ThreadEntry['kind'],
        createdOn: i.createdOn,
        sealed: w.secret ? null : i.forSurvivor,
        text,
        warnings,
        draftState: i.draftState,
        files: i.files.length,
      };
    });
    return sendPage(
      noStore(reply),
      <FollowUpPage
        ctx={ctxFor(services, req)}
        auth={w.auth}
        orgKey={key}
        status={w.t.status}
        consent={w.t.consent}
        createdOn={w.t.createdOn}
        expiresOn={w.t.expiresOn}
        today={today()}
        entries={entries}
        notice={notice}
        errors={errors}
      />,
      status,
    );
  }

  const login = async (req: FastifyRequest, reply: FastifyReply, errors: Record<string, string> = {}, status = 200) =>
    sendPage(
      noStore(reply),
      <FollowUpLogin ctx={ctxFor(services, req)} powChallenge={await pow.challenge()} errors={errors} />,
      status,
    );

  /** Resolves her case for a follow-up step; a wrong receipt gets the same answer as an unknown one. */
  async function resolve(req: FastifyRequest, reply: FastifyReply): Promise<Who | null> {
    await hit(
      req,
      ...(isLookup(str(body(req).lookup)) ? [] : [limits.lookupUnsolved]),
      limits.lookup,
      limits.lookupGlobal,
    );
    try {
      const w = await who(body(req));
      if (w) return w;
      await login(req, reply, { receipt: 'testimony.error.receipt_unknown' }, 400);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await login(req, reply, err.fields, 400);
    }
    return null;
  }

  app.get('/tell/follow-up', survivor, (req, reply) => login(req, reply));

  app.post('/tell/follow-up', survivor, async (req, reply) => {
    const b = body(req);
    await spendPow(b, isLookup(str(b.lookup)));
    const w = await resolve(req, reply);
    return w ? thread(req, reply, w) : reply;
  });

  app.post('/tell/follow-up/message', survivor, async (req, reply) => {
    const w = await resolve(req, reply);
    if (!w) return reply;
    const b = body(req);
    const secret = w.secret;
    if (secret) {
      const text = str(b.text).normalize('NFC').trim();
      if (text.length > LIMITS.message) return thread(req, reply, w, undefined, { text: 'form.error.too_long' }, 400);
      const refused = await withFiles(req, reply, async (received) => {
        const files = field(received, 'attachments');
        if (!text && !files.length) return { text: 'testimony.error.message_empty' };
        let sealed: Awaited<ReturnType<typeof sealUploads>>;
        try {
          sealed = await sealUploads(files);
        } catch (err) {
          if (err instanceof ValidationError) return err.fields;
          throw err;
        }
        const s = await ready();
        const key = (await keys.activeKey())!;
        const payload: MessagePayload = { v: 1, text, files: sealed.refs };
        const mine: MessagePayload = { v: 1, text, files: sealed.refs.map((f) => ({ ...f, key: '' })) };
        await cases.addMessage(w.t, {
          forOrg: seal(JSON.stringify(payload), fromB64(key.publicKey), s),
          forSurvivor: seal(JSON.stringify(mine), secret.publicKey, s),
          files: sealed.data,
        });
        return null;
      });
      if (refused) return thread(req, reply, w, undefined, refused, 400);
    } else {
      await withFiles(req, reply, async (files) =>
        cases.addMessage(w.t, {
          forOrg: str(b.for_org),
          forSurvivor: str(b.for_survivor),
          files: field(files, 'file'),
        }),
      );
    }
    w.t = await cases.refresh(w.t);
    return thread(req, reply, w, 'testimony.thread.sent');
  });

  app.post('/tell/follow-up/publication', survivor, async (req, reply) => {
    const w = await resolve(req, reply);
    if (!w) return reply;
    const b = body(req);
    const item = str(b.item);
    const approve = str(b.decision) === 'approve';
    if (!ID_RE.test(item)) throw fail('DRAFT_NOT_FOUND');
    let published: { text: string; warnings: string[] } | undefined;
    if (approve) {
      if (w.secret) {
        const draft = (await cases.thread(w.t)).find((i) => i.id === item);
        if (!draft?.forSurvivor) throw fail('DRAFT_NOT_FOUND');
        const opened = JSON.parse(
          openSealed(draft.forSurvivor, w.secret.publicKey, w.secret.privateKey, await ready()),
        );
        published = {
          text: String(opened.text ?? ''),
          warnings: Array.isArray(opened.warnings) ? opened.warnings.map(String) : [],
        };
      } else {
        let warnings: unknown;
        try {
          warnings = JSON.parse(str(b.warnings) || '[]');
        } catch {
          warnings = null;
        }
        if (!Array.isArray(warnings)) throw fail('DRAFT_MISMATCH');
        published = { text: str(b.text), warnings: warnings.map(String) };
      }
    }
    await cases.decideDraft(w.t, item, approve, published);
    w.t = await cases.refresh(w.t);
    return thread(req, reply, w, approve ? 'testimony.draft.approved' : 'testimony.draft.rejected');
  });

  app.post('/tell/follow-up/delete', survivor, async (req, reply) => {
    const w = await resolve(req, reply);
    if (!w) return reply;
    if (str(body(req).confirm) !== '1')
      return thread(req, reply, w, undefined, { confirm: 'testimony.delete.confirm_required' }, 400);
    await cases.deleteEverything(w.t);
    return sendPage(noStore(reply), <DeletedPage ctx={ctxFor(services, req)} />);
  });
}
