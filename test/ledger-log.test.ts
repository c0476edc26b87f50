// The ledger's log on the real services and routes: appends across tile boundaries, checkpoints,
// inclusion proofs, the static layout (with its caching), key rotation, and tampering caught by
// `dauys ledger verify` naming the entry. Runs on SQLite and on PostgreSQL (DAUYS_TEST_DATABASE_URL).
import Fastify from 'fastify';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { secretBox } from '../src/core/privacy/index.ts';
import { createLedgerKeys } from '../src/ledger/ledger-keys.ts';
import { ledgerLogRoutes } from '../src/ledger/ledger-log.routes.ts';
import { createLedgerLog, LedgerLogError, type LedgerLog } from '../src/ledger/ledger-log.ts';
import { LedgerVerifyError, verifyLog } from '../src/ledger/index.ts';
import {
  MemoryTree,
  canonicalJson,
  decodeEntryBundle,
  fromBase64,
  leafHash,
  noteVerifier,
  openCheckpoint,
  toBase64,
  toHex,
  verifyInclusion,
} from '../src/ledger/log/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { checkStoredLog, injectFetch } from './helpers/ledger.ts';

let t: TestApp;
let log: LedgerLog;
const mem = new MemoryTree();
const record = (i: number) => ({ amount: i * 100, currency: 'KZT', kind: 'test', n: i, note: `entry «${i}»` });
const BASE = 'http://dauys.test/ledger';
const stateDir = mkdtempSync(join(tmpdir(), 'dauys-ledger-state-'));

before(async () => {
  t = await startTestApp({ env: { BASE_URL: 'https://dauys.example' } });
  log = t.services.ledgerLog;
});
after(async () => t.close());

async function appendBatch(from: number, count: number, inTransaction = true): Promise<number[]> {
  const recs = Array.from({ length: count }, (_, k) => record(from + k));
  for (const r of recs) mem.append(Buffer.from(canonicalJson(r)));
  return inTransaction
    ? t.services.db.transaction().execute((trx) => log.append(trx, recs))
    : log.append(t.services.db, recs);
}

const get = (url: string) => t.app.inject({ method: 'GET', url });

test('ledger log: appends across tile boundaries, checkpoints, inclusion proofs', async () => {
  assert.equal(log.origin, 'dauys.example/ledger');
  assert.equal(await log.latestCheckpoint(), null);
  assert.equal(await log.publish(), false, 'an empty log publishes nothing');
  assert.equal((await get('/ledger/checkpoint')).statusCode, 404);
  let n = 0;
  for (const [count, trx] of [
    [1, true],
    [255, true],
    [1, false],
    [300, true],
    [143, true],
    [3, false],
  ] as const) {
    assert.deepEqual(
      await appendBatch(n, count, trx),
      Array.from({ length: count }, (_, k) => n + k),
    );
    n += count;
  }
  assert.deepEqual(await appendBatch(n, 0), []);
  assert.equal(await log.size(), 703);
  assert.equal(await log.publish(), true);
  assert.equal(await log.publish(), false, 'nothing new: no second checkpoint');
  const cp = (await log.latestCheckpoint())!;
  assert.equal(cp.size, 703);
  assert.equal(cp.rootHash, toBase64(await mem.root()), 'the same root as an in-memory tree of the same entries');
  const keys = (await log.verifierKeys()).map(noteVerifier);
  assert.equal(openCheckpoint(cp.note, keys, 'dauys.example/ledger').checkpoint.size, 703);

  const e = (await log.entry(300))!;
  assert.equal(e.json, canonicalJson(record(300)));
  assert.equal(e.leafHash, toHex(leafHash(Buffer.from(e.json))));
  assert.equal(await log.entry(703), null);
  assert.deepEqual(
    (await log.entries(250, 10)).map((x) => x.index),
    Array.from({ length: 10 }, (_, k) => 250 + k),
  );
  for (const i of [0, 1, 255, 256, 511, 512, 700, 702]) {
    const p = (await log.inclusion(i))!;
    assert.equal(p.size, 703);
    const leaf = leafHash(Buffer.from((await log.entry(i))!.json));
    assert.ok(
      verifyInclusion(
        leaf,
        i,
        703,
        p.proof.map((h) => fromBase64(h)!),
        fromBase64(cp.rootHash)!,
      ),
      `proof of ${i}`,
    );
  }
  assert.equal(await log.inclusion(703), null);
  assert.equal(await log.inclusion(-1), null);
  // Entries appended after the checkpoint are proved only once a checkpoint covers them.
  await appendBatch(703, 2);
  assert.equal(await log.inclusion(704), null);
  assert.equal(await log.publish(), true);
  assert.equal((await log.inclusion(704))!.size, 705);
  await assert.rejects(
    t.services.db.transaction().execute((trx) => log.append(trx, [{ big: 'x'.repeat(70_000) }])),
    LedgerLogError,
  );
  await assert.rejects(log.append(t.services.db, [{ bad: undefined }]));
  assert.equal(await log.size(), 705, 'a refused batch stores nothing');
  assert.deepEqual(await checkStoredLog(t.services.db), { size: 705, checkpoints: 2 });
});

test('ledger routes: checkpoint, vkey, tiles and bundles with their cache lifetimes; bad paths are 404', async () => {
  const cp = await get('/ledger/checkpoint');
  assert.equal(cp.statusCode, 200);
  assert.match(cp.headers['content-type'] as string, /^text\/plain/);
  assert.equal(cp.body, (await log.latestCheckpoint())!.note);
  assert.match(cp.headers['cache-control'] as string, /max-age=10/);
  const vkey = await get('/ledger/vkey');
  assert.equal(vkey.body, (await log.verifierKeys()).map((k) => `${k}\n`).join(''));
  const full = await get('/ledger/tile/0/001');
  assert.equal(full.statusCode, 200);
  assert.equal(full.headers['content-type'], 'application/octet-stream');
  assert.equal(full.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(full.rawPayload.length, 256 * 32);
  const partial = await get('/ledger/tile/0/002.p/193');
  assert.equal(partial.rawPayload.length, 193 * 32);
  assert.equal(partial.headers['cache-control'], 'public, max-age=10');
  assert.deepEqual(partial.rawPayload.subarray(0, 100 * 32), (await get('/ledger/tile/0/002.p/100')).rawPayload);
  assert.equal((await get('/ledger/tile/1/000.p/2')).rawPayload.length, 64);
  const bundle = await get('/ledger/tile/entries/001');
  const entries = decodeEntryBundle(bundle.rawPayload, 256);
  assert.equal(Buffer.from(entries[0]).toString(), canonicalJson(record(256)));
  assert.equal(decodeEntryBundle((await get('/ledger/tile/entries/002.p/5')).rawPayload).length, 5);
  for (const bad of [
    '/ledger/tile/0/002.p/194', // beyond the tree
    '/ledger/tile/0/003',
    '/ledger/tile/0/002', // not full yet
    '/ledger/tile/1/000',
    '/ledger/tile/entries/003',
    '/ledger/tile/0/0001', // not canonical
    '/ledger/tile/0/x000/001',
    '/ledger/tile/00/001',
    '/ledger/tile/0/001.p/256',
    '/ledger/tile/0/001.p/0',
    '/ledger/tile/64/000',
    '/ledger/tile/x',
    '/ledger/tile/',
  ]) {
    const r = await get(bad);
    assert.equal(r.statusCode, 404, bad);
  }
});

test('ledger verify: a log served by the app verifies, and is remembered for next time', async () => {
  const statePath = join(stateDir, 'state.json');
  const r1 = await verifyLog({ source: BASE, fetch: injectFetch(t.app), statePath });
  assert.equal(r1.checkpoint.size, 705);
  assert.equal(r1.trustedOnFirstUse, true);
  assert.equal(r1.previousSize, null);
  await appendBatch(705, 40);
  await log.publish();
  const r2 = await verifyLog({ source: BASE, fetch: injectFetch(t.app), statePath });
  assert.equal(r2.checkpoint.size, 745);
  assert.equal(r2.trustedOnFirstUse, false);
  assert.equal(r2.previousSize, 705);
  // A mirror directory verifies as a source of its own.
  const dir = mkdtempSync(join(tmpdir(), 'dauys-ledger-mirror-'));
  await verifyLog({ source: BASE, fetch: injectFetch(t.app), mirrorDir: dir, statePath: null });
  const r3 = await verifyLog({ source: dir, statePath: null });
  assert.equal(r3.checkpoint.size, 745);
});

test('ledger keys: sealed at rest; rotation keeps old checkpoints verifiable with the retired key', async () => {
  const row = await t.services.db.selectFrom('ledger_keys').selectAll().executeTakeFirstOrThrow();
  assert.doesNotMatch(row.skey_sealed, /PRIVATE\+KEY/, 'the signing key is never stored in the clear');
  assert.match(
    secretBox(t.config.secret, 'ledger.signing-key').open(row.skey_sealed),
    /^PRIVATE\+KEY\+dauys\.example\/ledger\+/,
  );
  const oldNote = (await log.latestCheckpoint())!.note;
  const [oldKey] = await log.verifierKeys();
  const r = await t.services.ledgerKeys.rotate();
  assert.equal(r.retired, oldKey);
  const keys = await log.verifierKeys();
  assert.deepEqual(keys, [r.current, oldKey], 'current first, then the retired one');
  assert.equal((await get('/ledger/vkey')).body, `${r.current}\n${oldKey}\n`);
  await appendBatch(745, 3);
  assert.equal(await log.publish(), true);
  const newNote = (await log.latestCheckpoint())!.note;
  assert.ok(openCheckpoint(oldNote, [noteVerifier(oldKey)]));
  assert.ok(openCheckpoint(newNote, [noteVerifier(r.current)]));
  assert.throws(() => openCheckpoint(newNote, [noteVerifier(oldKey)]), /no known key/);
  // A verifier that remembered only the old key must be told to trust the new one...
  const statePath = join(stateDir, 'state.json');
  await assert.rejects(verifyLog({ source: BASE, fetch: injectFetch(t.app), statePath }), /no known key/);
  // ...and passes when given both.
  const ok = await verifyLog({ source: BASE, fetch: injectFetch(t.app), statePath, vkeys: keys });
  assert.equal(ok.checkpoint.size, 748);
  assert.deepEqual(await checkStoredLog(t.services.db), { size: 748, checkpoints: 4 });
});

/** A freshly started log over the same database (no cached tiles), as after a restart. */
async function freshServer() {
  const keys = createLedgerKeys({
    db: t.services.db,
    origin: log.origin,
    box: secretBox(t.config.secret, 'ledger.signing-key'),
  });
  const fresh = createLedgerLog({ db: t.services.db, keys, origin: log.origin });
  const app = Fastify();
  await app.register(ledgerLogRoutes, { services: { ledgerLog: fresh } });
  return { app, fresh };
}

async function verifyFails(entry: number | undefined, reason: string) {
  const { app } = await freshServer();
  await assert.rejects(
    verifyLog({ source: BASE, fetch: injectFetch(app), statePath: null, vkeys: await log.verifierKeys() }),
    (e: unknown) => {
      assert.ok(e instanceof LedgerVerifyError, String(e));
      assert.equal(e.reason, reason, e.message);
      assert.equal(e.entry, entry, e.message);
      return true;
    },
  );
  await app.close();
}

test('ledger tampering: an entry edited or deleted, or a tile changed, in the database is caught and named', async () => {
  const db = t.services.db;
  const original = (await log.entry(300))!.json;
  await db
    .updateTable('ledger_entries')
    .set({ json: original.replace('30000', '30001') })
    .where('idx', '=', 300)
    .execute();
  await verifyFails(300, 'mirror.entry_mismatch');
  await db.updateTable('ledger_entries').set({ json: original }).where('idx', '=', 300).execute();

  const deleted = (await log.entry(420))!;
  await db.deleteFrom('ledger_entries').where('idx', '=', 420).execute();
  await verifyFails(420, 'mirror.bad_bundle');
  await db.insertInto('ledger_entries').values({ idx: 420, json: deleted.json, leaf_hash: deleted.leafHash }).execute();

  const tile = await db
    .selectFrom('ledger_tiles')
    .select('data')
    .where('level', '=', 0)
    .where('idx', '=', 1)
    .executeTakeFirstOrThrow();
  const changed = Buffer.from(tile.data);
  changed[7 * 32 + 3] ^= 1; // the leaf hash of entry 263
  await db.updateTable('ledger_tiles').set({ data: changed }).where('level', '=', 0).where('idx', '=', 1).execute();
  await verifyFails(263, 'mirror.entry_mismatch');
  await db
    .updateTable('ledger_tiles')
    .set({ data: Buffer.from(tile.data) })
    .where('level', '=', 0)
    .where('idx', '=', 1)
    .execute();

  // The log refuses to sign entries that no longer match their leaves.
  await appendBatch(748, 2);
  await db.updateTable('ledger_entries').set({ json: '{"forged":true}' }).where('idx', '=', 749).execute();
  const { fresh, app } = await freshServer();
  await assert.rejects(fresh.publish(), /entry 749 does not match/);
  await app.close();
  await db
    .updateTable('ledger_entries')
    .set({ json: canonicalJson(record(749)) })
    .where('idx', '=', 749)
    .execute();
  assert.equal(await log.publish(), true);
  assert.deepEqual(await checkStoredLog(db), { size: 750, checkpoints: 5 });
  void sql;
});

const BIN = join(import.meta.dirname, '..', 'bin', 'dauys.js');
const dauys = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });

test('dauys ledger verify over HTTP: exit 0 on the honest log, exit 1 naming the first entry that does not match', async () => {
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const state = join(stateDir, 'cli.json');
  const vkeys = (await log.verifierKeys()).flatMap((k) => ['--vkey', k]);
  const ok = await dauys(['ledger', 'verify', address, '--state', state, ...vkeys]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^OK verified dauys\.example\/ledger: 750 entries/);
  await appendBatch(750, 400);
  await log.publish();
  // Entry 1100's bundle was never served, so nothing cached hides the edit.
  await t.services.db.updateTable('ledger_entries').set({ json: '{"amount":1}' }).where('idx', '=', 1100).execute();
  const bad = await dauys(['ledger', 'verify', `${address}/ledger`, '--state', state]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^FAILED: entry 1100 does not match/);
});
