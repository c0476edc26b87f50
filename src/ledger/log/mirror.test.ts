import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { canonicalJsonBytes } from './canonical-json.ts';
import { signCheckpoint } from './checkpoint.ts';
import { cosignatureVerifier, cosigner } from './cosignature.ts';
import { SIG_COSIGNATURE_V1, generateKey, noteSigner, noteVerifier } from './keys.ts';
import { MemoryTree } from './memory-tree.ts';
import { LedgerVerifyError, mirrorLog } from './mirror.ts';
import { directoryStore, memoryStore, storeFetch, type FileStore } from './store.ts';
import { growTiles } from './tile-build.ts';
import { TILE_WIDTH, decodeEntryBundle, encodeEntryBundle, entryBundlesBetween, tilePath } from './tiles.ts';

const ORIGIN = 'dauys.example/ledger';
const BASE = 'https://dauys.example/ledger/';
const log = generateKey(ORIGIN);
const witness = generateKey('witness.example/w1', SIG_COSIGNATURE_V1);
const logKeys = [noteVerifier(log.verifierKey)];

const entryOf = (i: number) => canonicalJsonBytes({ amount: i * 100, currency: 'KZT', index: i, kind: 'received' });

/** A fake log server: the files a Dauys instance would serve, built with the same tile builder. */
class FakeLog {
  readonly files = memoryStore();
  readonly tree = new MemoryTree();
  readonly entries: Uint8Array[] = [];

  async grow(to: number, cosign = false) {
    const from = this.tree.size;
    const added: Uint8Array[] = [];
    while (this.entries.length < to) {
      const e = entryOf(this.entries.length);
      this.entries.push(e);
      added.push(this.tree.leafHashes(this.tree.append(e), this.tree.size)[0]);
    }
    for (const b of await growTiles(from, added, async (t) => (await this.files.read(tilePath(t)))!))
      await this.files.write(tilePath(b.tile), b.data);
    for (const b of entryBundlesBetween(from, to)) {
      const first = b.index * TILE_WIDTH;
      await this.files.write(tilePath(b), encodeEntryBundle(this.entries.slice(first, first + b.width)));
    }
    const checkpoint = { origin: ORIGIN, size: to, root: await this.tree.root(), extensions: [] };
    let note = signCheckpoint(checkpoint, [noteSigner(log.signerKey)]);
    if (cosign) note += cosigner(witness.signerKey).cosign(note.slice(0, note.lastIndexOf('\n\n') + 1), 1_800_000_000);
    await this.files.write('checkpoint', new TextEncoder().encode(note));
    return note;
  }

  fetch() {
    return storeFetch(this.files, BASE);
  }
}

const failsWith = async (p: Promise<unknown>, reason: string, entry?: number) =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof LedgerVerifyError || (e as { reason?: string }).reason, String(e));
    assert.equal((e as LedgerVerifyError).reason, reason, String(e));
    if (entry !== undefined) assert.equal((e as LedgerVerifyError).entry, entry);
    return true;
  });

const copyOf = (store: FileStore & { files: Map<string, Uint8Array> }) => memoryStore(new Map(store.files));

test('mirror: a fresh copy verifies and holds exactly the served files; growth fetches only what is new', async () => {
  const server = new FakeLog();
  await server.grow(700, true);
  const mine = memoryStore();
  const r1 = await mirrorLog({
    fetch: server.fetch(),
    baseUrl: BASE,
    logKeys,
    origin: ORIGIN,
    witnesses: [cosignatureVerifier(witness.verifierKey)],
    quorum: 1,
    store: mine,
  });
  assert.equal(r1.checkpoint.size, 700);
  assert.equal(r1.fromSize, 0);
  assert.equal(r1.cosignatures.valid.length, 1);
  for (const [path, data] of server.files.files) assert.deepEqual(mine.files.get(path), data, path);
  await server.grow(1000);
  const r2 = await mirrorLog({ fetch: server.fetch(), baseUrl: BASE, logKeys, store: mine });
  assert.equal(r2.fromSize, 700);
  // checkpoint + bundles 2 and 3 + level-0 tiles 2 and 3 + level-1 partial = 6
  assert.equal(r2.fetched, 6);
  for (const [path, data] of server.files.files) assert.deepEqual(mine.files.get(path), data, path);
  const r3 = await mirrorLog({ fetch: server.fetch(), baseUrl: BASE, logKeys, store: mine });
  assert.equal(r3.fetched, 1); // unchanged log: only the checkpoint
});

test('mirror: a tampered tile, entry or bundle is caught and the entry is named; nothing is written', async () => {
  const server = new FakeLog();
  await server.grow(600);
  // An entry edited on the server (e.g. a row changed in the database): its bundle no longer matches.
  {
    const files = copyOf(server.files);
    const bundle = files.files.get('tile/entries/001')!.slice();
    bundle[2 + 10] ^= 1; // first entry of bundle 1 = entry 256
    files.files.set('tile/entries/001', bundle);
    const mine = memoryStore();
    await failsWith(
      mirrorLog({ fetch: storeFetch(files, BASE), baseUrl: BASE, logKeys, store: mine }),
      'mirror.entry_mismatch',
      256,
    );
    assert.equal(mine.files.size, 0);
  }
  // A level-0 tile with one hash changed: the entry at that position is named.
  {
    const files = copyOf(server.files);
    const tile = files.files.get('tile/0/000')!.slice();
    tile[32 * 77] ^= 0x80;
    files.files.set('tile/0/000', tile);
    await failsWith(
      mirrorLog({ fetch: storeFetch(files, BASE), baseUrl: BASE, logKeys, store: memoryStore() }),
      'mirror.entry_mismatch',
      77,
    );
  }
  // A level-1 tile changed.
  {
    const files = copyOf(server.files);
    const tile = files.files.get('tile/1/000.p/2')!.slice();
    tile[40] ^= 1;
    files.files.set('tile/1/000.p/2', tile);
    await failsWith(
      mirrorLog({ fetch: storeFetch(files, BASE), baseUrl: BASE, logKeys, store: memoryStore() }),
      'mirror.tile_mismatch',
    );
  }
  // A missing tile, a truncated bundle, a checkpoint not signed by the log's key.
  {
    const files = copyOf(server.files);
    files.files.delete('tile/0/001');
    await failsWith(
      mirrorLog({ fetch: storeFetch(files, BASE), baseUrl: BASE, logKeys, store: memoryStore() }),
      'mirror.missing',
    );
  }
  {
    const files = copyOf(server.files);
    files.files.set('tile/entries/002.p/88', files.files.get('tile/entries/002.p/88')!.slice(0, 50));
    await failsWith(
      mirrorLog({ fetch: storeFetch(files, BASE), baseUrl: BASE, logKeys, store: memoryStore() }),
      'mirror.bad_bundle',
    );
  }
  {
    // Entry 520 deleted from its bundle: the entries after it shift, so entry 520 is the one named.
    const files = copyOf(server.files);
    const bundle = decodeEntryBundle(files.files.get('tile/entries/002.p/88')!);
    files.files.set('tile/entries/002.p/88', encodeEntryBundle([...bundle.slice(0, 8), ...bundle.slice(9)]));
    await failsWith(
      mirrorLog({ fetch: storeFetch(files, BASE), baseUrl: BASE, logKeys, store: memoryStore() }),
      'mirror.bad_bundle',
      520,
    );
  }
  const stranger = [noteVerifier(generateKey(ORIGIN).verifierKey)];
  await failsWith(
    mirrorLog({ fetch: server.fetch(), baseUrl: BASE, logKeys: stranger, store: memoryStore() }),
    'note.unverified',
  );
  await failsWith(
    mirrorLog({ fetch: server.fetch(), baseUrl: BASE, logKeys, store: memoryStore(), witnesses: [], quorum: 1 }),
    'mirror.quorum',
  );
});

test('mirror: a rewritten history is refused against the saved copy and a remembered checkpoint', async () => {
  const honest = new FakeLog();
  const first = await honest.grow(300);
  const mine = memoryStore();
  await mirrorLog({ fetch: honest.fetch(), baseUrl: BASE, logKeys, store: mine });
  // The operator rebuilds the log with entry 5 changed and signs a bigger tree: self-consistent files.
  const server = new FakeLog();
  server.entries.push(...Array.from({ length: 300 }, (_, i) => entryOf(i === 5 ? 999 : i)));
  for (const e of server.entries) server.tree.append(e);
  for (const b of await growTiles(0, server.tree.leafHashes(), () => new Uint8Array()))
    await server.files.write(tilePath(b.tile), b.data);
  for (const b of entryBundlesBetween(0, 300))
    await server.files.write(
      tilePath(b),
      encodeEntryBundle(server.entries.slice(b.index * 256, b.index * 256 + b.width)),
    );
  await server.grow(400);
  // A fresh verifier with no memory accepts it (it is a validly signed log)…
  await mirrorLog({ fetch: server.fetch(), baseUrl: BASE, logKeys, store: memoryStore() });
  // …but the saved copy and a remembered checkpoint both expose the rewrite.
  await failsWith(mirrorLog({ fetch: server.fetch(), baseUrl: BASE, logKeys, store: mine }), 'mirror.inconsistent');
  await failsWith(
    mirrorLog({ fetch: server.fetch(), baseUrl: BASE, logKeys, store: memoryStore(), previous: first }),
    'mirror.inconsistent',
  );
  // A log that shrank is a rollback.
  const small = new FakeLog();
  await small.grow(100);
  await failsWith(mirrorLog({ fetch: small.fetch(), baseUrl: BASE, logKeys, store: mine }), 'mirror.rollback');
});

test('mirror: writes the static layout to a directory, which verifies again as a source', async () => {
  const server = new FakeLog();
  await server.grow(260);
  const dir = await mkdtemp(join(tmpdir(), 'dauys-mirror-'));
  try {
    await mirrorLog({ fetch: server.fetch(), baseUrl: BASE, logKeys, store: directoryStore(dir) });
    assert.deepEqual(
      new Uint8Array(await readFile(join(dir, 'tile', '0', '000'))),
      server.files.files.get('tile/0/000'),
    );
    assert.ok((await readFile(join(dir, 'tile', 'entries', '001.p', '4'))).length > 0);
    assert.match(await readFile(join(dir, 'checkpoint'), 'utf8'), /^dauys\.example\/ledger\n260\n/);
    // `dauys ledger verify DIR`: the directory itself served through storeFetch.
    const again = await mirrorLog({
      fetch: storeFetch(directoryStore(dir), 'file:///m/'),
      baseUrl: 'file:///m/',
      logKeys,
      store: memoryStore(),
    });
    assert.equal(again.checkpoint.size, 260);
    await assert.rejects(() => directoryStore(dir).write('../escape', new Uint8Array()));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('mirror: a partial tile the server no longer has is taken from its full tile', async () => {
  // The log grew from 300 to 512 between our checkpoint fetch and our tile fetches, and dropped the
  // partial tiles of size 300 that its full tiles now cover.
  const server = new FakeLog();
  const at300 = await server.grow(300);
  await server.grow(512);
  const files = copyOf(server.files);
  for (const p of ['tile/0/001.p/44', 'tile/entries/001.p/44']) files.files.delete(p);
  files.files.set('checkpoint', new TextEncoder().encode(at300));
  const mine = memoryStore();
  const r = await mirrorLog({ fetch: storeFetch(files, BASE), baseUrl: BASE, logKeys, store: mine });
  assert.equal(r.checkpoint.size, 300);
  // Saved at the partial names, cut to the partial width.
  assert.equal(mine.files.get('tile/0/001.p/44')!.length, 44 * 32);
  assert.equal(
    mine.files.get('tile/entries/001.p/44')!.length,
    server.files.files.get('tile/entries/001.p/44')!.length,
  );
  assert.ok(!files.files.has('tile/0/001.p/44'));
});
