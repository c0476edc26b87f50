// Backups that restore (README "Backups"). The drill: a site holding one of everything (a petition
// with signatures, appeal letters, a testimony with an encrypted attachment, monitor posts, a
// coordination run, ledger entries and its log, help services, the audit log, staff with two-step
// sign-in, and a made-up row in any table still empty), backed up, restored into a fresh database,
// compared row for row and file for file; the testimony then opens with the caseworker's key. On
// PostgreSQL the archive also goes PostgreSQL → SQLite → PostgreSQL, the migration path the other way.
// Then the refusals: a wrong passphrase, a cut-off archive and a flipped byte each say so and leave
// the target empty; so do a non-empty database and an archive from a newer version.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { type Dirent, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { ALL_MIGRATION_FOLDERS, closeServices, createServices } from '../src/boot.ts';
import { loadConfig } from '../src/config.ts';
import { createAuditService } from '../src/core/accounts/index.ts';
import { AppError } from '../src/core/errors.ts';
import { createDb } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createI18n } from '../src/i18n/translator.ts';
import { decryptFile } from '../src/components/testimony/crypto.ts';
import { backedUp, readArchive, restore, writeArchive } from '../src/backup/index.ts';
import { type BackupService, createBackupService } from '../src/backup/backup.service.ts';
import { freshDatabase, type TestDatabase } from './helpers/db-url.ts';
import { fillEmptyTables } from './helpers/fill-empty.ts';
import { startSite, type Site } from './helpers/site.ts';
import { createStaff } from './helpers/staff.ts';
import { openWith, submitInBrowserMode, unlock } from './helpers/testimony.ts';

const PASS = 'a long backup passphrase, not a password';
// Argon2id's cost only slows the tests; the archive records it, so restore reads whatever was used.
const KDF = { ops: 1, mem: 8 * 1024 * 1024 };
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `dauys-backup-${prefix}-`));

type Rows = Record<string, string[]>;

/** Every table's rows as sorted JSON lines (bytes as base64; with `loose`, reals as 32-bit floats). */
async function allRows(db: Kysely<any>, loose = false): Promise<Rows> {
  const out: Rows = {};
  for (const { name } of await db.introspection.getTables()) {
    if (!backedUp(name)) continue;
    const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(db)).rows;
    out[name] = rows
      .map((r) =>
        JSON.stringify(
          Object.keys(r)
            .sort()
            .map((k) => {
              const v = r[k];
              if (Buffer.isBuffer(v)) return `bytes:${v.toString('base64')}`;
              if (loose && typeof v === 'number' && !Number.isInteger(v)) return Math.fround(v);
              return v;
            }),
        ),
      )
      .sort();
  }
  return out;
}

const dbFor = (d: TestDatabase) => createDb({ dialect: d.dialect, databaseUrl: d.url, sqlitePath: d.sqliteFile });
const backupConfig = (d: TestDatabase, uploadsDir: string, secret: string) => ({
  dialect: d.dialect,
  databaseUrl: d.url,
  sqlitePath: d.sqliteFile,
  uploadsDir,
  secret,
});

async function backUp(config: Parameters<typeof writeArchive>[1]['config']): Promise<string> {
  const file = join(tmp('out'), 'site.dauysbak');
  await writeArchive(file, { config, passphrase: PASS, kdf: KDF });
  return file;
}

async function restoreInto(file: string, target: TestDatabase, uploadsDir: string, passphrase = PASS) {
  const db = dbFor(target);
  try {
    return await restore({
      input: readArchive(file),
      passphrase,
      db,
      migrationFolders: ALL_MIGRATION_FOLDERS,
      uploadsDir,
    });
  } finally {
    await db.destroy();
  }
}

async function isEmpty(target: TestDatabase): Promise<string[]> {
  const db = dbFor(target);
  try {
    const rows = await allRows(db);
    return Object.entries(rows)
      .filter(([, r]) => r.length)
      .map(([t]) => t);
  } finally {
    await db.destroy();
  }
}

describe('backups that restore', () => {
  let site: Site;
  let expected: Rows;
  let archive: string;
  let attachment: Uint8Array;
  let filled: string[];
  let scheduled: BackupService;
  let scheduledDir: string;
  const drop: TestDatabase[] = [];

  before(async () => {
    site = await startSite();
    const s = site.services;
    // Ledger: money recorded by one, approved by another into the log, and a signed checkpoint.
    const accountant = await createStaff(s, 'accountant');
    const treasurer = await createStaff(s, 'treasurer');
    const today = new Date().toISOString().slice(0, 10);
    const { id } = await s.ledgerBooks.record(
      { kind: 'received', amount: 12500, currency: 'KZT', channel: 'kaspi', date: today, purpose: 'Crisis line' },
      accountant,
    );
    await s.ledgerBooks.approve(id, treasurer);
    await s.ledgerLog.publish();
    // A testimony with an attachment (encrypted in "the browser"): a file in the uploads folder.
    attachment = new Uint8Array(200_000).map((_, i) => (i * 7) % 251);
    const sent = await submitInBrowserMode(site, { story: 'With a photo.', region: 'KZ-19' }, { files: [attachment] });
    assert.equal(sent.status, 200);
    await s.jobs.enqueue('core.purge', {}, { runAt: new Date(Date.now() + 86_400_000) });
    // A scheduled run, as the job makes it (with a passphrase configured), recorded in backup_runs.
    scheduledDir = tmp('scheduled');
    scheduled = createBackupService({
      db: s.db,
      config: { ...site.config, backup: { ...site.config.backup, dir: scheduledDir, keep: 2, passphrase: PASS } },
      audit: createAuditService(s.db),
      i18n: createI18n(),
      kdf: KDF,
    });
    assert.equal(await scheduled.runIfDue(), 'ok');
    filled = await fillEmptyTables(s.db);
    expected = await allRows(s.db);
    archive = await backUp(backupConfig(site.database, site.config.uploadsDir, site.config.secret));
  });
  after(async () => {
    await site?.close();
    for (const d of drop) await d.drop();
  });

  test('the seeding made real records of nearly every kind, and every table has rows', () => {
    for (const [table, rows] of Object.entries(expected)) assert.ok(rows.length > 0, `${table} has no rows`);
    // Made-up rows only where no service made one; the main records are real.
    for (const real of ['petition_signatures', 'testimonies', 'testimony_files', 'ledger_entries', 'users'])
      assert.ok(!filled.includes(real), `${real} came from the services`);
  });

  test('restore drill: every table row for row, every upload byte for byte, testimonies open', async () => {
    const target = await freshDatabase();
    drop.push(target);
    const uploads = join(tmp('restored'), 'uploads');
    const stats = await restoreInto(archive, target, uploads);
    assert.equal(stats.tables, Object.keys(expected).length, 'every table of the migrated schema is in the archive');
    const db = dbFor(target);
    try {
      assert.deepEqual(await allRows(db), expected);
    } finally {
      await db.destroy();
    }
    assert.deepEqual(
      listFiles(uploads),
      listFiles(site.config.uploadsDir).filter((f) => !f.startsWith('incoming/')),
    );

    // The restored installation, booted as the site would be: the admin's session still holds, her
    // key opens the organisation key, and that opens the testimony and its attachment.
    const config = loadConfig({
      DATABASE_URL: target.url,
      DAUYS_SECRET: site.config.secret,
      DAUYS_VAR_DIR: tmp('var'),
      DAUYS_UPLOADS_DIR: uploads,
      LOG_LEVEL: 'silent',
      JOBS_ENABLED: 'false',
    });
    const services = await createServices(config, { migrate: true });
    try {
      const keys = await unlock({ services } as never, site.admin);
      const rows = await services.db.selectFrom('testimonies').select(['id', 'envelope', 'org_key_id']).execute();
      const opened = await Promise.all(rows.map((r) => openWith(keys, r.envelope, r.org_key_id)));
      const withPhoto = opened.find((o) => o.story === 'With a photo.');
      assert.ok(withPhoto, 'the testimony opens with the key from the restored database');
      const file = await services.db.selectFrom('testimony_files').select('id').executeTakeFirstOrThrow();
      const bytes = readFileSync(join(uploads, 'testimony', file.id));
      assert.deepEqual(decryptFile(bytes, withPhoto.files[0].key), attachment);
    } finally {
      await closeServices(services);
    }
  });

  test('PostgreSQL → SQLite → PostgreSQL keeps every row', { skip: !process.env.DAUYS_TEST_DATABASE_URL }, async () => {
    const sqlite = await freshDatabase('');
    const pg = await freshDatabase();
    drop.push(sqlite, pg);
    const viaUploads = join(tmp('via'), 'uploads');
    await restoreInto(archive, sqlite, viaUploads);
    const lite = dbFor(sqlite);
    try {
      assert.deepEqual(await allRows(lite, true), await allRowsLoose(expected));
    } finally {
      await lite.destroy();
    }
    // SQLite → PostgreSQL: an organisation outgrowing one machine.
    const second = await backUp(backupConfig(sqlite, viaUploads, site.config.secret));
    await restoreInto(second, pg, join(tmp('pg'), 'uploads'));
    const db = dbFor(pg);
    try {
      assert.deepEqual(await allRows(db, true), await allRowsLoose(expected));
    } finally {
      await db.destroy();
    }
  });

  test('the scheduled job runs when due, keeps the newest, and the dashboard shows the age of the last good one', async () => {
    const now = Date.now();
    assert.equal(await scheduled.runIfDue(new Date(now + 3_600_000)), 'not_due', 'a day has not passed');
    assert.equal(await scheduled.runIfDue(new Date(now + 25 * 3_600_000)), 'ok');
    assert.equal(await scheduled.runIfDue(new Date(now + 50 * 3_600_000)), 'ok');
    assert.equal(readdirSync(scheduledDir).length, 2, 'BACKUP_KEEP=2 keeps the two newest');
    const status = await scheduled.status(new Date(now + 50 * 3_600_000 + 60_000));
    assert.equal(status.schedule, 'on');
    assert.equal(status.stale, false);
    assert.equal(
      (await scheduled.status(new Date(now + 200 * 3_600_000))).stale,
      true,
      'older than twice the interval',
    );

    // The site itself has no passphrase: the dashboard says scheduled backups cannot run, and why.
    const page = await site.app.inject({ url: '/en/admin', headers: { cookie: site.admin.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h2>Backups<\/h2>/);
    assert.match(page.body, /Last good backup: \d+ (minute|hour)s? ago/);
    assert.match(page.body, /Scheduled backups are off: set DAUYS_BACKUP_PASSPHRASE/);
    assert.match(page.body, /notice--warning/);
    const kk = await site.app.inject({ url: '/kk/admin', headers: { cookie: site.admin.cookie } });
    assert.match(kk.body, /Соңғы сәтті сақтық көшірме/);
  });

  describe('refusals leave nothing restored', () => {
    const attempt = async (file: string, passphrase = PASS) => {
      const target = await freshDatabase();
      drop.push(target);
      const uploads = join(tmp('refused'), 'uploads');
      const err = await restoreInto(file, target, uploads, passphrase).then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(err instanceof AppError, `an AppError, not ${String(err)}`);
      assert.deepEqual(await isEmpty(target), [], 'no table has rows');
      assert.deepEqual(existsSync(uploads) ? listFiles(uploads) : [], [], 'no file was written');
      assert.deepEqual(
        readdirSync(join(uploads, '..')).filter((n) => n !== 'uploads'),
        [],
        'no staging folder is left behind',
      );
      return err.code;
    };
    const say = (code: string) => createI18n().t('en', `backup.error.${code}`, { migration: 'x', table: 'y' });

    test('a wrong passphrase', async () => {
      assert.equal(await attempt(archive, 'not the passphrase at all'), 'BACKUP_WRONG_PASSPHRASE');
      assert.match(say('wrong_passphrase'), /passphrase does not open this backup/);
    });

    test('a truncated archive, cut at a chunk boundary and mid-chunk', async () => {
      const bytes = readFileSync(archive);
      for (const keep of [bytes.length - 1, Math.floor(bytes.length / 2), 74 + 4 + 256 * 1024 + 17]) {
        const cut = join(tmp('cut'), 'cut.dauysbak');
        writeFileSync(cut, bytes.subarray(0, keep));
        assert.equal(await attempt(cut), 'BACKUP_TRUNCATED', `cut to ${keep} of ${bytes.length} bytes`);
      }
    });

    test('a flipped byte, in the data and near the end', async () => {
      const bytes = readFileSync(archive);
      for (const at of [Math.floor(bytes.length / 2), bytes.length - 5]) {
        const copy = Buffer.from(bytes);
        copy[at] ^= 0x01;
        const file = join(tmp('flip'), 'flipped.dauysbak');
        writeFileSync(file, copy);
        assert.equal(await attempt(file), 'BACKUP_DAMAGED', `byte ${at} of ${bytes.length}`);
      }
      assert.match(say('damaged'), /altered or damaged/);
    });

    test('not an archive at all', async () => {
      const file = join(tmp('junk'), 'notes.txt');
      writeFileSync(file, 'just some text that happens to be longer than a header, ' + 'x'.repeat(100));
      assert.equal(await attempt(file), 'BACKUP_NOT_AN_ARCHIVE');
    });
  });

  test('a database that is not empty is refused, and keeps its rows', async () => {
    const target = await freshDatabase();
    drop.push(target);
    const db = dbFor(target);
    try {
      await migrateToLatest(db as never, ALL_MIGRATION_FOLDERS);
      await db.insertInto('ip_salts').values({ day: 'd', salt: 's', created_at: new Date().toISOString() }).execute();
    } finally {
      await db.destroy();
    }
    await assert.rejects(restoreInto(archive, target, join(tmp('ne'), 'uploads')), { code: 'BACKUP_TARGET_NOT_EMPTY' });
    assert.deepEqual(await isEmpty(target), ['ip_salts']);
  });

  test('an archive from a newer version is refused before anything is written', async () => {
    const source = await freshDatabase();
    const target = await freshDatabase();
    drop.push(source, target);
    const db = dbFor(source);
    try {
      await migrateToLatest(db as never, ALL_MIGRATION_FOLDERS);
      await (db as Kysely<any>)
        .insertInto('kysely_migration')
        .values({ name: '2999-01-01T0000_future', timestamp: 'x' })
        .execute();
    } finally {
      await db.destroy();
    }
    const file = await backUp(backupConfig(source, tmp('none'), site.config.secret));
    await assert.rejects(restoreInto(file, target, join(tmp('nv'), 'uploads')), { code: 'BACKUP_NEWER_VERSION' });
    assert.deepEqual(await tablesOf(target), [], 'not even the schema was made');
  });
});

async function tablesOf(d: TestDatabase): Promise<string[]> {
  const db = dbFor(d);
  try {
    return (await db.introspection.getTables()).map((t) => t.name).filter(backedUp);
  } finally {
    await db.destroy();
  }
}

/** The expected rows with reals as 32-bit floats (PostgreSQL's `real`), for comparisons across dialects. */
async function allRowsLoose(rows: Rows): Promise<Rows> {
  const out: Rows = {};
  for (const [table, lines] of Object.entries(rows))
    out[table] = lines
      .map((l) =>
        JSON.stringify(
          (JSON.parse(l) as unknown[]).map((v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.fround(v) : v)),
        ),
      )
      .sort();
  return out;
}

/** Every file under `root` (recursively) as "path sha256", sorted; none when it does not exist. */
function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile())
    .map((e) => {
      const full = join(e.parentPath, e.name);
      return `${relative(root, full)} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
    })
    .sort();
}
