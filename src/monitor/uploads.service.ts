// Files analysts upload from the monitor's pages. The route streams the file to disk (never whole in
// memory, at most MONITOR_UPLOAD_MAX_MB); `accept` looks at it (checkUpload), records it, audits it
// and queues the `monitor.upload` job, which imports it with the command line's importer and deletes
// it. The status page reads the progress the job writes here, and the summary from the import's record.
// A job cut off by a restart is queued again by the job queue (its lock goes stale) and resumes
// after the import's last committed line, the file still being on disk.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { access, readdir, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { AuditService, Staff } from '../core/accounts/index.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { newId, nowIso } from '../db/portable.ts';
import { createSqliteWriter } from '../db/sqlite-writer.ts';
import type { CampaignMatcher } from './monitor.ingest.ts';
import { ImportError, importFile, type ImportFormat, type RejectedLine } from './monitor.import.ts';
import type { Platform } from './post.ts';
import { checkUpload, UploadRefused } from './upload-check.ts';
import { findUpload, importOf, insertUpload, recentUploads, updateUpload } from './uploads.repository.ts';
import type { Upload, UploadChoice } from './upload.model.ts';

export const UPLOAD_JOB = 'monitor.upload';

/** What the job queue needs to offer. */
export interface UploadJobs {
  enqueue(name: string, payload?: Record<string, unknown>, opts?: { uniqueKey?: string }): Promise<boolean>;
}

export interface UploadService {
  readonly maxBytes: number;
  /** Where an incoming file is written: a fresh path in the uploads folder. */
  incoming(): { id: string; path: string };
  /** Checks a received file and queues its import; a file refused is deleted (UploadRefused says why). */
  accept(
    staff: Staff,
    file: { id: string; path: string; name: string; size: number },
    choice: UploadChoice,
  ): Promise<string>;
  /** The job: imports one upload (idempotent: a finished one is left alone, a cut-off one resumes). */
  run(payload: { id: string; actor: Staff }): Promise<void>;
  get(id: string): Promise<Upload | null>;
  recent(limit: number): Promise<Upload[]>;
  rejects(id: string): Promise<RejectedLine[] | null>;
  /** Deletes files no upload waits for (left by a process that stopped between receiving and queuing). */
  sweep(): Promise<number>;
}

/** Progress written at most this often (each write is a transaction). */
const PROGRESS_MS = 500;
/** A running upload with no progress for this long has lost its process. */
const STALLED_MS = 60_000;
/** A file in the uploads folder that no upload waits for is deleted once it is this old. */
const SWEEP_AFTER_MS = 3_600_000;

export function createUploadService(deps: {
  db: Db;
  config: Config;
  matcher: CampaignMatcher;
  audit: AuditService;
  jobs: UploadJobs;
}): UploadService {
  const { db, config, audit } = deps;
  const dir = join(config.uploadsDir, 'monitor');
  let made = false;
  const pathOf = (id: string) => join(dir, id);

  /**
   * The import's own connection: on SQLite a worker thread of its own (its commits and checkpoints
   * never block the event loop, and the settings an import gives its connection stay off the
   * signature writer's), taking turns with the process's other connections through their shared lock.
   */
  const importConnection = (): Db =>
    config.dialect === 'sqlite' && config.sqlitePath && config.sqlitePath !== ':memory:'
      ? createSqliteWriter(config.sqlitePath)
      : db;

  async function view(row: NonNullable<Awaited<ReturnType<typeof findUpload>>>): Promise<Upload> {
    const imp = row.import_id ? await importOf(db, row.import_id) : undefined;
    return {
      id: row.id,
      fileName: row.file_name,
      size: Number(row.size),
      format: row.format,
      status: row.status,
      stalled: row.status === 'running' && Date.parse(row.updated_at) < Date.now() - STALLED_MS,
      bytesRead: Number(row.bytes_read),
      read: row.read,
      inserted: row.inserted,
      updated: row.updated,
      rejected: row.rejected,
      error: row.error,
      errorDetail: row.error_detail,
      uploadedBy: row.uploaded_by,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      summary: imp
        ? {
            read: imp.read,
            inserted: imp.inserted,
            updated: imp.updated,
            rejected: imp.rejected,
            reasons: JSON.parse(imp.reasons),
            rejects: JSON.parse(imp.rejects),
            encoding: imp.encoding,
            platform: imp.platform,
          }
        : null,
    };
  }

  return {
    maxBytes: config.monitor.uploadMaxBytes,
    incoming() {
      if (!made) {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        made = true;
      }
      const id = newId();
      return { id, path: pathOf(`${id}.${randomUUID().slice(0, 8)}`) };
    },
    async accept(staff, file, choice) {
      // Whatever stops it here, the file goes: nothing will ever import it.
      const format = await checkUpload(file.path, choice).catch(async (err: unknown) => {
        await rm(file.path, { force: true });
        throw err;
      });
      const now = nowIso();
      const name = file.name.slice(0, 200);
      await insertUpload(db, {
        id: file.id,
        file_name: name,
        size: file.size,
        format,
        platform: choice.platform ?? null,
        columns: format === 'csv' ? (choice.columns ?? null) : null,
        campaign_id: choice.campaignId ?? null,
        status: 'queued',
        host: hostname(),
        error_detail: null,
        import_id: null,
        error: null,
        uploaded_by: staff.email,
        created_at: now,
        started_at: null,
        updated_at: now,
        finished_at: null,
      });
      await audit.record(
        staff,
        'monitor.upload',
        { type: 'monitor_upload', id: file.id },
        { file: name, size: file.size, format },
      );
      await deps.jobs.enqueue(
        UPLOAD_JOB,
        { id: file.id, path: file.path.slice(dir.length + 1), actor: staff },
        { uniqueKey: `${UPLOAD_JOB}@${file.id}` },
      );
      return file.id;
    },
    async sweep() {
      let removed = 0;
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const row = await findUpload(db, name.split('.')[0]);
        if (row && (row.status === 'queued' || row.status === 'running')) continue;
        const at = await stat(join(dir, name)).catch(() => null);
        if (!at || at.mtimeMs > Date.now() - SWEEP_AFTER_MS) continue;
        await rm(join(dir, name), { force: true });
        removed++;
      }
      return removed;
    },
    async run(payload) {
      const p = payload as { id: string; path: string; actor: Staff };
      const row = await findUpload(db, p.id);
      if (!row || row.status === 'done' || row.status === 'failed') return;
      const path = pathOf(p.path.replace(/[\\/]/g, ''));
      const finish = async (set: { status: 'done' | 'failed'; error?: string; error_detail?: string | null }) => {
        await rm(path, { force: true });
        const now = nowIso();
        await updateUpload(db, p.id, { ...set, finished_at: now, updated_at: now });
        const after = await findUpload(db, p.id);
        await audit.record(
          p.actor,
          'monitor.upload_finished',
          { type: 'monitor_upload', id: p.id },
          {
            file: row.file_name,
            size: Number(row.size),
            result: set.status,
            read: after?.read ?? 0,
            inserted: after?.inserted ?? 0,
            updated: after?.updated ?? 0,
            rejected: after?.rejected ?? 0,
            error: set.error ?? null,
          },
        );
      };
      try {
        await access(path);
      } catch {
        // Never received here, or on another machine's disk (its uploads folder is not shared).
        return finish({ status: 'failed', error: 'file_missing', error_detail: row.host });
      }
      const now = nowIso();
      await updateUpload(db, p.id, { status: 'running', started_at: row.started_at ?? now, updated_at: now });
      let last = 0;
      let writing: Promise<void> = Promise.resolve();
      const conn = importConnection();
      try {
        const summary = await importFile(
          db,
          deps.matcher,
          {
            file: path,
            fileName: row.file_name,
            format: row.format as ImportFormat,
            platform: (row.platform ?? undefined) as Platform | undefined,
            columns: row.columns ?? undefined,
            campaignId: row.campaign_id,
            startedBy: p.actor.email,
            maxTransactionMs: config.monitor.importTransactionMs,
            onProgress: (pr) => {
              if (Date.now() - last < PROGRESS_MS) return;
              last = Date.now();
              writing = writing.then(() =>
                updateUpload(db, p.id, {
                  bytes_read: pr.bytes,
                  read: pr.read,
                  inserted: pr.inserted,
                  updated: pr.updated,
                  rejected: pr.rejected,
                  updated_at: nowIso(),
                }).catch(() => undefined),
              );
            },
            onStart: (importId) => void (writing = writing.then(() => updateUpload(db, p.id, { import_id: importId }))),
          },
          conn,
        );
        await writing;
        await updateUpload(db, p.id, {
          import_id: summary.id,
          bytes_read: summary.bytes,
          read: summary.read,
          inserted: summary.inserted,
          updated: summary.updated,
          rejected: summary.rejected,
        });
        await finish({ status: 'done' });
      } catch (err) {
        await writing.catch(() => undefined);
        if (err instanceof ImportError) await finish({ status: 'failed', error: err.code, error_detail: err.message });
        else {
          await finish({ status: 'failed', error: 'internal' }).catch(() => undefined);
          throw err;
        }
      } finally {
        if (conn !== db) await conn.destroy();
      }
    },
    async get(id) {
      const row = await findUpload(db, id);
      return row ? view(row) : null;
    },
    async recent(limit) {
      return Promise.all((await recentUploads(db, limit)).map(view));
    },
    async rejects(id) {
      const row = await findUpload(db, id);
      if (!row?.import_id) return null;
      const imp = await importOf(db, row.import_id);
      return imp ? (JSON.parse(imp.rejects) as RejectedLine[]) : null;
    },
  };
}

export { UploadRefused };
