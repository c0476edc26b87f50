// Each of `dauys doctor`'s decisions from injected facts: what is ok, what warns, what fails.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { BackupStatus } from '../backup/index.ts';
import { createProxyWatch, isPrivatePeer, type ProxySeen } from '../http/proxy-seen.ts';
import {
  checkBackup,
  checkDisk,
  checkMail,
  checkMigrations,
  checkPath,
  checkSecret,
  checkTestimonyKeys,
  checkTrustProxy,
  secretBits,
  worst,
  type CheckResult,
} from './doctor-checks.ts';

const statuses = (rs: CheckResult[]) => rs.map((r) => r.status);
const NOW = Date.parse('2026-03-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();

describe('doctor: secret', () => {
  const strong = 'k3J9vQ_x7LmT2pZr8WcN4hYd6FsB1aGe0uRiOoXqVtE';
  test('a random secret is ok; a short or repetitive one fails; a placeholder word warns', () => {
    assert.ok(secretBits(strong) > 180);
    assert.deepEqual(statuses(checkSecret({ source: 'env', value: strong }, 1000)), ['ok']);
    assert.deepEqual(statuses(checkSecret({ source: 'env', value: 'a'.repeat(40) }, 1000)), ['fail']);
    assert.deepEqual(statuses(checkSecret({ source: 'env', value: 'abab'.repeat(10) }, 1000)), ['fail']);
    const placeholder = checkSecret({ source: 'env', value: 'please-change-this-secret-Xy7Qz0vK' }, 1000);
    assert.deepEqual(statuses(placeholder), ['warn']);
    assert.match(placeholder[0].fix!, /openssl rand/);
  });

  test('the generated secret file must be private and the running user’s', () => {
    const file = (mode: number, uid = 1000) => ({
      path: '/var/dauys/secret',
      exists: true,
      directory: false,
      mode,
      uid,
    });
    assert.deepEqual(statuses(checkSecret({ source: 'file', value: strong, file: file(0o600) }, 1000)), ['ok', 'ok']);
    const open = checkSecret({ source: 'file', value: strong, file: file(0o644) }, 1000);
    assert.deepEqual(statuses(open), ['ok', 'fail']);
    assert.equal(open[1].fix, 'chmod 600 /var/dauys/secret');
    assert.deepEqual(statuses(checkSecret({ source: 'file', value: strong, file: file(0o640) }, 1000)), ['ok', 'warn']);
  });
});

describe('doctor: permissions', () => {
  const dir = (mode: number, uid = 1000) => ({ path: '/srv/var', exists: true, directory: true, mode, uid });
  test('owner-only is ok; group warns; a readable folder warns; a readable file or anything world-writable fails', () => {
    assert.deepEqual(statuses(checkPath('p', dir(0o700), 1000)), ['ok']);
    assert.deepEqual(statuses(checkPath('p', dir(0o750), 1000)), ['warn']);
    assert.deepEqual(statuses(checkPath('p', dir(0o755), 1000)), ['warn']);
    assert.deepEqual(statuses(checkPath('p', dir(0o777), 1000)), ['fail']);
    const db = { path: '/srv/var/dauys.db', exists: true, directory: false, mode: 0o644, uid: 1000 };
    assert.deepEqual(statuses(checkPath('p', db, 1000)), ['fail']);
    assert.match(checkPath('p', db, 1000)[0].fix!, /chmod 600/);
  });
  test('another owner warns with a chown; a folder not made yet is ok', () => {
    const r = checkPath('p', dir(0o700, 0), 1000);
    assert.deepEqual(statuses(r), ['warn']);
    assert.match(r[0].fix!, /chown -R 1000 \/srv\/var/);
    assert.deepEqual(statuses(checkPath('p', { path: '/srv/none', exists: false }, 1000)), ['ok']);
  });
});

describe('doctor: mail', () => {
  test('no SMTP_URL warns that mails stay in the outbox; an unreachable server fails; retries warn', () => {
    const outbox = checkMail({ mode: 'outbox', probe: null, retrying: 0 });
    assert.equal(outbox.status, 'warn');
    assert.match(outbox.detail, /outbox/);
    const down = checkMail({ mode: 'smtp', probe: { ok: false, error: 'ECONNREFUSED' }, retrying: 0 });
    assert.equal(down.status, 'fail');
    assert.match(down.detail, /ECONNREFUSED/);
    assert.equal(checkMail({ mode: 'smtp', probe: { ok: true }, retrying: 3 }).status, 'warn');
    assert.equal(checkMail({ mode: 'smtp', probe: { ok: true }, retrying: 0 }).status, 'ok');
  });
});

describe('doctor: backups', () => {
  const status = (over: Partial<BackupStatus>): BackupStatus => ({
    schedule: 'on',
    intervalMs: 86_400_000,
    dir: '/srv/backups',
    keep: 7,
    lastGood: { at: hoursAgo(3), file: 'dauys-1.dauys-backup', bytes: 1000 },
    lastFailure: null,
    stale: false,
    ...over,
  });
  test('scheduled with a recent good backup is ok', () => {
    assert.deepEqual(statuses(checkBackup(status({}), NOW)), ['ok', 'ok']);
  });
  test('no passphrase fails; off warns; never, stale warn; a failure after the last good one fails', () => {
    assert.deepEqual(statuses(checkBackup(status({ schedule: 'no_passphrase' }), NOW)), ['fail', 'ok']);
    assert.deepEqual(statuses(checkBackup(status({ schedule: 'off', intervalMs: null }), NOW)), ['warn', 'ok']);
    const never = checkBackup(status({ lastGood: null, stale: true }), NOW);
    assert.deepEqual(statuses(never), ['ok', 'warn']);
    assert.match(never[1].detail, /no backup/);
    const old = checkBackup(status({ lastGood: { at: hoursAgo(24 * 5), file: 'f', bytes: 1 }, stale: true }), NOW);
    assert.match(old[1].detail, /5 days ago/);
    const failed = checkBackup(status({ lastFailure: { at: hoursAgo(1), error: 'disk full' } }), NOW);
    assert.deepEqual(statuses(failed), ['ok', 'fail']);
    assert.match(failed[1].detail, /disk full/);
  });
});

describe('doctor: disk space', () => {
  const disk = (free: number, total: number) =>
    checkDisk({ name: 'var', paths: ['/srv/var'], freeBytes: free, totalBytes: total });
  test('warns under 1 GB or 10 %, fails under 200 MB or 2 %', () => {
    assert.equal(disk(50e9, 100e9).status, 'ok');
    assert.equal(disk(0.9e9, 5e9).status, 'warn');
    assert.equal(disk(5e9, 100e9).status, 'warn');
    assert.equal(disk(1.5e9, 100e9).status, 'fail');
    assert.equal(disk(0.1e9, 1e9).status, 'fail');
    assert.equal(disk(50e9, 100e9).id, 'disk.var');
  });
});

describe('doctor: migrations', () => {
  test('none pending is ok; any pending fails and names them', () => {
    assert.equal(checkMigrations([]).status, 'ok');
    const r = checkMigrations(['2026_01_01_a', '2026_01_02_b']);
    assert.equal(r.status, 'fail');
    assert.match(r.detail, /2 migrations are pending \(2026_01_01_a, 2026_01_02_b\)/);
  });
});

describe('doctor: TRUST_PROXY', () => {
  const seen = (over: Partial<ProxySeen>): ProxySeen => ({
    trustProxy: false,
    startedAt: hoursAgo(10),
    lastAt: hoursAgo(0.1),
    requests: 100,
    forwarded: 0,
    forwardedPrivate: 0,
    publicPeer: 0,
    ...over,
  });
  test('nothing recorded: ok, "no requests seen yet"', () => {
    const r = checkTrustProxy(false, null, NOW);
    assert.equal(r.status, 'ok');
    assert.match(r.detail, /no requests seen yet/);
  });
  test('proxy headers from a private peer with TRUST_PROXY off warn (one shared address)', () => {
    const r = checkTrustProxy(false, seen({ forwarded: 90, forwardedPrivate: 90 }), NOW);
    assert.equal(r.status, 'warn');
    assert.match(r.detail, /rate limits hit everyone/);
    assert.match(r.fix!, /TRUST_PROXY=1/);
  });
  test('TRUST_PROXY on: public peers or no proxy headers at all warn (forgeable addresses)', () => {
    const direct = checkTrustProxy(
      true,
      seen({ trustProxy: true, forwarded: 50, forwardedPrivate: 40, publicPeer: 10 }),
      NOW,
    );
    assert.equal(direct.status, 'warn');
    assert.match(direct.detail, /forge/);
    const none = checkTrustProxy(true, seen({ trustProxy: true }), NOW);
    assert.equal(none.status, 'warn');
    assert.match(none.detail, /no proxy seems to be in front/);
  });
  test('a setting that matches the traffic is ok; a server started with another setting warns', () => {
    assert.equal(
      checkTrustProxy(true, seen({ trustProxy: true, forwarded: 100, forwardedPrivate: 100 }), NOW).status,
      'ok',
    );
    assert.equal(checkTrustProxy(false, seen({ publicPeer: 100 }), NOW).status, 'ok');
    assert.match(checkTrustProxy(false, seen({ trustProxy: true, publicPeer: 0 }), NOW).fix!, /Restart/);
  });
});

describe('doctor: testimony keys', () => {
  const p = { ownKey: true, orgKey: true, handlers: 3, withKey: 3, granted: 3 };
  test('all handlers granted is ok; no staff, no organisation key, no handlers or missing grants warn', () => {
    assert.equal(checkTestimonyKeys(p).status, 'ok');
    assert.match(checkTestimonyKeys(null).detail, /no staff accounts/);
    const noKey = checkTestimonyKeys({ ...p, orgKey: false, granted: 0 });
    assert.equal(noKey.status, 'warn');
    assert.match(noKey.detail, /no organisation key/);
    assert.equal(checkTestimonyKeys({ ...p, handlers: 0, withKey: 0, granted: 0 }).status, 'warn');
    const missing = checkTestimonyKeys({ ...p, withKey: 2, granted: 1 });
    assert.match(missing.detail, /2 of 3 case handlers cannot read testimonies yet \(1 have no personal key\)/);
  });
});

test('doctor: the worst status wins', () => {
  const r = (status: CheckResult['status']): CheckResult => ({ id: 'x', status, detail: '' });
  assert.equal(worst([r('ok'), r('ok')]), 'ok');
  assert.equal(worst([r('ok'), r('warn')]), 'warn');
  assert.equal(worst([r('fail'), r('warn')]), 'fail');
});

describe('proxy watch (what the server records for the doctor)', () => {
  test('private and loopback peers, IPv4 and IPv6, mapped addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.5',
      '192.168.1.1',
      '::1',
      '::ffff:10.0.0.1',
      'fd00::1',
      undefined,
    ])
      assert.ok(isPrivatePeer(a), String(a));
    for (const a of ['203.0.113.9', '172.32.0.1', '::ffff:8.8.8.8', '2001:db8::1', '100.128.0.1'])
      assert.ok(!isPrivatePeer(a), a);
  });

  test('counts every request, writes on the first and then at most once a minute, and on flush', async () => {
    const varDir = mkdtempSync(join(tmpdir(), 'dauys-proxy-'));
    let clock = NOW;
    const watch = createProxyWatch({ varDir, trustProxy: false, now: () => clock });
    const file = join(varDir, 'proxy-seen.json');
    const read = () => JSON.parse(readFileSync(file, 'utf8')) as ProxySeen;
    watch.see({ 'x-forwarded-for': '198.51.100.1' }, '127.0.0.1');
    await watch.flush();
    assert.equal(read().requests, 1);
    watch.see({}, '203.0.113.5');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(read().requests, 1, 'not written again within the minute');
    clock += 61_000;
    watch.see({ forwarded: 'for=198.51.100.2' }, '203.0.113.5');
    await watch.flush();
    assert.deepEqual(
      { ...read(), startedAt: '', lastAt: '' },
      { trustProxy: false, startedAt: '', lastAt: '', requests: 3, forwarded: 2, forwardedPrivate: 1, publicPeer: 2 },
    );
    assert.equal(read().lastAt, new Date(clock).toISOString());
    assert.ok(!existsSync(`${file}.${process.pid}.tmp`), 'written under a temporary name, then renamed');
  });
});
