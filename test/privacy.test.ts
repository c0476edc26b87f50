// IP hashing, regions reference data and recovery codes against a real database.
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createHash, createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { networkPrefix, utcDay } from '../src/core/privacy/ip-hash.service.ts';
import { loadConfig } from '../src/config.ts';
import { createDb } from '../src/db/database.ts';
import { migrateToLatest, migrator } from '../src/db/migrate.ts';
import { ALL_MIGRATION_FOLDERS } from '../src/boot.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { freshDatabase } from './helpers/db-url.ts';
import { openPetition } from './helpers/petitions.ts';
import { createStaff, PASSWORD } from './helpers/staff.ts';

/** Every value in every table, as someone holding a copy of the database reads it (no secret). */
async function dumpDatabase(t: TestApp): Promise<Record<string, Array<Record<string, unknown>>>> {
  const out: Record<string, Array<Record<string, unknown>>> = {};
  for (const table of await t.services.db.introspection.getTables()) {
    out[table.name] = (
      await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table.name)}`.execute(t.services.db)
    ).rows;
  }
  return out;
}

/**
 * The search a thief runs: every /24 of 127.0.0.0/8 and every address of 127.0.0.0/16 (the signers
 * below sign from there; the rest of the /8 cannot match and would only cost time), hashed the way
 * the stored 22-character values could have been made. Returns the stored values it hits.
 */
function searchLoopback(stored: Set<string>, hashers: Array<(value: string) => string>): string[] {
  const hits = new Set<string>();
  for (const h of hashers) {
    for (let n = 0; n < 65_536; n++) {
      for (const value of [`net:127.${n >> 8}.${n & 255}.0/24`, `ip:127.0.${n >> 8}.${n & 255}`]) {
        const d = h(value);
        if (stored.has(d)) hits.add(d);
      }
    }
  }
  return [...hits];
}

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
    assert.equal(
      await t.services.ipHasher.hashPrefix('203.0.113.7'),
      await t.services.ipHasher.hashPrefix('203.0.113.200'),
      'same /24',
    );
    assert.notEqual(
      await t.services.ipHasher.hashPrefix('203.0.113.7'),
      await t.services.ipHasher.hashPrefix('203.0.114.7'),
    );
  });

  test("a copy of the database does not reveal signers' addresses; with the secret the same hashes are found", async () => {
    const { petitionId } = await openPetition(t.services);
    const signers = ['127.0.3.7', '127.0.200.9'];
    for (const [i, ip] of signers.entries())
      await t.services.petitions.sign(
        petitionId,
        { name: `Signer ${i}`, email: `signer${i}@example.kz`, region: 'KZ-75' },
        { ip, locale: 'en' },
      );
    await t.services.petitions.flush();

    const dump = await dumpDatabase(t);
    const rows = dump.petition_signatures.filter((r) => r.petition_id === petitionId);
    const wanted = rows.flatMap((r) => [r.ip_hash, r.ip_prefix_hash]) as string[];
    assert.equal(wanted.length, 4);
    assert.ok(wanted.every((h) => typeof h === 'string' && h.length === 22));
    const stored = new Set(JSON.stringify(dump).match(/[A-Za-z0-9_-]{22}/g));
    const salts = dump.ip_salts.map((r) => String(r.salt));
    assert.ok(salts.length >= 1, 'the daily salt is in the database');

    // The previous construction and its obvious variants, with every salt found.
    const thief = salts.flatMap((salt) => [
      (v: string) => createHmac('sha256', salt).update(v).digest('base64url').slice(0, 22),
      (v: string) => createHmac('sha256', Buffer.from(salt, 'base64url')).update(v).digest('base64url').slice(0, 22),
      (v: string) =>
        createHmac('sha256', salt)
          .update(v.slice(v.indexOf(':') + 1))
          .digest('base64url')
          .slice(0, 22),
      (v: string) =>
        createHash('sha256')
          .update(salt + v)
          .digest('base64url')
          .slice(0, 22),
    ]);
    assert.deepEqual(searchLoopback(stored, thief), [], 'the database alone links no hash to an address');

    // The same search through the running service, which holds DAUYS_SECRET, finds all four.
    const withSecret = new Map<string, string>();
    for (let n = 0; n < 65_536; n++) {
      withSecret.set(
        await t.services.ipHasher.hashPrefix(`127.${n >> 8}.${n & 255}.1`),
        `127.${n >> 8}.${n & 255}.0/24`,
      );
      withSecret.set(await t.services.ipHasher.hash(`127.0.${n >> 8}.${n & 255}`), `127.0.${n >> 8}.${n & 255}`);
    }
    assert.deepEqual(rows.map((r) => withSecret.get(r.ip_hash as string)).sort(), signers.slice().sort());
    assert.deepEqual(
      rows.map((r) => withSecret.get(r.ip_prefix_hash as string)).sort(),
      signers.map((ip) => networkPrefix(ip)).sort(),
    );
  });

  test('one client, one key for every per-address limit: an IPv4 address, an IPv6 /64, IPv4-mapped IPv6 as IPv4', async () => {
    const h = t.services.ipHasher;
    assert.equal(await h.hash('2001:db8:1:2::1'), await h.hash('2001:DB8:1:2:aaaa:bbbb:cccc:dddd'), 'same /64');
    assert.notEqual(await h.hash('2001:db8:1:2::1'), await h.hash('2001:db8:1:3::1'), 'next /64');
    assert.equal(await h.hash('::ffff:203.0.113.7'), await h.hash('203.0.113.7'));
    assert.notEqual(await h.hash('203.0.113.7'), await h.hash('203.0.113.8'), 'IPv4 keys on the full address');
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
    await t.services.db
      .insertInto('ip_salts')
      .values({ day: old, salt: 'old', created_at: new Date().toISOString() })
      .execute();
    assert.equal(await t.services.ipHasher.purge(), 1);
    const days = (await t.services.db.selectFrom('ip_salts').select('day').execute()).map((r) => r.day);
    assert.deepEqual(days, [utcDay()]);
  });

  test('no table stores anything shaped like an IP address after sign-in attempts', async () => {
    await createStaff(t.services, 'analyst', 'ip-check@dauys.test');
    const page = await t.app.inject('/en/admin/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    await t.app.inject({
      method: 'POST',
      url: '/en/admin/login',
      remoteAddress: '198.51.100.99',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        email: 'ip-check@dauys.test',
        password: 'wrong password here',
        _csrf: token,
      }).toString(),
    });
    for (const table of ['users', 'sessions', 'audit_log', 'jobs', 'ip_salts']) {
      const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(t.services.db);
      assert.ok(!JSON.stringify(rows.rows).includes('198.51.100'), table);
    }
  });

  test('upgrading deletes the salts stored under the old scheme, leaving no copy in the SQLite file', async () => {
    const database = await freshDatabase();
    const config = loadConfig({
      DATABASE_URL: database.url,
      DAUYS_SECRET: 'x'.repeat(40),
      DAUYS_VAR_DIR: mkdtempSync(join(tmpdir(), 'dauys-var-')),
      LOG_LEVEL: 'silent',
    });
    const db = createDb(config);
    try {
      await migrator(db, ALL_MIGRATION_FOLDERS).migrateTo('2026-11-22T0500_monitor');
      const salt = 'plainSaltStoredBeforeTheUpgrade0123456789ab';
      await db.insertInto('ip_salts').values({ day: utcDay(), salt, created_at: new Date().toISOString() }).execute();
      await migrateToLatest(db, ALL_MIGRATION_FOLDERS);
      assert.deepEqual(await db.selectFrom('ip_salts').selectAll().execute(), []);
      if (database.sqliteFile) {
        for (const file of [database.sqliteFile, database.sqliteFile + '-wal']) {
          if (existsSync(file)) assert.ok(!readFileSync(file).includes(salt), `${file} still holds the salt`);
        }
      }
    } finally {
      await db.destroy();
      await database.drop();
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
    const again = async () =>
      (await t.services.accounts.loadSession(
        ((await t.services.accounts.login(user.email, PASSWORD)) as { token: string }).token,
      ))!;
    assert.equal(
      await t.services.accounts.verifySecondFactor(await again(), codes[3].toUpperCase()),
      true,
      'case and dashes do not matter',
    );
    assert.equal(await t.services.accounts.verifySecondFactor(await again(), codes[3]), false, 'used up');
    const stored = await t.services.db
      .selectFrom('users')
      .select(['recovery_codes', 'totp_secret'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    assert.ok(!stored.recovery_codes.includes(codes[0]), 'codes are stored hashed');
    assert.ok(!stored.totp_secret!.includes(secret), 'the TOTP secret is sealed');
  });
});
