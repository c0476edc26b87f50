// One validated, frozen configuration object, read once from the environment.
// Bad values stop the process with one line naming the variable (see cli/main.ts).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { parseRussianLetters } from './i18n/kk-latin.ts';

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().min(1);
const bool = z.enum(['0', '1', 'true', 'false', 'yes', 'no']).transform((v) => ['1', 'true', 'yes'].includes(v));

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  // Unset: sqlite:<DAUYS_VAR_DIR>/dauys.db.
  DATABASE_URL: z
    .string()
    .optional()
    .refine(
      (v) => v === undefined || /^(sqlite:|postgres(ql)?:\/\/)/.test(v),
      'must start with sqlite: or postgres://',
    ),
  DAUYS_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  BASE_URL: z.url().optional(),
  // The site's Tor onion service address, if it has one (see the README's "Operating Dauys").
  ONION_URL: z
    .url()
    .refine((v) => /^https?:\/\/[a-z2-7]{56}\.onion\/?$/.test(v), 'must be http://<56 letters and digits>.onion')
    .optional(),
  DAUYS_VAR_DIR: z.string().default('./var'),
  DAUYS_SITE_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  SESSION_TTL_HOURS: positiveInt.default(12),
  IP_HASH_RETENTION_DAYS: positiveInt.default(7),
  JOBS_ENABLED: bool.default(true),
  JOBS_POLL_MS: positiveInt.default(1000),
  PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).default(5),
  // A Redis or Valkey server for the counters, messages and locks several processes share
  // (unset: PostgreSQL holds them; one embedded process keeps them in memory).
  REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\//.test(v), 'must start with redis:// or rediss://')
    .optional(),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v), 'must start with smtp:// or smtps://')
    .optional(),
  SMTP_FROM: z.string().default('Dauys <no-reply@localhost>'),
  PETITION_COUNT_INTERVAL_MS: z.coerce.number().int().min(200).max(600_000).default(5000),
  PETITION_ANONYMISE_MONTHS: z.coerce.number().int().min(1).max(120).default(6),
  PETITION_POW_MAX_NUMBER: z.coerce.number().int().min(100).max(10_000_000).default(50_000),
  PETITION_CONFIRM_DAYS: positiveInt.max(90).default(7),
  // Where "quick exit" sends a reader: a neutral page (a weather search).
  // Social monitor connectors (each runs only when configured; see the README).
  MONITOR_MASTODON_INSTANCES: z
    .string()
    .default('')
    .refine(
      (v) =>
        v
          .split(/[\s,]+/)
          .filter(Boolean)
          .every((u) => /^https?:\/\/[^\s/]+/.test(u)),
      'must be a comma-separated list of https:// addresses',
    ),
  MONITOR_BLUESKY_IDENTIFIER: z.string().optional(),
  MONITOR_BLUESKY_APP_PASSWORD: z.string().optional(),
  MONITOR_BLUESKY_SERVICE: z.url().default('https://bsky.social'),
  MONITOR_VK_TOKEN: z.string().optional(),
  MONITOR_VK_API: z.url().default('https://api.vk.com/method'),
  MONITOR_YOUTUBE_KEY: z.string().optional(),
  MONITOR_YOUTUBE_API: z.url().default('https://www.googleapis.com/youtube/v3'),
  MONITOR_TAGS: z.string().default(''),
  MONITOR_FETCH_CRON: z.string().default('*/15 * * * *'),
  MONITOR_MAX_PAGES: z.coerce.number().int().min(1).max(100).default(5),
  // How long one import transaction holds the write lock (0: up to 100,000 posts, for a quiet site).
  // Unset: 200 ms on SQLite, whose one writer blocks signing; 5 s on PostgreSQL, where an import
  // blocks no one but holds its rollup rows, and each commit writes its rollups again.
  MONITOR_IMPORT_TRANSACTION_MS: z.coerce.number().int().min(0).max(60_000).optional(),
  // The largest file analysts may upload from the monitor's pages, in megabytes.
  MONITOR_UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(100_000).default(1024),
  QUICK_EXIT_URL: z.url().default('https://www.google.com/search?q=%D0%BF%D0%BE%D0%B3%D0%BE%D0%B4%D0%B0'),
  // Testimonies: days of inactivity before a private testimony is deleted, and where encrypted attachments live.
  TESTIMONY_RETENTION_DAYS: positiveInt.max(3650).default(90),
  // Caseworkers' e-mail notices (see the README's testimonies section).
  TESTIMONY_EXPIRY_WARNING_DAYS: positiveInt.max(60).default(7),
  TESTIMONY_NOTIFY_INTERVAL_MINUTES: positiveInt.max(1440).default(15),
  TESTIMONY_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(9),
  TESTIMONY_DIGEST_TIMEZONE: z
    .string()
    .default('Asia/Almaty')
    .refine(isTimeZone, 'must be an IANA time zone such as Asia/Almaty'),
  COORDINATION_MAX_POSTS: positiveInt.max(50_000_000).default(2_000_000),
  DAUYS_UPLOADS_DIR: z.string().optional(),
  // The licence the observatory's open data (pages, API, CSV) is offered under.
  DATA_LICENCE: z.string().max(100).default('CC BY 4.0'),
  DATA_LICENCE_URL: z.url().default('https://creativecommons.org/licenses/by/4.0/'),
  // The ledger's log: its origin line (default: the site's host + /ledger) and how often a checkpoint is signed.
  LEDGER_ORIGIN: z
    .string()
    .regex(/^[^\s+]+$/, 'must be one word without spaces or "+", such as dauys.example/ledger')
    .optional(),
  LEDGER_CHECKPOINT_SECONDS: z.coerce.number().int().min(60).max(86_400).default(300),
  // Scheduled backups (src/backup): how often ("off", or a number with m, h or d), where, how many kept.
  BACKUP_INTERVAL: z
    .string()
    .regex(/^(off|\d+\s*[mhd])$/i, 'must be "off" or a number followed by m, h or d, such as 24h')
    .default('24h'),
  BACKUP_DIR: z.string().optional(),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
  DAUYS_BACKUP_PASSPHRASE: z.string().optional(),
  DAUYS_BACKUP_PASSPHRASE_FILE: z.string().optional(),
  // kk-Latn: Latin spellings of the Russian-only letters, e.g. "ц=ts,ч=ch,щ=shch,ю=yu,я=ya,ё=yo"
  // (unset: the convention in src/i18n/kk-latin-2021.tsv). The decree gives these letters none.
  DAUYS_KK_LATIN_RUSSIAN: z
    .string()
    .default('')
    .refine((v) => {
      try {
        parseRussianLetters(v);
        return true;
      } catch {
        return false;
      }
    }, 'must be pairs such as ц=ts,ч=ch,ю=yu (letters ц ч щ ъ ь э ю я ё в, Latin spellings)'),
});

export type Dialect = 'sqlite' | 'postgres';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly dialect: Dialect;
  readonly sqlitePath: string | null;
  readonly secret: string;
  readonly baseUrl: string;
  /** The onion service's address (no trailing slash): readers who come through it are given it. */
  readonly onionUrl: string | null;
  readonly varDir: string;
  readonly siteDir: string | null;
  readonly logLevel: string;
  readonly trustProxy: boolean;
  readonly sessionTtlHours: number;
  readonly ipHashRetentionDays: number;
  readonly jobsEnabled: boolean;
  readonly jobsPollMs: number;
  readonly pageCacheSeconds: number;
  readonly redisUrl: string | null;
  readonly smtp: { readonly url: string | null; readonly from: string };
  readonly petitions: {
    readonly countIntervalMs: number;
    readonly anonymiseMonths: number;
    readonly powMaxNumber: number;
    readonly confirmDays: number;
  };
  readonly quickExitUrl: string;
  /** kk-Latn spellings of Russian-only letters, as given (ц=ts,…); '' keeps the table's. */
  readonly kkLatinRussian: string;
  readonly testimonyRetentionDays: number;
  /** When caseworkers hear by e-mail that something waits in the inbox (never what). */
  readonly testimonyNotify: {
    /** Days before deletion that a case is flagged and its warning mailed. */
    readonly warningDays: number;
    /** At most one immediate e-mail per caseworker per this many minutes. */
    readonly intervalMinutes: number;
    /** The daily digest's hour (0–23) in `timeZone`. */
    readonly digestHour: number;
    readonly timeZone: string;
  };
  /** Posts one coordination analysis reads at most (its memory grows with them: about 0.5 KB each). */
  readonly coordinationMaxPosts: number;
  readonly uploadsDir: string;
  readonly dataLicence: { readonly name: string; readonly url: string };
  readonly monitor: MonitorConfig;
  readonly ledger: { readonly origin: string; readonly checkpointSeconds: number };
  readonly backup: BackupConfig;
}

export interface BackupConfig {
  /** Milliseconds between scheduled backups; null when BACKUP_INTERVAL=off. */
  readonly intervalMs: number | null;
  readonly dir: string;
  readonly keep: number;
  /** From DAUYS_BACKUP_PASSPHRASE or the file DAUYS_BACKUP_PASSPHRASE_FILE names; null when neither is set. */
  readonly passphrase: string | null;
}

export interface MonitorConfig {
  readonly mastodonInstances: readonly string[];
  readonly bluesky: { readonly identifier: string; readonly appPassword: string; readonly service: string } | null;
  readonly vk: { readonly token: string; readonly api: string } | null;
  readonly youtube: { readonly key: string; readonly api: string } | null;
  readonly tags: readonly string[];
  readonly fetchCron: string;
  readonly maxPages: number;
  /** Milliseconds an import's transaction lasts at most, roughly; 0 bounds it by posts instead. */
  readonly importTransactionMs: number;
  /** Bytes of one file uploaded from the monitor's pages, at most. */
  readonly uploadMaxBytes: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid configuration: ${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment once. Generates and keeps DAUYS_SECRET in the var dir for the embedded database. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message.replace(/^Invalid input: /, ''));
  }
  const e = parsed.data;
  const varDir = resolve(e.DAUYS_VAR_DIR);
  const databaseUrl = e.DATABASE_URL ?? `sqlite:${join(varDir, 'dauys.db')}`;
  const dialect: Dialect = databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  const sqlitePath = dialect === 'sqlite' ? sqliteFile(databaseUrl) : null;

  let secret = e.DAUYS_SECRET;
  if (!secret) {
    if (dialect !== 'sqlite')
      throw new ConfigError('DAUYS_SECRET', 'is required with PostgreSQL (every web process must share it)');
    secret = readOrCreateSecret(resolve(varDir, 'secret'));
  }
  const baseUrl = (e.BASE_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`).replace(
    /\/$/,
    '',
  );

  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl,
    dialect,
    sqlitePath,
    secret,
    baseUrl,
    onionUrl: e.ONION_URL?.replace(/\/$/, '') ?? null,
    varDir,
    siteDir: e.DAUYS_SITE_DIR ? resolve(e.DAUYS_SITE_DIR) : null,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    ipHashRetentionDays: e.IP_HASH_RETENTION_DAYS,
    jobsEnabled: e.JOBS_ENABLED,
    jobsPollMs: e.JOBS_POLL_MS,
    pageCacheSeconds: e.PAGE_CACHE_SECONDS,
    redisUrl: e.REDIS_URL ?? null,
    smtp: Object.freeze({ url: e.SMTP_URL ?? null, from: e.SMTP_FROM }),
    petitions: Object.freeze({
      countIntervalMs: e.PETITION_COUNT_INTERVAL_MS,
      anonymiseMonths: e.PETITION_ANONYMISE_MONTHS,
      powMaxNumber: e.PETITION_POW_MAX_NUMBER,
      confirmDays: e.PETITION_CONFIRM_DAYS,
    }),
    quickExitUrl: e.QUICK_EXIT_URL,
    kkLatinRussian: e.DAUYS_KK_LATIN_RUSSIAN,
    testimonyRetentionDays: e.TESTIMONY_RETENTION_DAYS,
    testimonyNotify: Object.freeze({
      warningDays: e.TESTIMONY_EXPIRY_WARNING_DAYS,
      intervalMinutes: e.TESTIMONY_NOTIFY_INTERVAL_MINUTES,
      digestHour: e.TESTIMONY_DIGEST_HOUR,
      timeZone: e.TESTIMONY_DIGEST_TIMEZONE,
    }),
    coordinationMaxPosts: e.COORDINATION_MAX_POSTS,
    uploadsDir: resolve(e.DAUYS_UPLOADS_DIR ?? resolve(varDir, 'uploads')),
    dataLicence: Object.freeze({ name: e.DATA_LICENCE, url: e.DATA_LICENCE_URL }),
    monitor: Object.freeze({
      mastodonInstances: Object.freeze(
        e.MONITOR_MASTODON_INSTANCES.split(/[\s,]+/)
          .filter(Boolean)
          .map((u) => u.replace(/\/+$/, '')),
      ),
      bluesky:
        e.MONITOR_BLUESKY_IDENTIFIER && e.MONITOR_BLUESKY_APP_PASSWORD
          ? Object.freeze({
              identifier: e.MONITOR_BLUESKY_IDENTIFIER,
              appPassword: e.MONITOR_BLUESKY_APP_PASSWORD,
              service: e.MONITOR_BLUESKY_SERVICE.replace(/\/+$/, ''),
            })
          : null,
      vk: e.MONITOR_VK_TOKEN
        ? Object.freeze({ token: e.MONITOR_VK_TOKEN, api: e.MONITOR_VK_API.replace(/\/+$/, '') })
        : null,
      youtube: e.MONITOR_YOUTUBE_KEY
        ? Object.freeze({ key: e.MONITOR_YOUTUBE_KEY, api: e.MONITOR_YOUTUBE_API.replace(/\/+$/, '') })
        : null,
      tags: Object.freeze(
        e.MONITOR_TAGS.split(/[\s,]+/)
          .map((t) => t.replace(/^#+/, ''))
          .filter(Boolean),
      ),
      fetchCron: e.MONITOR_FETCH_CRON,
      maxPages: e.MONITOR_MAX_PAGES,
      importTransactionMs: e.MONITOR_IMPORT_TRANSACTION_MS ?? (dialect === 'sqlite' ? 200 : 5000),
      uploadMaxBytes: e.MONITOR_UPLOAD_MAX_MB * 1024 * 1024,
    }),
    ledger: Object.freeze({
      origin: e.LEDGER_ORIGIN ?? `${new URL(baseUrl).host}/ledger`,
      checkpointSeconds: e.LEDGER_CHECKPOINT_SECONDS,
    }),
    backup: Object.freeze({
      intervalMs: intervalMs(e.BACKUP_INTERVAL),
      dir: resolve(e.BACKUP_DIR ?? resolve(varDir, 'backups')),
      keep: e.BACKUP_KEEP,
      passphrase: e.DAUYS_BACKUP_PASSPHRASE ?? passphraseFile(e.DAUYS_BACKUP_PASSPHRASE_FILE),
    }),
  });
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

function intervalMs(text: string): number | null {
  if (/^off$/i.test(text)) return null;
  const ms = parseInt(text, 10) * UNIT_MS[text.trim().slice(-1).toLowerCase()];
  if (ms < 15 * 60_000) throw new ConfigError('BACKUP_INTERVAL', 'must be at least 15m');
  return ms;
}

function passphraseFile(file: string | undefined): string | null {
  if (!file) return null;
  try {
    return readFileSync(resolve(file), 'utf8').replace(/\r?\n$/, '');
  } catch {
    throw new ConfigError('DAUYS_BACKUP_PASSPHRASE_FILE', `names a file that cannot be read (${resolve(file)})`);
  }
}

function sqliteFile(url: string): string {
  const rest = url.slice('sqlite:'.length).replace(/^\/\//, '');
  if (rest === ':memory:') return ':memory:';
  if (!rest) throw new ConfigError('DATABASE_URL', 'names no SQLite file');
  return resolve(rest);
}

function readOrCreateSecret(file: string): string {
  if (existsSync(file)) {
    const value = readFileSync(file, 'utf8').trim();
    if (value.length >= 32) return value;
    throw new ConfigError('DAUYS_SECRET', `file ${file} is shorter than 32 characters`);
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const value = randomBytes(32).toString('base64url');
  writeFileSync(file, value + '\n', { mode: 0o600, flag: 'wx' });
  return value;
}
