// Ledger witnesses end to end on two Dauys instances whose requests to each other go through
// app.inject: A publishes, B cosigns, A serves the cosignature; forks, bad proofs, unknown logs, bad
// signatures and concurrent requests are refused as C2SP tlog-witness says; `dauys ledger verify`
// can require the cosignatures. Runs on SQLite and on PostgreSQL (DAUYS_TEST_DATABASE_URL).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { verifyLog } from '../src/ledger/index.ts';
import {
  buildAddCheckpointRequest,
  checkCosignatures,
  cosignatureVerifier,
  generateKey,
  noteSigner,
  noteVerifier,
  openCheckpoint,
  signCheckpoint,
  toBase64,
  type FetchLike,
} from '../src/ledger/log/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { BIN } from './helpers/cli.ts';
import { injectFetch } from './helpers/ledger.ts';

const system = { system: 'test' };
const dauys = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
const record = (i: number) => ({ kind: 'test', amount: i * 100, currency: 'KZT', n: i });

/** A FetchLike reaching the instance named by the URL's host, through app.inject (POST bodies too). */
const peersFetch =
  (apps: Record<string, TestApp>): FetchLike =>
  async (url, init) => {
    const u = new URL(url);
    const t = apps[u.host];
    if (!t) throw new TypeError(`fetch failed: no route to ${u.host}`);
    const res = await t.app.inject({
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      url: u.pathname,
      payload: init?.body,
      headers: init?.headers,
    });
    return {
      status: res.statusCode,
      text: async () => res.body,
      arrayBuffer: async () => new Uint8Array(res.rawPayload).buffer as ArrayBuffer,
    };
  };

describe('ledger witnesses', () => {
  let a: TestApp;
  let b: TestApp;
  let fetch: FetchLike;
  let bWitnessKey: string;
  const ORIGIN = 'a.example/ledger';

  const append = (from: number, count: number) =>
    a.services.db.transaction().execute((trx) =>
      a.services.ledgerLog.append(
        trx,
        Array.from({ length: count }, (_, k) => record(from + k)),
      ),
    );
  const addCheckpoint = (body: string) =>
    b.app.inject({
      method: 'POST',
      url: '/ledger/witness/add-checkpoint',
      payload: body,
      headers: { 'content-type': 'text/plain' },
    });
  const bState = async () =>
    (await b.services.db
      .selectFrom('ledger_witnessed_logs')
      .selectAll()
      .where('origin', '=', ORIGIN)
      .executeTakeFirst())!;

  before(async () => {
    a = await startTestApp({ env: { BASE_URL: 'https://a.example' } });
    b = await startTestApp({ env: { BASE_URL: 'https://b.example' } });
    fetch = peersFetch({ 'a.example': a, 'b.example': b });
    const aLogKey = (await a.services.ledgerKeys.signer()).vkey;
    await b.services.ledgerWitness.service.addLog({ origin: ORIGIN, vkeys: aLogKey }, system);
    [bWitnessKey] = await b.services.ledgerWitness.keys.verifierKeys();
    await a.services.ledgerWitness.service.addPeer(
      { name: 'Partner B', vkey: bWitnessKey, url: 'https://b.example/ledger/witness/' },
      system,
    );
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  test('A publishes, B cosigns, A serves the cosignature; a grown tree is cosigned with a proof', async () => {
    assert.match(bWitnessKey, /^b\.example\/witness\+[0-9a-f]{8}\+/);
    await append(0, 300);
    assert.equal(await a.services.ledgerLog.publish(), true);
    const queued = await a.services.db
      .selectFrom('jobs')
      .select(['name'])
      .where('name', '=', 'ledger.witness')
      .execute();
    assert.equal(queued.length, 1, 'publishing queues the ledger.witness job');

    assert.deepEqual(await a.services.ledgerWitness.gather({ fetch }), [{ peer: 'Partner B', outcome: 'cosigned' }]);
    const served = (await a.app.inject('/ledger/checkpoint')).body;
    const check = checkCosignatures(served, [cosignatureVerifier(bWitnessKey)]);
    assert.equal(check.valid.length, 1);
    assert.equal(check.valid[0].name, 'b.example/witness');
    assert.ok(Math.abs(check.valid[0].time - Date.now() / 1000) < 60);
    const aKeys = (await a.services.ledgerLog.verifierKeys()).map(noteVerifier);
    assert.equal(openCheckpoint(served, aKeys, ORIGIN).checkpoint.size, 300, "the log's own signature still verifies");
    assert.equal(Number((await bState()).size), 300);
    assert.deepEqual(await a.services.ledgerWitness.gather({ fetch }), [{ peer: 'Partner B', outcome: 'already' }]);

    await append(300, 45);
    assert.equal(await a.services.ledgerLog.publish(), true);
    assert.deepEqual(await a.services.ledgerWitness.gather({ fetch }), [{ peer: 'Partner B', outcome: 'cosigned' }]);
    const next = (await a.app.inject('/ledger/checkpoint')).body;
    assert.equal(openCheckpoint(next, aKeys).checkpoint.size, 345);
    assert.equal(checkCosignatures(next, [cosignatureVerifier(bWitnessKey)]).valid.length, 1);
    assert.equal(Number((await bState()).size), 345);
    const peer = (await a.services.ledgerWitness.service.overview()).peers[0];
    assert.equal(peer.cosigned_size, 345);
    assert.equal(peer.last_error, null);
    assert.ok(peer.last_success_at);
  });

  test('dauys ledger verify requires the witnesses given, to the quorum', async () => {
    const base = { source: 'https://a.example/ledger', fetch: injectFetch(a.app), statePath: null };
    const ok = await verifyLog({ ...base, witnesses: [bWitnessKey], quorum: 1 });
    assert.equal(ok.cosignatures.valid.length, 1);
    const stranger = generateKey('c.example/witness', 0x04).verifierKey;
    await assert.rejects(verifyLog({ ...base, witnesses: [stranger] }), /1 required|valid cosignatures/);
    await assert.rejects(verifyLog({ ...base, witnesses: [bWitnessKey, stranger], quorum: 2 }), /2 required/);
    const anyOne = await verifyLog({ ...base, witnesses: [bWitnessKey, stranger], quorum: 1 });
    assert.equal(anyOne.cosignatures.valid.length, 1);
    await assert.rejects(verifyLog({ ...base, witnesses: [bWitnessKey], quorum: 2 }), /quorum of 2/);
  });

  test('a fork at the same size is refused with 409 and nothing stored; a grown fork with a bad proof gets 422', async () => {
    const before = await bState();
    const { signer } = await a.services.ledgerKeys.signer();
    const size = Number(before.size);
    const fork = signCheckpoint({ origin: ORIGIN, size, root: randomBytes(32), extensions: [] }, [signer]);
    const res = await addCheckpoint(`old ${size}\n\n${fork}`);
    assert.equal(res.statusCode, 409);
    assert.equal(res.headers['content-type'], 'text/x.tlog.size');
    assert.equal(res.body, `${size}\n`);
    const after409 = await bState();
    assert.equal(after409.root, before.root);
    assert.equal(after409.checkpoint, before.checkpoint);
    assert.match(after409.refusal!, /witness\.fork/);

    const grown = signCheckpoint({ origin: ORIGIN, size: size + 10, root: randomBytes(32), extensions: [] }, [signer]);
    const proof = [randomBytes(32), randomBytes(32)].map((h) => `${toBase64(h)}\n`).join('');
    const bad = await addCheckpoint(`old ${size}\n${proof}\n${grown}`);
    assert.equal(bad.statusCode, 422);
    assert.equal(Number((await bState()).size), size);
    assert.match((await bState()).refusal!, /witness\.bad_proof/);

    const stale = await addCheckpoint(`old 3\n\n${grown}`);
    assert.equal(stale.statusCode, 409, 'an old size other than the one held');
    assert.equal(stale.body, `${size}\n`);
  });

  test('an unknown log gets 404, a bad signature 403, a malformed body 400', async () => {
    const stranger = noteSigner(generateKey('c.example/ledger').signerKey);
    const other = signCheckpoint({ origin: 'c.example/ledger', size: 5, root: randomBytes(32), extensions: [] }, [
      stranger,
    ]);
    assert.equal((await addCheckpoint(`old 0\n\n${other}`)).statusCode, 404);
    // The right origin and key name, but not the key B trusts for it.
    const impostor = noteSigner(generateKey(ORIGIN).signerKey);
    const forged = signCheckpoint({ origin: ORIGIN, size: 999, root: randomBytes(32), extensions: [] }, [impostor]);
    const res = await addCheckpoint(`old ${Number((await bState()).size)}\n\n${forged}`);
    assert.equal(res.statusCode, 403);
    assert.equal((await addCheckpoint('hello')).statusCode, 400);
    const noType = await b.app.inject({ method: 'POST', url: '/ledger/witness/add-checkpoint', payload: 'x' });
    assert.equal(noType.statusCode, 400);
  });

  test('add-checkpoint is rate-limited per client', async () => {
    const hit = () =>
      b.app.inject({ method: 'POST', url: '/ledger/witness/add-checkpoint', payload: 'x', remoteAddress: '10.9.9.9' });
    for (let i = 0; i < 60; i++) assert.equal((await hit()).statusCode, 400);
    const limited = await hit();
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) > 0);
  });

  test('concurrent add-checkpoint requests from the same state: exactly one wins', async () => {
    await append(345, 20);
    assert.equal(await a.services.ledgerLog.publish(), true);
    const cp = (await a.services.db
      .selectFrom('ledger_checkpoints')
      .select(['note', 'size'])
      .orderBy('size', 'desc')
      .executeTakeFirst())!;
    const held = Number((await bState()).size);
    const body = await buildAddCheckpointRequest(a.services.ledgerLog.hashReader(Number(cp.size)), cp.note, held);
    const answers = await Promise.all(Array.from({ length: 8 }, () => addCheckpoint(body)));
    const codes = answers.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [200, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of answers.filter((x) => x.statusCode === 409)) assert.equal(r.body, `${cp.size}\n`);
    assert.equal(Number((await bState()).size), Number(cp.size));
  });

  test('a peer that is down is recorded and never blocks publishing; the job retries it later', async () => {
    const service = a.services.ledgerWitness.service;
    await service.addPeer(
      { name: 'Offline', vkey: generateKey('d.example/witness', 0x04).verifierKey, url: 'https://d.example/w/' },
      system,
    );
    await append(365, 1);
    assert.equal(await a.services.ledgerLog.publish(), true);
    const outcomes = await a.services.ledgerWitness.gather({ fetch });
    const offline = outcomes.find((o) => o.peer === 'Offline')!;
    assert.equal(offline.outcome, 'failed');
    assert.match(offline.detail!, /no route to d\.example/);
    // B holds 365 from the concurrent test (which A never heard of): A learns it from the 409 and retries.
    assert.equal(outcomes.find((o) => o.peer === 'Partner B')!.outcome, 'cosigned');
    const row = (await service.overview()).peers.find((p) => p.name === 'Offline')!;
    assert.match(row.last_error!, /no route/);
    assert.ok(row.last_error_at);
    assert.equal(row.cosigned_size, 0);
    const served = (await a.app.inject('/ledger/checkpoint')).body;
    assert.equal(checkCosignatures(served, [cosignatureVerifier(bWitnessKey)]).valid.length, 1);
  });

  test('the command line: dauys ledger verify --witness KEY --quorum N', async () => {
    const address = await a.app.listen({ port: 0, host: '127.0.0.1' });
    const stranger = generateKey('c.example/witness', 0x04).verifierKey;
    const ok = await dauys([
      'ledger',
      'verify',
      address,
      '--no-state',
      '--witness',
      bWitnessKey,
      '--witness',
      stranger,
      '--quorum',
      '1',
    ]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^OK verified a\.example\/ledger: 366 entries.*; cosigned by b\.example\/witness\n$/);
    const bad = await dauys([
      'ledger',
      'verify',
      address,
      '--no-state',
      '--witness',
      bWitnessKey,
      '--witness',
      stranger,
    ]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^FAILED: .*1 valid cosignatures, 2 required/);
  });

  test('rotating our witness key keeps the old one listed; new cosignatures use the new key', async () => {
    const old = bWitnessKey;
    const fresh = await b.services.ledgerWitness.service.rotateKey(system);
    assert.notEqual(fresh, old);
    assert.deepEqual(await b.services.ledgerWitness.keys.verifierKeys(), [fresh, old]);
    const audit = await b.services.audit.list({ action: 'ledger.witness.key_rotate' });
    assert.equal(audit.length, 1);
  });
});
