// The survivor's pages: intake, the receipt, follow-up, deletion. Every route here is marked
// `survivor` (nothing identifying is logged), answers `Cache-Control: no-store`, sets no cookie and
// keeps content out of addresses (every step is a POST). Multipart bodies are parsed only here:
// their fields first, so every check runs before a file byte is read (see http/multipart.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { join } from 'node:path';
import type { WebKit } from '../../http/web.ts';
import type { HelpService } from '../../help/help.service.ts';
import type { IpHasher } from '../../core/privacy/ip-hash.service.ts';
import type { RegionsService } from '../../core/regions/regions.service.ts';
import { isNeed, type Need } from '../../help/help.ts';
import { AppError, ValidationError, fail } from '../../core/errors.ts';
import { httpStatus } from '../../http/errors.ts';
import { clientIp, formOf, type Form } from '../../http/forms.ts';
import { multipartForms, withFiles, type ReceivedFile } from '../../http/multipart.ts';
import { ctxFor, noStore, sendPage } from '../../http/pages.tsx';
import { createRateLimit } from '../../http/rate-limit.ts';
import {
  encryptFile,
  fileCiphertextLength,
  fromB64,
  isPublicKey,
  newReceipt,
  normaliseReceipt,
  openSealed,
  ready,
  seal,
  toB64,
} from './crypto.ts';
import { sniffType, stripMetadata, MetadataError } from './metadata.ts';
import { isLookup } from './receipt.server.ts';
import {
  CONSENTS,
  LIMITS,
  POLICE,
  RELATIONSHIPS,
  type AttachmentRef,
  type Consent,
  type MessagePayload,
  type Testimony,
  type TestimonyPayload,
  today,
} from './testimony.ts';
import type { TestimonyParts } from './testimony.parts.ts';
import type { FileData } from './testimony.service.ts';
import { DeletedPage, FollowUpLogin, FollowUpPage, type ThreadEntry } from './views/follow-up.tsx';
import { IntakePage } from './views/intake.tsx';
import { SentPage } from './views/sent.tsx';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  help: HelpService;
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

/** The no-JavaScript form, checked like the browser checks it before encrypting. */
export function validateIntake(
  form: Form,
  help: string[],
  regions: (c: string) => boolean,
): { payload: Omit<TestimonyPayload, 'files' | 'lang'>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const story = (form.story ?? '').trim();
  if (!story) errors.story = 'testimony.error.story_required';
  else if (story.length > LIMITS.story) errors.story = 'form.error.too_long';
  const consent = form.consent as Consent;
  if (!(CONSENTS as readonly string[]).includes(consent)) errors.consent = 'testimony.error.consent_required';
  const month = form.when_month ? Number(form.when_month) : null;
  const year = form.when_year ? Number(form.when_year) : null;
  const thisYear = new Date().getUTCFullYear();
  if (
    (month !== null && !(Number.isInteger(month) && month >= 1 && month <= 12)) ||
    (year !== null && !(Number.isInteger(year) && year >= 1950 && year <= thisYear))
  )
    errors.when_year = 'form.error.choice';
  const region = form.region && regions(form.region) ? form.region : null;
  if (form.region && !region) errors.region = 'form.error.choice';
  for (const [k, max] of [
    ['city', LIMITS.city],
    ['since', LIMITS.since],
    ['contact', LIMITS.contact],
    ['when_note', LIMITS.whenNote],
  ] as const)
    if ((form[k] ?? '').length > max) errors[k] = 'form.error.too_long';
  const relationship = (RELATIONSHIPS as readonly string[]).includes(form.relationship)
    ? (form.relationship as TestimonyPayload['relationship'])
    : 'unsaid';
  const police = (POLICE as readonly string[]).includes(form.police)
    ? (form.police as TestimonyPayload['police'])
    : 'unsaid';
  return {
    payload: {
      v: 1,
      story,
      when: { month, year, note: (form.when_note ?? '').trim() },
      region,
      city: (form.city ?? '').trim(),
      relationship,
      police,
      since: (form.since ?? '').trim(),
      help: [...new Set(help.filter(isNeed))],
      consent,
      referral: !!form.referral,
      contact: (form.contact ?? '').trim(),
    },
    errors,
  };
}

/**
 * Strips metadata and encrypts each upload, reading them from their (encrypted) temp files one at a
 * time. Every file is checked and its stripped size known before anything is stored; each is then
 * stripped again and encrypted only as the service stores it (stripping is deterministic), so at
 * most one file is in memory at a time.
 */
async function sealUploads(files: ReceivedFile[]): Promise<{ refs: AttachmentRef[]; data: FileData[] }> {
  const s = await ready();
  if (files.length > LIMITS.files) throw new ValidationError({ attachments: 'testimony.error.too_many_files' });
  const clean = async (f: ReceivedFile) => {
    const bytes = await f.read();
    const type = sniffType(bytes);
    if (!type) throw new ValidationError({ attachments: 'testimony.error.file_type' });
    try {
      return { type, data: stripMetadata(bytes, type) };
    } catch (err) {
      if (err instanceof MetadataError) throw new ValidationError({ attachments: 'testimony.error.file_broken' });
      throw err;
    }
  };
  const refs: AttachmentRef[] = [];
  const data: FileData[] = [];
  for (const [position, f] of files.entries()) {
    const { type, data: stripped } = await clean(f);
    const key = s.crypto_secretstream_xchacha20poly1305_keygen();
    refs.push({ position, name: f.name.slice(0, 200), type, size: stripped.length, key: toB64(key) });
    data.push({
      size: fileCiphertextLength(stripped.length),
      read: async () => encryptFile((await clean(f)).data, s, key).data,
    });
  }
  return { refs, data };
}

export async function tellRoutes(app: FastifyInstance, services: Services, mod: TestimonyParts): Promise<void> {
  const { cases: testimony, keys, pow, hasher } = mod;
  // Rate limits in this process's memory, keyed by the daily IP-HMAC (never stored, never logged).
  const limits = {
    sendSolved: createRateLimit({ limit: 10, windowMs: 3_600_000 }),
    sendUnsolved: createRateLimit({ limit: 4, windowMs: 3_600_000 }),
    sendGlobal: createRateLimit({ limit: 600, windowMs: 3_600_000 }),
    lookup: createRateLimit({ limit: 20, windowMs: 15 * 60_000 }),
    // The no-JavaScript follow-up sends the receipt itself and cannot do the proof of work: it costs
    // the server two Argon2id computations, so it gets a tighter limit of its own.
    lookupUnsolved: createRateLimit({ limit: 8, windowMs: 15 * 60_000 }),
    lookupGlobal: createRateLimit({ limit: 1800, windowMs: 15 * 60_000 }),
  };
  mod.limits = limits;

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
      const r = l.hit(l === limits.sendGlobal || l === limits.lookupGlobal ? 'all' : key);
      if (!r.allowed) throw fail('TESTIMONY_RATE_LIMITED', { seconds: r.retryAfter });
    }
  };

  const survivor = { config: { survivor: true } };
  const body = (req: FastifyRequest): Body => (req.body && typeof req.body === 'object' ? (req.body as Body) : {});

  async function spendPow(b: Body, requireSolved: boolean): Promise<'solved' | 'unsolved'> {
    const r = await pow.check(b.pow_challenge, b.pow_solution);
    if (r.result === 'invalid' || (requireSolved && r.result !== 'solved')) throw fail('TESTIMONY_POW');
    if (!(await testimony.spend(r.token!, r.expiresAt))) throw fail('TESTIMONY_REPLAYED');
    return r.result;
  }

  async function intake(
    req: FastifyRequest,
    reply: FastifyReply,
    componentId: string | null,
    values: Form = {},
    errors: Record<string, string> = {},
    status = 200,
  ) {
    const ctx = ctxFor(services, req);
    let call: string | null = null;
    if (componentId) {
      const c = await mod.callFor(componentId, ctx.locale);
      if (c === undefined) throw fail('COMPONENT_NOT_FOUND');
      call = c;
    }
    const key = await keys.activeKey();
    return sendPage(
      noStore(reply),
      <IntakePage
        ctx={ctx}
        regions={services.regions.all()}
        orgKey={key}
        componentId={componentId}
        call={call}
        powChallenge={await pow.challenge()}
        values={values}
        errors={errors}
      />,
      status,
    );
  }

  app.get('/tell', survivor, (req, reply) => intake(req, reply, null));
  app.get('/tell/c/:id', survivor, (req, reply) => {
    const { id } = req.params as { id: string };
    if (!ID_RE.test(id)) throw fail('COMPONENT_NOT_FOUND');
    return intake(req, reply, id);
  });

  app.post('/tell', survivor, async (req, reply) => {
    const b = body(req);
    const browser = str(b.mode) === 'browser';
    const componentId = ID_RE.test(str(b.component)) ? str(b.component) : null;
    if (componentId && (await mod.callFor(componentId, req.locale)) === undefined) throw fail('COMPONENT_NOT_FOUND');
    const solved = await spendPow(b, browser);
    await hit(req, solved === 'solved' ? limits.sendSolved : limits.sendUnsolved, limits.sendGlobal);
    const ctx = ctxFor(services, req);
    const regions = services.regions.all();

    if (browser) {
      const lookup = str(b.lookup);
      const consent = str(b.consent) as Consent;
      if (!isLookup(lookup) || !isPublicKey(str(b.survivor_pk)) || !(CONSENTS as readonly string[]).includes(consent))
        throw fail('TESTIMONY_BAD_CIPHERTEXT');
      await withFiles(req, reply, async (files) =>
        testimony.submit({
          componentId,
          orgKeyId: str(b.key_id),
          lookup,
          survivorPk: str(b.survivor_pk),
          envelope: str(b.envelope),
          consent,
          referralOk: str(b.referral) === '1',
          files: field(files, 'file'),
          mode: 'browser',
        }),
      );
      const all = await services.help.search({ limit: 500 });
      return sendPage(
        noStore(reply),
        <SentPage ctx={ctx} receipt={null} helpEntries={all} regions={regions} filtered={false} />,
      );
    }

    // No JavaScript: the server seals the submission before anything is stored; her files are
    // received only once the form itself is valid.
    const form = formOf(req);
    const values = { ...form, help: list(b.help).map(String).join(',') };
    if (form.website) {
      // The honeypot was filled in: answer as if all went well and keep nothing.
      return sendPage(
        noStore(reply),
        <SentPage
          ctx={ctx}
          receipt={newReceipt(await ready())}
          helpEntries={await services.help.forSurvivor(null, [])}
          regions={regions}
          filtered
        />,
      );
    }
    const key = await keys.activeKey();
    if (!key) throw fail('TESTIMONY_CLOSED');
    const { payload, errors } = validateIntake(form, list(b.help).map(String), services.regions.isValid);
    try {
      if (Object.keys(errors).length) throw new ValidationError(errors);
      const receipt = await withFiles(req, reply, async (received) => {
        const files = await sealUploads(field(received, 'attachments'));
        const s = await ready();
        const receipt = newReceipt(s);
        const keysOf = await hasher.keysFromReceipt(receipt);
        const full: TestimonyPayload = { ...payload, lang: ctx.locale, files: files.refs };
        await testimony.submit({
          componentId,
          orgKeyId: key.id,
          lookup: keysOf.lookup,
          survivorPk: s.to_base64(keysOf.publicKey, s.base64_variants.URLSAFE_NO_PADDING),
          envelope: seal(JSON.stringify(full), fromB64(key.publicKey), s),
          consent: payload.consent,
          referralOk: payload.referral,
          files: files.data,
          mode: 'server',
        });
        return receipt;
      });
      const matching = await services.help.forSurvivor(payload.region, payload.help as Need[]);
      return sendPage(
        noStore(reply),
        <SentPage ctx={ctx} receipt={receipt} helpEntries={matching} regions={regions} filtered />,
      );
    } catch (err) {
      if (err instanceof ValidationError) return intake(req, reply, componentId, values, err.fields, 400);
      // Files too large, too many, cut off, or no room to process them now: her words stay on the page.
      if (err instanceof AppError && err.code.startsWith('UPLOAD_'))
        return intake(req, reply, componentId, values, { attachments: err.messageKey }, httpStatus(err));
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
      const t = await testimony.open(lookup);
      return t ? { t, auth: { lookup }, secret: null } : null;
    }
    const receipt = normaliseReceipt(str(b.receipt));
    if (!receipt) throw new ValidationError({ receipt: 'testimony.error.receipt_format' });
    const k = await hasher.keysFromReceipt(receipt);
    const t = await testimony.open(k.lookup);
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
    const entries: ThreadEntry[] = (await testimony.thread(w.t)).map((i) => {
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
        await testimony.addMessage(w.t, {
          forOrg: seal(JSON.stringify(payload), fromB64(key.publicKey), s),
          forSurvivor: seal(JSON.stringify(mine), secret.publicKey, s),
          files: sealed.data,
        });
        return null;
      });
      if (refused) return thread(req, reply, w, undefined, refused, 400);
    } else {
      await withFiles(req, reply, async (files) =>
        testimony.addMessage(w.t, {
          forOrg: str(b.for_org),
          forSurvivor: str(b.for_survivor),
          files: field(files, 'file'),
        }),
      );
    }
    w.t = await testimony.refresh(w.t);
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
        const draft = (await testimony.thread(w.t)).find((i) => i.id === item);
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
    await testimony.decideDraft(w.t, item, approve, published);
    w.t = await testimony.refresh(w.t);
    return thread(req, reply, w, approve ? 'testimony.draft.approved' : 'testimony.draft.rejected');
  });

  app.post('/tell/follow-up/delete', survivor, async (req, reply) => {
    const w = await resolve(req, reply);
    if (!w) return reply;
    if (str(body(req).confirm) !== '1')
      return thread(req, reply, w, undefined, { confirm: 'testimony.delete.confirm_required' }, 400);
    await testimony.deleteEverything(w.t);
    return sendPage(noStore(reply), <DeletedPage ctx={ctxFor(services, req)} />);
  });
}
