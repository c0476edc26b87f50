// IP hashing, regions reference data and recovery codes against a real database.
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { networkPrefix, utcDay } from '../src/core/privacy/ip-hash.service.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff, PASSWORD } from './helpers/staff.ts';

describe('privacy and reference data', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('IP hashes are stable within a day, differ between addresses, and never contain the address', async () => {
    const a = await t.services.ipHasher.hash('203.0.113.7');
    assert.equal(await t.services.ipHasher.hash('203.0.113.7'), a);
    assert.notEqual(await t.services.ipHasher.hash('203.0.113.8'), a);
    assert.ok(!a.includes('203'));
    assert.equal(await t.services.ipHasher.hashPrefix('203.0.113.7'), await t.services.ipHasher.hashPrefix('203.0.113.200'), 'same /24');
    assert.notEqual(await t.services.ipHasher.hashPrefix('203.0.113.7'), await t.services.ipHasher.hashPrefix('203.0.114.7'));
  });

  test('network prefixes: /24 for IPv4 (also when mapped into IPv6), /64 for IPv6', () => {
    assert.equal(networkPrefix('198.51.100.23'), '198.51.100.0/24');
    assert.equal(networkPrefix('::ffff:198.51.100.23'), '198.51.100.0/24');
    assert.equal(networkPrefix('2001:db8:1:2:3:4:5:6'), '2001:0db8:0001:0002::/64');
    assert.equal(networkPrefix('2001:db8::1'), '2001:0db8:0000:0000::/64');
  });

  test('salts rotate daily and old ones are deleted after the retention period', async () => {
    await t.services.ipHasher.hash('192.0.2.1');
    const old = utcDay(Date.now() - 30 * 86_400_000);
    await t.services.db.insertInto('ip_salts').values({ day: old, salt: 'old', created_at: new Date().toISOString() }).execute();
    assert.equal(await t.services.ipHasher.purge(), 1);
    const days = (await t.services.db.selectFrom('ip_salts').select('day').execute()).map((r) => r.day);
    assert.deepEqual(days, [utcDay()]);
  });

  test('no table stores anything shaped like an IP address after sign-in attempts', async () => {
    await createStaff(t.services, 'analyst', 'ip-check@dauys.test');
    const page = await t.app.inject('/en/admin/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    await t.app.inject({ method: 'POST', url: '/en/admin/login', remoteAddress: '198.51.100.99', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ email: 'ip-check@dauys.test', password: 'wrong password here', _csrf: token }).toString() });
    for (const table of ['users', 'sessions', 'audit_log', 'jobs', 'ip_salts']) {
      const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(t.services.db);
      assert.ok(!JSON.stringify(rows.rows).includes('198.51.100'), table);
    }
  });

  test('the 20 regions are loaded with names in three languages and centres', async () => {
    const all = t.services.regions.all();
    assert.equal(all.length, 20);
    assert.equal(all.filter((r) => r.kind === 'city').length, 3);
    assert.equal(t.services.regions.name('KZ-33', 'kk'), 'Жетісу облысы');
    assert.equal(t.services.regions.get('KZ-62')?.centre.en, 'Zhezkazgan');
    assert.ok(!t.services.regions.isValid('KZ-99'));
    const rows = await t.services.db.selectFrom('regions').selectAll().execute();
    assert.equal(rows.length, 20);
    assert.equal(await t.services.regions.syncTable(t.services.db), 20, 'syncing again is harmless');
    assert.equal((await t.services.db.selectFrom('regions').selectAll().execute()).length, 20);
  });

  test('a recovery code signs in once and is then used up', async () => {
    const user = await createStaff(t.services, 'admin', 'recover@dauys.test');
    const { totpAt } = await import('../src/core/accounts/credentials.ts');
    const first = await t.services.accounts.login(user.email, PASSWORD);
    const s1 = (await t.services.accounts.loadSession((first as { token: string }).token))!;
    const { secret } = await t.services.accounts.beginTotpSetup(s1);
    const codes = (await t.services.accounts.confirmTotpSetup(s1, totpAt(secret, Date.now())))!;
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    const again = async () => (await t.services.accounts.loadSession(((await t.services.accounts.login(user.email, PASSWORD)) as { token: string }).token))!;
    assert.equal(await t.services.accounts.verifySecondFactor(await again(), codes[3].toUpperCase()), true, 'case and dashes do not matter');
    assert.equal(await t.services.accounts.verifySecondFactor(await again(), codes[3]), false, 'used up');
    const stored = await t.services.db.selectFrom('users').select(['recovery_codes', 'totp_secret']).where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.ok(!stored.recovery_codes.includes(codes[0]), 'codes are stored hashed');
    assert.ok(!stored.totp_secret!.includes(secret), 'the TOTP secret is sealed');
  });
});
