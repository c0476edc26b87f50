// Backups as the running site sees them: the scheduled job (due when the last good backup is one
// interval old), its record of runs, and the status the dashboard and other modules read.
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { AuditService } from '../core/accounts/index.ts';
import { AppError } from '../core/errors.ts';
import type { Db } from '../db/database.ts';
import { newId } from '../db/portable.ts';
import type { I18n } from '../i18n/translator.ts';
import { prune, scheduledName, writeArchive } from './archive-file.ts';
import * as repo from './backup.repository.ts';
import type { DumpStats } from './dump.ts';
import type { KdfCost } from './sealed-stream.ts';

export const MIN_PASSPHRASE = 12;

export interface BackupStatus {
  /** on: scheduled and able to run; off: BACKUP_INTERVAL=off; no_passphrase: scheduled but cannot encrypt. */
  schedule: 'on' | 'off' | 'no_passphrase';
  intervalMs: number | null;
  dir: string;
  keep: number;
  lastGood: { at: string; file: string; bytes: number } | null;
  /** The latest attempt, when it failed after the last good one. */
  lastFailure: { at: string; error: string } | null;
  /** No good backup yet, or the last is older than twice the interval (or a week, when unscheduled). */
  stale: boolean;
}

export interface BackupService {
  status(now?: Date): Promise<BackupStatus>;
  /** The scheduled job's body: makes a backup when one is due; says what it did. */
  runIfDue(now?: Date): Promise<'not_scheduled' | 'not_due' | 'ok' | 'failed'>;
  /** A backup to `path` (the command line), recorded in the audit log. */
  backupTo(path: string, passphrase: string, actor: string): Promise<DumpStats>;
}

/** Throws unless the passphrase is long enough to stand up to guessing with a copy of the archive. */
export function checkPassphrase(passphrase: string | null): string {
  if (!passphrase) throw new AppError('BACKUP_NO_PASSPHRASE');
  if ([...passphrase].length < MIN_PASSPHRASE) throw new AppError('BACKUP_SHORT_PASSPHRASE', { min: MIN_PASSPHRASE });
  return passphrase;
}

const UNSCHEDULED_STALE_MS = 7 * 86_400_000;
// A run that has said nothing for this long died with its process; another may start.
const RUNNING_GIVES_UP_MS = 6 * 3_600_000;
// The job looks every few minutes; a backup a little early keeps a daily one from drifting later each day.
const EARLY_MS = 10 * 60_000;
const RETRY_MS = 3_600_000;

/** Where backups stand: read by the dashboard, and by anything else that checks the installation. */
export async function backupStatus(
  deps: { db: Db; config: Pick<Config, 'backup'> },
  now = new Date(),
): Promise<BackupStatus> {
  const cfg = deps.config.backup;
  const good = await repo.latestRun(deps.db, 'ok');
  const last = await repo.latestRun(deps.db);
  const failed = last && last.status === 'failed' && (!good || last.started_at > good.started_at) ? last : null;
  const limit = cfg.intervalMs ? 2 * cfg.intervalMs : UNSCHEDULED_STALE_MS;
  return {
    schedule: cfg.intervalMs === null ? 'off' : cfg.passphrase ? 'on' : 'no_passphrase',
    intervalMs: cfg.intervalMs,
    dir: cfg.dir,
    keep: cfg.keep,
    lastGood: good ? { at: good.finished_at ?? good.started_at, file: good.file ?? '', bytes: good.bytes ?? 0 } : null,
    lastFailure: failed ? { at: failed.finished_at ?? failed.started_at, error: failed.error ?? '' } : null,
    stale: !good || now.getTime() - Date.parse(good.finished_at ?? good.started_at) > limit,
  };
}

export function createBackupService(deps: {
  db: Db;
  config: Config;
  audit: AuditService;
  i18n: I18n;
  kdf?: KdfCost;
}): BackupService {
  const { db, config, audit, i18n } = deps;
  const cfg = config.backup;
  const say = (err: unknown) =>
    err instanceof AppError ? i18n.t('en', err.messageKey, err.values) : ((err as Error)?.message ?? String(err));

  async function backupTo(path: string, passphrase: string, actor: string): Promise<DumpStats> {
    const stats = await writeArchive(path, { config, passphrase: checkPassphrase(passphrase), kdf: deps.kdf });
    await audit.record({ system: actor }, 'backup.create', null, { rows: stats.rows, files: stats.files });
    return stats;
  }

  return {
    backupTo,
    status: (now) => backupStatus({ db, config }, now),
    async runIfDue(now = new Date()) {
      if (cfg.intervalMs === null || !cfg.passphrase) return 'not_scheduled';
      const last = await repo.latestRun(db);
      const good = await repo.latestRun(db, 'ok');
      const since = (iso: string | undefined) => (iso ? now.getTime() - Date.parse(iso) : Infinity);
      if (last?.status === 'running' && since(last.started_at) < RUNNING_GIVES_UP_MS) return 'not_due';
      if (since(good?.started_at) < cfg.intervalMs - EARLY_MS) return 'not_due';
      if (last?.status === 'failed' && since(last.started_at) < Math.min(RETRY_MS, cfg.intervalMs)) return 'not_due';
      const id = newId();
      const file = scheduledName(now);
      const began = Date.now();
      // On the caller's clock (the job passes none; tests pass a later day).
      const ended = () => new Date(now.getTime() + Date.now() - began).toISOString();
      await repo.insertRun(db, {
        id,
        started_at: now.toISOString(),
        finished_at: null,
        status: 'running',
        file,
        bytes: null,
        error: null,
      });
      try {
        const stats = await backupTo(join(cfg.dir, file), cfg.passphrase, 'backup');
        await repo.finishRun(db, id, { status: 'ok', finished_at: ended(), bytes: stats.bytes });
      } catch (err) {
        await repo.finishRun(db, id, { status: 'failed', finished_at: ended(), error: say(err).slice(0, 500) });
        return 'failed';
      }
      await prune(cfg.dir, cfg.keep);
      return 'ok';
    },
  };
}
