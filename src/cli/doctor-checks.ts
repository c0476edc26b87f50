// `dauys doctor`'s decisions: each check turns facts gathered elsewhere (doctor-facts.ts) into ok,
// warn or fail, with a one-line fix. Pure functions of their facts, so each is tested without a
// process, a disk or a database.
import type { BackupStatus } from '../backup/index.ts';
import type { KeyProgress } from '../components/testimony/index.ts';
import type { ProxySeen } from '../http/proxy-seen.ts';

export type Status = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  /** Stable id for monitoring (e.g. permissions.database). */
  id: string;
  status: Status;
  /** What was found, one line. */
  detail: string;
  /** What to do about it, one line (absent when ok). */
  fix?: string;
}

const RANK: Record<Status, number> = { ok: 0, warn: 1, fail: 2 };
export const worst = (results: CheckResult[]): Status =>
  results.reduce<Status>((w, r) => (RANK[r.status] > RANK[w] ? r.status : w), 'ok');

const ok = (id: string, detail: string): CheckResult => ({ id, status: 'ok', detail });
const warn = (id: string, detail: string, fix: string): CheckResult => ({ id, status: 'warn', detail, fix });
const fail = (id: string, detail: string, fix: string): CheckResult => ({ id, status: 'fail', detail, fix });

const DAY = 86_400_000;
const ago = (ms: number) =>
  ms < 2 * 3_600_000
    ? `${Math.max(0, Math.round(ms / 60_000))} min ago`
    : ms < 2 * DAY
      ? `${Math.round(ms / 3_600_000)} h ago`
      : `${Math.round(ms / DAY)} days ago`;

// ---- Secret ---------------------------------------------------------------------------------------

/** Bits of entropy, estimated from the characters' frequencies (an upper bound for anything typed). */
export function secretBits(secret: string): number {
  const chars = [...secret];
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / chars.length) * Math.log2(n / chars.length);
  return Math.round(perChar * chars.length);
}

const PLACEHOLDER = /secret|password|passwd|changeme|change-me|example|dauys|12345|qwerty|test/i;
const SECRET_FIX =
  'generate one with `openssl rand -base64 32` (sessions and sealed values made with the old one stop working)';

export interface SecretFacts {
  source: 'env' | 'file';
  value: string;
  /** The var folder's secret file, when the secret comes from it. */
  file?: FileFacts | null;
}

export function checkSecret(f: SecretFacts, uid: number | null): CheckResult[] {
  const id = 'secret';
  const bits = secretBits(f.value);
  const where = f.source === 'env' ? 'DAUYS_SECRET' : 'the generated secret file';
  const results: CheckResult[] = [];
  if (f.value.length < 32 || bits < 128)
    results.push(
      fail(id, `${where} is weak: ${f.value.length} characters, about ${bits} bits`, `Set DAUYS_SECRET: ${SECRET_FIX}`),
    );
  else if (PLACEHOLDER.test(f.value))
    results.push(
      warn(id, `${where} looks like a placeholder (it contains a common word)`, `Set DAUYS_SECRET: ${SECRET_FIX}`),
    );
  else results.push(ok(id, `${where}: ${f.value.length} characters, about ${bits} bits`));
  if (f.source === 'file' && f.file) results.push(...checkPath('secret.file', f.file, uid, { secretFile: true }));
  return results;
}

// ---- Files and folders ----------------------------------------------------------------------------

export interface FileFacts {
  path: string;
  exists: boolean;
  directory?: boolean;
  /** Permission bits (mode & 0o777). */
  mode?: number;
  uid?: number;
}

const octal = (mode: number) => mode.toString(8).padStart(3, '0');

/** Owner-only: anything for group or others is worth a word; others writing, or reading a secret or the database, fails. */
export function checkPath(
  id: string,
  f: FileFacts,
  uid: number | null,
  opts: { secretFile?: boolean } = {},
): CheckResult[] {
  if (!f.exists) return [ok(id, `${f.path} does not exist yet (made private when it is created)`)];
  const results: CheckResult[] = [];
  const mode = f.mode ?? 0;
  const wanted = f.directory ? '700' : '600';
  const chmod = `chmod ${wanted} ${f.path}`;
  if (mode & 0o002) results.push(fail(id, `${f.path} is writable by everyone (mode ${octal(mode)})`, chmod));
  else if (mode & 0o004 && (opts.secretFile || !f.directory))
    results.push(fail(id, `${f.path} is readable by everyone (mode ${octal(mode)})`, chmod));
  else if (mode & 0o077)
    results.push(
      warn(id, `${f.path} is open to ${mode & 0o007 ? 'others' : 'its group'} (mode ${octal(mode)})`, chmod),
    );
  if (uid !== null && f.uid !== undefined && f.uid !== uid)
    results.push(
      warn(
        id,
        `${f.path} belongs to user ${f.uid}, not to the user running Dauys (${uid})`,
        `chown -R ${uid} ${f.path}`,
      ),
    );
  return results.length ? results : [ok(id, `${f.path}: mode ${octal(mode)}, owned by the running user`)];
}

// ---- Mail -----------------------------------------------------------------------------------------

export interface MailFacts {
  mode: 'smtp' | 'outbox';
  probe: { ok: boolean; error?: string } | null;
  retrying: number;
}

export function checkMail(f: MailFacts): CheckResult {
  const id = 'mail';
  if (f.mode === 'outbox')
    return warn(
      id,
      'SMTP_URL is not set: mails stay in the outbox (/admin/outbox) and nobody receives them',
      'Set SMTP_URL=smtps://user:password@mail.example.org:465 and SMTP_FROM',
    );
  if (f.probe && !f.probe.ok)
    return fail(
      id,
      `the SMTP server does not answer: ${f.probe.error ?? 'no reason given'}`,
      'Check SMTP_URL (host, port, password) and that this machine may connect to it',
    );
  if (f.retrying)
    return warn(
      id,
      `${f.retrying} ${f.retrying === 1 ? 'message is' : 'messages are'} waiting to be retried`,
      'See the last errors at /admin/outbox; the server may refuse the sender (SMTP_FROM)',
    );
  return ok(id, 'the SMTP server answers');
}

// ---- Backups --------------------------------------------------------------------------------------

export function checkBackup(s: BackupStatus, now: number): CheckResult[] {
  const results: CheckResult[] = [];
  if (s.schedule === 'off')
    results.push(
      warn(
        'backup.schedule',
        'BACKUP_INTERVAL=off: no scheduled backups',
        'Set BACKUP_INTERVAL=24h, or run `dauys backup` from cron',
      ),
    );
  else if (s.schedule === 'no_passphrase')
    results.push(
      fail(
        'backup.schedule',
        'backups are scheduled but there is no passphrase to encrypt them with',
        'Set DAUYS_BACKUP_PASSPHRASE_FILE to a file (mode 600) holding a passphrase of 12 characters or more',
      ),
    );
  else
    results.push(
      ok('backup.schedule', `every ${Math.round(s.intervalMs! / 3_600_000)} h into ${s.dir}, keeping ${s.keep}`),
    );

  const runBackup = 'Run `dauys backup --output FILE` now, and check that scheduled backups run';
  if (s.lastFailure)
    results.push(
      fail(
        'backup.last',
        `the last backup failed ${ago(now - Date.parse(s.lastFailure.at))}: ${s.lastFailure.error}`,
        runBackup,
      ),
    );
  else if (!s.lastGood) results.push(warn('backup.last', 'no backup has been made yet', runBackup));
  else if (s.stale)
    results.push(
      warn('backup.last', `the last good backup is old: ${ago(now - Date.parse(s.lastGood.at))}`, runBackup),
    );
  else results.push(ok('backup.last', `last good backup ${ago(now - Date.parse(s.lastGood.at))}: ${s.lastGood.file}`));
  return results;
}

// ---- Disk space -----------------------------------------------------------------------------------

export interface DiskFacts {
  /** What the first folder on this file system is (var, uploads, backups): the check's id. */
  name: string;
  /** The folders on this file system. */
  paths: string[];
  freeBytes: number;
  totalBytes: number;
}

export const DISK_WARN = { bytes: 1e9, share: 0.1 };
export const DISK_FAIL = { bytes: 2e8, share: 0.02 };
const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

export function checkDisk(f: DiskFacts): CheckResult {
  const id = `disk.${f.name}`;
  const share = f.totalBytes ? f.freeBytes / f.totalBytes : 0;
  const said = `${gb(f.freeBytes)} free of ${gb(f.totalBytes)} (${Math.round(share * 100)} %) for ${f.paths.join(', ')}`;
  const fix = 'Free space (old backups, BACKUP_KEEP, logs) or grow the disk: writes stop when it is full';
  if (f.freeBytes < DISK_FAIL.bytes || share < DISK_FAIL.share) return fail(id, `almost full: ${said}`, fix);
  if (f.freeBytes < DISK_WARN.bytes || share < DISK_WARN.share) return warn(id, `low on space: ${said}`, fix);
  return ok(id, said);
}

// ---- Migrations -----------------------------------------------------------------------------------

export function checkMigrations(pending: string[]): CheckResult {
  if (!pending.length) return ok('migrations', 'the database is up to date');
  return fail(
    'migrations',
    `${pending.length} ${pending.length === 1 ? 'migration is' : 'migrations are'} pending (${pending.slice(0, 3).join(', ')}${pending.length > 3 ? ', …' : ''})`,
    'Back up, then run `dauys migrate`',
  );
}

// ---- TRUST_PROXY ----------------------------------------------------------------------------------

export function checkTrustProxy(trustProxy: boolean, seen: ProxySeen | null, now: number): CheckResult {
  const id = 'trust_proxy';
  if (!seen || !seen.requests) return ok(id, `TRUST_PROXY=${trustProxy ? 1 : 0}; no requests seen yet`);
  const counted = `${seen.requests} requests since ${seen.startedAt}, the latest ${ago(now - Date.parse(seen.lastAt))}`;
  if (!trustProxy && seen.forwardedPrivate)
    return warn(
      id,
      `${seen.forwardedPrivate} of ${counted} came through a proxy (X-Forwarded-For from a private address) but TRUST_PROXY is off: every reader shares the proxy's address, so rate limits hit everyone at once`,
      'Set TRUST_PROXY=1 and restart',
    );
  if (trustProxy && seen.publicPeer)
    return warn(
      id,
      `${seen.publicPeer} of ${counted} came straight from public addresses while TRUST_PROXY is on: anyone can forge their address`,
      'Let only the proxy reach Dauys (HOST=127.0.0.1 or a firewall), or set TRUST_PROXY=0',
    );
  if (trustProxy && !seen.forwarded)
    return warn(
      id,
      `TRUST_PROXY is on but none of ${counted} carried proxy headers: no proxy seems to be in front`,
      'Set TRUST_PROXY=0 unless a proxy is meant to be in front (then make it send X-Forwarded-For)',
    );
  if (seen.trustProxy !== trustProxy)
    return warn(
      id,
      `the server was started with TRUST_PROXY=${seen.trustProxy ? 1 : 0}, the configuration now says ${trustProxy ? 1 : 0}`,
      'Restart the server',
    );
  return ok(id, `TRUST_PROXY=${trustProxy ? 1 : 0} matches what ${counted} carried`);
}

// ---- Testimony keys -------------------------------------------------------------------------------

const KEYS_PAGE = '/admin/testimony-keys';

export function checkTestimonyKeys(p: KeyProgress | null): CheckResult {
  const id = 'testimony.keys';
  if (!p)
    return warn(id, 'there are no staff accounts yet', 'Create an admin: `dauys user create --role admin --email …`');
  if (!p.orgKey)
    return warn(
      id,
      'there is no organisation key: /tell refuses testimonies until an admin makes one',
      `An admin makes it at ${KEYS_PAGE} (after making her personal key)`,
    );
  if (!p.handlers)
    return warn(
      id,
      'nobody handles cases: testimonies arrive but no one can read them',
      `Give someone the caseworker role, then grant the key at ${KEYS_PAGE}`,
    );
  if (p.granted < p.handlers)
    return warn(
      id,
      `${p.handlers - p.granted} of ${p.handlers} case handlers cannot read testimonies yet (${p.handlers - p.withKey} have no personal key)`,
      `Each makes a personal key, then an admin grants the organisation key at ${KEYS_PAGE}`,
    );
  return ok(id, `organisation key set; all ${p.handlers} case handlers hold it`);
}
