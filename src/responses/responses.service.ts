// Officials' responses to petitions and appeals: recorded by whoever manages the action, kept with
// every earlier version, shown on the action's page, and mailed — by a job, in batches, in each
// signer's language — to the signers who asked for updates. Petitions and appeals register
// themselves as subjects (their pages, permissions and signers); the appeal module registers its
// officials directory. Nothing here knows a petition's tables.
import type { Actor, AuditService, Staff } from '../core/accounts/index.ts';
import { fail, forbidden, notFound, ValidationError } from '../core/errors.ts';
import type { MailMessage, MailService } from '../core/mail/index.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { newId, nowIso, parseJson, toJson } from '../db/portable.ts';
import type { PageCache } from '../http/page-cache.ts';
import { formatPartialDate } from '../i18n/format.ts';
import { pick, pickText, type Translatable, type UiLocale } from '../i18n/locales.ts';
import type { I18n } from '../i18n/translator.ts';
import type { JobsService } from '../jobs/index.ts';
import { join } from 'node:path';
import { createDocumentStore } from './document-store.ts';
import * as repo from './responses.repository.ts';
import {
  parseResponseForm,
  safeFileName,
  prepareDocument,
  todayInKazakhstan,
  type Official,
  type MailingSummary,
  type OfficialResponse,
  type OfficialsDirectory,
  type ResponseDocument,
  type ResponseRevision,
  type ResponseVersion,
  type Subject,
  type SubjectProvider,
  type SubjectType,
  type UploadedDocument,
} from './responses.ts';

export type { MailingSummary, UploadedDocument } from './responses.ts';

/** What responses use from the platform and the core modules. */
export interface ResponsesDeps {
  db: Db;
  config: Config;
  i18n: I18n;
  mail: MailService;
  audit: AuditService;
  jobs: Pick<JobsService, 'enqueue'>;
  pageCache: PageCache;
}

export interface ResponsesService {
  registerSubject(type: SubjectType, provider: SubjectProvider): void;
  registerOfficials(directory: OfficialsDirectory): void;
  officials(): Promise<Official[]>;
  officialAdminPath(id: string): string | null;
  subject(type: SubjectType, id: string): Promise<Subject>;
  mayRecord(actor: Staff | null | undefined, type: SubjectType, id: string): Promise<boolean>;
  /** Whether this type of action has signers who can be mailed. */
  mailable(type: SubjectType): boolean;
  forSubject(type: SubjectType, id: string): Promise<OfficialResponse[]>;
  /** Which of these subjects have a response (the "with a response" list filter). */
  withResponses(type: SubjectType, ids: string[]): Promise<Set<string>>;
  get(id: string): Promise<OfficialResponse>;
  history(id: string): Promise<ResponseRevision[]>;
  mailings(id: string): Promise<MailingSummary[]>;
  record(
    type: SubjectType,
    subjectId: string,
    form: Record<string, string | undefined>,
    document: UploadedDocument | null,
    actor: Staff,
    locale: UiLocale,
  ): Promise<{ response: OfficialResponse; mailing: boolean }>;
  edit(
    id: string,
    form: Record<string, string | undefined>,
    document: UploadedDocument | null,
    actor: Staff,
    locale: UiLocale,
  ): Promise<{ response: OfficialResponse; mailing: boolean }>;
  document(sha256: string): Promise<{ data: Buffer; type: string; name: string }>;
  /** The mailing job: queues the mails batch by batch; safe to run again after a crash. */
  runMailing(mailingId: string): Promise<number>;
}

export const MAILING_JOB = 'response.mail';
/** Largest document accepted (bytes). */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
const BATCH = 200;

const SYSTEM: Actor = { system: 'responses' };

function toResponse(r: repo.ResponseRow): OfficialResponse {
  return {
    id: r.id,
    subjectType: r.subject_type as SubjectType,
    subjectId: r.subject_id,
    responder: { name: r.responder_name, position: r.responder_position, body: r.responder_body },
    officialId: r.official_id,
    respondedOn: r.responded_on,
    text: parseJson<Translatable>(r.text, {}),
    document: r.document_sha256
      ? {
          sha256: r.document_sha256,
          type: r.document_type ?? 'application/octet-stream',
          bytes: r.document_bytes ?? 0,
          name: r.document_name ?? '',
        }
      : null,
    revision: r.revision,
    mailedRevision: r.mailed_revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    editedAt: r.edited_at,
  };
}

const versionOf = (r: OfficialResponse): ResponseVersion => ({
  responder: r.responder,
  officialId: r.officialId,
  respondedOn: r.respondedOn,
  text: r.text,
  document: r.document,
});

/** A response's version as its row's columns (the same for a new response and an edit). */
const versionColumns = (version: ResponseVersion) => ({
  responder_name: version.responder.name,
  responder_position: version.responder.position,
  responder_body: version.responder.body,
  official_id: version.officialId,
  responded_on: version.respondedOn,
  text: toJson(version.text),
  document_sha256: version.document?.sha256 ?? null,
  document_type: version.document?.type ?? null,
  document_bytes: version.document?.bytes ?? null,
  document_name: version.document?.name ?? null,
});

export function createResponsesService(deps: ResponsesDeps): ResponsesService {
  const { db, config, i18n, mail, audit, jobs, pageCache } = deps;
  const providers = new Map<SubjectType, SubjectProvider>();
  let directory: OfficialsDirectory | null = null;
  const store = createDocumentStore(join(config.uploadsDir, 'responses'));

  const provider = (type: SubjectType) => {
    const p = providers.get(type);
    if (!p) throw notFound('RESPONSE_NOT_FOUND');
    return p;
  };

  async function load(id: string): Promise<OfficialResponse> {
    const row = await repo.findResponse(db, id);
    if (!row) throw notFound('RESPONSE_NOT_FOUND');
    return toResponse(row);
  }

  /** Checks the form and the document; throws every problem at once, before anything is stored. */
  async function check(
    subject: Subject,
    form: Record<string, string | undefined>,
    upload: UploadedDocument | null,
    locale: UiLocale,
  ): Promise<{ version: ResponseVersion; documentData: Uint8Array | null }> {
    const chosen = (form.official ?? '').trim();
    const official = chosen && directory ? await directory.get(chosen) : null;
    const { input, errors } = parseResponseForm(form, {
      today: todayInKazakhstan(),
      startedOn: subject.startedOn,
      official,
      locale,
    });
    if (chosen && !official) errors.official = 'form.error.choice';
    let document: ResponseDocument | null = null;
    let data: Uint8Array | null = null;
    if (upload) {
      const prepared = upload.data.length > DOCUMENT_MAX_BYTES ? null : prepareDocument(upload.data);
      if (!prepared) errors.document = 'response.error.document_too_large';
      else if ('error' in prepared) errors.document = prepared.error;
      else {
        data = prepared.data;
        document = {
          sha256: '', // known once stored
          type: prepared.type,
          bytes: data.length,
          name: safeFileName(upload.name, prepared.type),
        };
      }
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    return {
      version: {
        responder: { name: input.name, position: input.position, body: input.body },
        officialId: input.officialId,
        respondedOn: input.respondedOn,
        text: input.text,
        document,
      },
      documentData: data,
    };
  }

  async function startMailing(r: OfficialResponse, actor: Staff): Promise<boolean> {
    if (!provider(r.subjectType).recipients) return false;
    const id = newId();
    await db.transaction().execute(async (trx) => {
      await repo.insertMailing(trx, {
        id,
        response_id: r.id,
        revision: r.revision,
        status: 'queued',
        cursor: null,
        queued: 0,
        created_by: actor.id,
        created_at: nowIso(),
        finished_at: null,
      });
      await repo.updateResponse(trx, r.id, r.revision, { mailed_revision: r.revision });
    });
    // The organiser's request stops here: the job mails, in batches, with the queue's retries.
    await jobs.enqueue(MAILING_JOB, { mailing: id }, { uniqueKey: `${MAILING_JOB}@${id}` });
    return true;
  }

  function mailFor(
    r: OfficialResponse,
    subject: Subject,
    to: { email: string; locale: UiLocale; unsubscribeUrl: string },
  ): MailMessage {
    const { locale } = to;
    const t = i18n.translator(locale);
    const title = pickText(subject.title, locale);
    const who = [r.responder.name, r.responder.position, r.responder.body].filter(Boolean).join(', ');
    const text = pick(r.text, locale);
    const link = (path: string) => `${config.baseUrl}/${locale}${path}`;
    const parts = [
      t('response.mail.intro', { who, title, date: formatPartialDate(r.respondedOn, locale) }),
      text.lang !== locale
        ? `${t('response.mail.other_language', { language: t(`language.${text.lang}`) })}\n\n${text.text}`
        : text.text,
    ];
    if (r.document)
      parts.push(
        t('response.mail.document', {
          url: link(`/responses/${r.id}/document`),
          sha256: r.document.sha256,
        }),
      );
    parts.push(t(`response.mail.read_${subject.type}`, { url: link(subject.publicPath) }));
    return {
      to: to.email,
      category: `response.${subject.type}`,
      subject: t('response.mail.subject', { title }),
      text: `${parts.join('\n\n')}\n\n--\n${t('response.mail.footer', { unsubscribe: to.unsubscribeUrl })}`,
    };
  }

  const service: ResponsesService = {
    registerSubject(type, p) {
      providers.set(type, p);
    },
    registerOfficials(d) {
      directory = d;
    },
    officials: async () => (directory ? directory.list() : []),
    officialAdminPath: (id) => (directory ? directory.adminPath(id) : null),
    subject: (type, id) => provider(type).describe(id),
    async mayRecord(actor, type, id) {
      return !!actor && provider(type).mayRecord(actor, id);
    },
    mailable: (type) => !!providers.get(type)?.recipients,
    async forSubject(type, id) {
      return (await repo.responsesFor(db, type, id)).map(toResponse);
    },
    withResponses: (type, ids) => repo.subjectsWithResponses(db, type, ids),
    get: load,
    async history(id) {
      return (await repo.revisionsOf(db, id)).map((r) => ({
        revision: r.revision,
        version: parseJson<ResponseVersion>(r.snapshot, null as never),
        replacedAt: r.replaced_at,
      }));
    },
    async mailings(id) {
      return (await repo.mailingsOf(db, id)).map((m) => ({
        id: m.id,
        revision: m.revision,
        status: m.status,
        queued: m.queued,
        createdAt: m.created_at,
        finishedAt: m.finished_at,
      }));
    },

    async record(type, subjectId, form, upload, actor, locale) {
      const p = provider(type);
      const subject = await p.describe(subjectId);
      if (!(await p.mayRecord(actor, subjectId))) throw forbidden();
      const { version, documentData } = await check(subject, form, upload, locale);
      if (version.document && documentData) version.document.sha256 = await store.put(documentData);
      const id = newId();
      const now = nowIso();
      await repo.insertResponse(db, {
        id,
        subject_type: type,
        subject_id: subjectId,
        ...versionColumns(version),
        revision: 1,
        mailed_revision: null,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
        edited_at: null,
      });
      const response = await load(id);
      // A new response is mailed unless the organiser unticked it.
      const mailing = form.mail === 'on' ? await startMailing(response, actor) : false;
      await audit.record(
        actor,
        'response.record',
        { type, id: subjectId },
        {
          response: id,
          responder: version.responder.name,
          date: version.respondedOn,
          document: version.document?.sha256 ?? null,
          mailed: mailing ? 'yes' : 'no',
          subject: type,
        },
      );
      pageCache.clear();
      return { response: await load(id), mailing };
    },

    async edit(id, form, upload, actor, locale) {
      const before = await load(id);
      const p = provider(before.subjectType);
      const subject = await p.describe(before.subjectId);
      if (!(await p.mayRecord(actor, before.subjectId))) throw forbidden();
      if (String(before.revision) !== (form.revision ?? '').trim()) throw fail('RESPONSE_EDITED_ELSEWHERE');
      const { version, documentData } = await check(subject, form, upload, locale);
      if (version.document && documentData) version.document.sha256 = await store.put(documentData);
      // No new file: keep the one there was, unless asked to remove it.
      else if (form.remove_document !== 'on') version.document = before.document;
      const now = nowIso();
      const changed = await db.transaction().execute(async (trx) => {
        const ok = await repo.updateResponse(trx, id, before.revision, {
          ...versionColumns(version),
          revision: before.revision + 1,
          updated_at: now,
          edited_at: now,
        });
        if (!ok) return false;
        await repo.insertRevision(trx, {
          id: newId(),
          response_id: id,
          revision: before.revision,
          snapshot: toJson(versionOf(before)),
          replaced_by: actor.id,
          replaced_at: now,
        });
        return true;
      });
      if (!changed) throw fail('RESPONSE_EDITED_ELSEWHERE');
      const response = await load(id);
      // An edit is mailed only when asked for.
      const mailing = form.mail === 'on' ? await startMailing(response, actor) : false;
      await audit.record(
        actor,
        'response.edit',
        { type: before.subjectType, id: before.subjectId },
        { response: id, revision: response.revision, mailed: mailing ? 'yes' : 'no', subject: before.subjectType },
      );
      pageCache.clear();
      return { response: await load(id), mailing };
    },

    async document(sha256) {
      const row = /^[0-9a-f]{64}$/.test(sha256) ? await repo.documentBySha(db, sha256) : undefined;
      if (!row?.document_sha256) throw notFound('RESPONSE_NOT_FOUND');
      return {
        data: await store.read(sha256),
        type: row.document_type ?? 'application/octet-stream',
        name: row.document_name ?? 'document',
      };
    },

    async runMailing(mailingId) {
      const m = await repo.findMailing(db, mailingId);
      if (!m || m.status === 'done') return 0;
      const r = await load(m.response_id);
      const p = provider(r.subjectType);
      const subject = await p.describe(r.subjectId);
      let cursor = m.cursor;
      let total = 0;
      for (;;) {
        const batch = p.recipients ? await p.recipients(r.subjectId, cursor, BATCH) : [];
        if (!batch.length) break;
        const next = batch[batch.length - 1].key;
        const from = cursor;
        // The cursor moves in the same transaction as the batch is queued: a rerun never mails twice.
        const moved = await db.transaction().execute(async (trx) => {
          if (!(await repo.advanceMailing(trx, mailingId, from, next, batch.length))) return false;
          await mail.queue(
            trx,
            batch.map((to) => mailFor(r, subject, to)),
          );
          return true;
        });
        if (!moved) return total; // another run of the job is on it
        cursor = next;
        total += batch.length;
      }
      await repo.finishMailing(db, mailingId, nowIso());
      const done = await repo.findMailing(db, mailingId);
      await audit.record(
        SYSTEM,
        'response.mailed',
        { type: r.subjectType, id: r.subjectId },
        { response: r.id, revision: m.revision, recipients: done?.queued ?? total, subject: r.subjectType },
      );
      return total;
    },
  };
  return service;
}
