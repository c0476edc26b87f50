// The `dauys` command as a newcomer runs it: fresh embedded database, reference data, users, jobs.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freshDatabase, type TestDatabase } from './helpers/db-url.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'dauys.js');

describe('dauys command', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    db = await freshDatabase();
    env = {
      ...process.env,
      DATABASE_URL: db.url,
      DAUYS_VAR_DIR: mkdtempSync(join(tmpdir(), 'dauys-cli-')),
      DAUYS_SECRET: 'cli-secret-cli-secret-cli-secret-cli-secret',
      LOG_LEVEL: 'silent',
    };
  });
  after(() => db.drop());

  const run = (args: string[], input?: string, extraEnv: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [BIN, ...args], {
      env: { ...env, ...extraEnv },
      input,
      encoding: 'utf8',
      timeout: 60_000,
    });

  test('--help lists the commands', () => {
    const r = run(['--help']);
    assert.equal(r.status, 0, r.stderr);
    for (const c of ['serve', 'migrate', 'seed', 'user', 'jobs']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
  });

  test('migrate --dry-run lists what would run and changes nothing; migrate, then seed --reference twice: the second run changes nothing', () => {
    const dry = run(['migrate', '--dry-run']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /^Would apply \d+: 2026-11-21T2100_regions, /);
    assert.match(run(['migrate', '--dry-run']).stdout, /^Would apply/, 'the dry run applied nothing');
    const applied = run(['migrate']);
    assert.equal(applied.status, 0);
    assert.equal(
      applied.stdout.replace('Applied: ', '').trim(),
      dry.stdout.replace(/^Would apply \d+: /, '').trim(),
      'migrate applies exactly what the dry run listed',
    );
    assert.equal(run(['migrate', '--dry-run']).stdout, 'Database is up to date: nothing would change.\n');
    const first = run(['seed', '--reference']);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /campaigns: 1\d created, 0 updated, 0 unchanged/);
    const second = run(['seed', '--reference']);
    assert.match(second.stdout, /campaigns: 0 created, 0 updated, 1\d unchanged/);
  });

  test('user create reads the password from stdin and refuses weak ones', () => {
    const ok = run(
      ['user', 'create', '--email', 'Aigerim@Example.kz', '--role', 'admin'],
      'a sufficiently long password\n',
    );
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /Created admin aigerim@example\.kz/);
    const weak = run(['user', 'create', '--email', 'b@example.kz', '--role', 'analyst'], 'short\n');
    assert.equal(weak.status, 1);
    assert.match(weak.stderr, /password: The password must have at least 12 characters/);
    const role = run(['user', 'create', '--email', 'c@example.kz', '--role', 'king'], 'a sufficiently long password\n');
    assert.match(role.stderr, /role/);
    assert.match(run(['user', 'list']).stdout, /aigerim@example\.kz\tadmin\t2FA:off/);
    const unlocked = run(['user', 'unlock', '--email', 'AIGERIM@example.kz']);
    assert.equal(unlocked.status, 0, unlocked.stderr);
    assert.match(unlocked.stdout, /Unlocked aigerim@example\.kz\./);
    const unknown = run(['user', 'unlock', '--email', 'nobody@example.kz']);
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.stderr, /no staff account nobody@example\.kz/);
  });

  test('a bad role is refused before the password is asked for, with the roles to choose from', () => {
    const r = run(['user', 'create', '--email', 'd@example.kz', '--role', 'x']);
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr,
      'dauys: --role must be one of admin, organiser, moderator, caseworker, analyst, accountant, treasurer (not “x”).\n',
    );
    const email = run(
      ['user', 'create', '--email', 'not-an-email', '--role', 'analyst'],
      'a sufficiently long password\n',
    );
    assert.equal(email.stderr, 'dauys: --email: Enter a valid email address.\n');
  });

  test('jobs shows the queue and the schedules', () => {
    const r = run(['jobs']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /core\.purge/);
  });

  test('jobs --run says how many jobs ran, in good English', () => {
    const r = run(['jobs', '--run']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Ran (1 job|\d+ jobs)\.$/m);
  });

  test("backup --output, then restore into a fresh database: the operator's commands, through bin/dauys.js", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dauys-cli-backup-'));
    const archive = join(dir, 'site.dauysbak');
    const pass = { DAUYS_BACKUP_PASSPHRASE: 'the operator backup passphrase' };
    const made = run(['backup', '--output', archive], undefined, pass);
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stdout, /^Backed up \d+ tables \(\d+ rows\) and 0 uploaded files to /);

    const target = await freshDatabase();
    try {
      const into = { DATABASE_URL: target.url, DAUYS_VAR_DIR: mkdtempSync(join(tmpdir(), 'dauys-cli-restore-')) };
      const wrong = run(['restore', archive], undefined, {
        ...into,
        DAUYS_BACKUP_PASSPHRASE: 'not the passphrase at all',
      });
      assert.equal(wrong.status, 1);
      assert.match(wrong.stderr, /The passphrase does not open this backup/);
      const back = run(['restore', archive], undefined, { ...into, ...pass });
      assert.equal(back.status, 0, back.stderr);
      assert.match(back.stdout, /^Restored \d+ tables \(\d+ rows\)/);
      const rows = (s: string) => /\((\d+) rows\)/.exec(s)![1];
      assert.equal(rows(back.stdout), rows(made.stdout), 'every row came back');
    } finally {
      await target.drop();
    }
  });

  test('a bad variable stops the process with one line naming it', () => {
    const r = run(['serve'], undefined, { PORT: 'eighty' });
    assert.equal(r.status, 78);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /^Invalid configuration: PORT/);
  });

  test('serve answers on its port and stops cleanly on SIGTERM', async () => {
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...env, PORT: port, JOBS_ENABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    // Generous: on a loaded 2-core machine a cold start (tsx, migrations, seeding) can take a while.
    for (let i = 0; i < 600 && !out.includes('serving'); i++) await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.deepEqual(await res.json(), { status: 'ok' });
    const page = await fetch(`http://127.0.0.1:${port}/en/campaigns/nemolchi`);
    assert.equal(page.status, 200);
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.on('exit', r));
    assert.equal(code, 0);
  });
});
