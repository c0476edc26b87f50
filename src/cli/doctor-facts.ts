// `dauys doctor`'s facts: what the disk, the database and the services say, gathered for the pure
// decisions in doctor-checks.ts. Everything here only reads (the SMTP probe says hello and leaves).
import { stat, statfs } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BackupService } from '../backup/index.ts';
import { caseHandlers, type KeyProgress, type KeysService } from '../components/testimony/index.ts';
import type { Staff } from '../core/accounts/index.ts';
import type { MailService } from '../core/mail/index.ts';
import type { Config } from '../config.ts';
import { readProxySeen } from '../http/proxy-seen.ts';
import {
  checkBackup,
  checkDisk,
  checkMail,
  checkPath,
  checkSecret,
  checkTestimonyKeys,
  checkTrustProxy,
  type CheckResult,
  type DiskFacts,
  type FileFacts,
} from './doctor-checks.ts';

/** The services the doctor reads (a narrow view of the installation's). */
export interface DoctorServices {
  mail: Pick<MailService, 'mode' | 'probe' | 'reachability'>;
  backups: Pick<BackupService, 'status'>;
  testimony: { keys: Pick<KeysService, 'progress'> };
  accounts: { listUsers(): Promise<Array<Staff & { disabled: boolean }>> };
}

export async function fileFacts(path: string): Promise<FileFacts> {
  try {
    const s = await stat(path);
    return { path, exists: true, directory: s.isDirectory(), mode: s.mode & 0o777, uid: s.uid };
  } catch {
    return { path, exists: false };
  }
}

/** The nearest folder that exists: a backup folder not made yet lives on its parent's file system. */
async function existing(path: string): Promise<string> {
  for (let p = path; ; p = dirname(p)) {
    if ((await fileFacts(p)).exists || dirname(p) === p) return p;
  }
}

/** Free space per file system under the var, uploads and backup folders (one entry per device). */
export async function diskFacts(folders: Array<[name: string, path: string]>): Promise<DiskFacts[]> {
  const byDevice = new Map<number, DiskFacts>();
  for (const [name, path] of folders) {
    const at = await existing(path);
    const [{ dev }, fs] = await Promise.all([stat(at), statfs(at)]);
    const known = byDevice.get(dev);
    if (known) known.paths.push(path);
    else byDevice.set(dev, { name, paths: [path], freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize });
  }
  return [...byDevice.values()];
}

async function keyProgress(s: DoctorServices): Promise<KeyProgress | null> {
  const users = await s.accounts.listUsers();
  if (!users.length) return null;
  // The actor only decides "her own key", which the doctor does not report.
  return s.testimony.keys.progress(users[0], await caseHandlers(async () => users));
}

/** The checks that read only the disk and the configuration (they run even with migrations pending). */
export async function offlineChecks(
  config: Config,
  env: NodeJS.ProcessEnv,
  uid: number | null,
): Promise<CheckResult[]> {
  const fromEnv = !!env.DAUYS_SECRET;
  const secretFile = join(config.varDir, 'secret');
  const paths: Array<[string, string]> = [
    ['permissions.var', config.varDir],
    ...(config.sqlitePath && config.sqlitePath !== ':memory:'
      ? ([['permissions.database', config.sqlitePath]] as Array<[string, string]>)
      : []),
    ['permissions.uploads', config.uploadsDir],
    ['permissions.backups', config.backup.dir],
  ];
  const results = checkSecret(
    { source: fromEnv ? 'env' : 'file', value: config.secret, file: fromEnv ? null : await fileFacts(secretFile) },
    uid,
  );
  for (const [id, path] of paths) results.push(...checkPath(id, await fileFacts(path), uid));
  for (const d of await diskFacts([
    ['var', config.varDir],
    ['uploads', config.uploadsDir],
    ['backups', config.backup.dir],
  ]))
    results.push(checkDisk(d));
  results.push(checkTrustProxy(config.trustProxy, await readProxySeen(config.varDir), Date.now()));
  return results;
}

/** The checks that need the services (an open, migrated database). */
export async function serviceChecks(s: DoctorServices, now = Date.now()): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const reach = await s.mail.reachability();
  const probe = s.mail.mode === 'smtp' ? await s.mail.probe() : null;
  results.push(checkMail({ mode: reach.mode, probe, retrying: reach.retrying }));
  results.push(...checkBackup(await s.backups.status(new Date(now)), now));
  results.push(checkTestimonyKeys(await keyProgress(s)));
  return results;
}
