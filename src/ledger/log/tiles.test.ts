import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from './bytes.ts';
import { LedgerFormatError } from './errors.ts';
import { MemoryTree } from './memory-tree.ts';
import { consistencyProof, inclusionProof, treeRoot } from './merkle.ts';
import { buildTile, growTiles } from './tile-build.ts';
import { TileHashReader } from './tile-reader.ts';
import {
  decodeEntryBundle,
  encodeEntryBundle,
  encodeTileIndex,
  entryBundlesBetween,
  parseTilePath,
  tilePath,
  tilesBetween,
  tilesForSize,
  type TileId,
} from './tiles.ts';

test('tile paths: 3-digit elements with x on all but the last, .p/W for partial tiles', () => {
  assert.equal(encodeTileIndex(1234067), 'x001/x234/067');
  assert.equal(encodeTileIndex(0), '000');
  assert.equal(encodeTileIndex(999), '999');
  assert.equal(encodeTileIndex(1000), 'x001/000');
  assert.equal(tilePath({ level: 0, index: 1234067, width: 256 }), 'tile/0/x001/x234/067');
  assert.equal(tilePath({ level: 2, index: 5, width: 17 }), 'tile/2/005.p/17');
  assert.equal(tilePath({ level: 'entries', index: 1000, width: 1 }), 'tile/entries/x001/000.p/1');
  assert.throws(() => tilePath({ level: 0, index: 0, width: 0 }), RangeError);
  assert.throws(() => tilePath({ level: 64, index: 0, width: 1 }), RangeError);
});

test('tile paths parse back, and only the canonical spelling is accepted', () => {
  const ids: TileId[] = [
    { level: 0, index: 0, width: 256 },
    { level: 1, index: 1234067, width: 255 },
    { level: 63, index: 999, width: 1 },
    { level: 'entries', index: 1000, width: 256 },
    { level: 'entries', index: 42, width: 3 },
  ];
  for (const id of ids) assert.deepEqual(parseTilePath(tilePath(id)), id);
  const refused = [
    '',
    'tile',
    'tile/0',
    'tile/0/',
    'tiles/0/000',
    '/tile/0/000',
    'tile/00/000',
    'tile/01/000',
    'tile/64/000',
    'tile/-1/000',
    'tile/x/000',
    'tile/0/0',
    'tile/0/0000',
    'tile/0/x000/001',
    'tile/0/001/002',
    'tile/0/x001/x002',
    'tile/0/y001/002',
    'tile/0/000.p/0',
    'tile/0/000.p/256',
    'tile/0/000.p/017',
    'tile/0/000.p/',
    'tile/0/000.p',
    'tile/0/000/.p/5',
    'tile/0/x001.p/5',
    'tile/0/000.q/5',
    'tile/0/000/',
    'tile/0/../000',
    'tile/entries/00a',
    'tile/0/x001/x002/x003/x004/x005/x006/007',
  ];
  for (const p of refused)
    assert.throws(
      () => parseTilePath(p),
      (e: unknown) => e instanceof LedgerFormatError && e.reason === 'tile.bad_path',
      p,
    );
});

test('tiles for a size: the spec example of 70,000 and of 256', () => {
  const t = tilesForSize(70000);
  const summary = (lv: number) => t.filter((x) => x.level === lv).map((x) => x.width);
  assert.equal(summary(0).length, 274);
  assert.deepEqual(summary(0).slice(272), [256, 112]);
  assert.deepEqual(summary(1), [256, 17]);
  assert.deepEqual(summary(2), [1]);
  assert.deepEqual(tilesForSize(256), [
    { level: 0, index: 0, width: 256 },
    { level: 1, index: 0, width: 1 },
  ]);
  assert.deepEqual(tilesForSize(0), []);
});

test('tiles between sizes: only new full tiles and the new partials', () => {
  assert.deepEqual(tilesBetween(10, 10), []);
  assert.deepEqual(tilesBetween(10, 20), [{ level: 0, index: 0, width: 20 }]);
  assert.deepEqual(tilesBetween(250, 600), [
    { level: 0, index: 0, width: 256 },
    { level: 0, index: 1, width: 256 },
    { level: 0, index: 2, width: 88 },
    { level: 1, index: 0, width: 2 },
  ]);
  assert.deepEqual(entryBundlesBetween(250, 300), [
    { level: 'entries', index: 0, width: 256 },
    { level: 'entries', index: 1, width: 44 },
  ]);
  assert.throws(() => tilesBetween(5, 4), RangeError);
});

const leafTree = (n: number) => {
  const t = new MemoryTree();
  for (let i = 0; i < n; i++) t.append(new Uint8Array([i & 255, (i >> 8) & 255, i >> 16]));
  return t;
};

test('growing tiles step by step gives exactly the tiles built from the whole tree', async () => {
  const full = leafTree(66_000); // three tile levels
  const store = new Map<string, Uint8Array>();
  let size = 0;
  for (const step of [1, 254, 1, 300, 65_000, 443, 1]) {
    const added = full.leafHashes(size, size + step);
    const built = await growTiles(size, added, (t) => {
      const data = store.get(tilePath(t));
      assert.ok(data, `grow asked for ${tilePath(t)}, which was never written`);
      return data;
    });
    assert.deepEqual(
      built.map((b) => tilePath(b.tile)),
      tilesBetween(size, size + step).map(tilePath),
      `grow ${size} → ${size + step}`,
    );
    for (const b of built) store.set(tilePath(b.tile), b.data);
    size += step;
  }
  assert.equal(size, 66_000);
  for (const t of tilesForSize(size)) {
    const want = await buildTile(full, t);
    assert.equal(toHex(store.get(tilePath(t))!), toHex(want), tilePath(t));
  }
});

test('a tile-backed reader computes the same roots and proofs as the full tree', async () => {
  const full = leafTree(70_000);
  let fetched = 0;
  for (const size of [1, 255, 256, 257, 65_536, 65_537, 70_000]) {
    const reader = new TileHashReader(size, (t) => (fetched++, buildTile(full, t)));
    assert.equal(toHex(await treeRoot(reader, size)), toHex(await full.root(size)), `root ${size}`);
    for (const i of [0, Math.floor(size / 3), size - 1]) {
      const got = await inclusionProof(reader, i, size);
      assert.deepEqual(got.map(toHex), (await inclusionProof(full, i, size)).map(toHex), `inclusion ${i}/${size}`);
    }
    for (const m of [1, Math.floor(size / 2), size - 1].filter((m) => m > 0)) {
      const got = await consistencyProof(reader, m, size);
      assert.deepEqual(got.map(toHex), (await consistencyProof(full, m, size)).map(toHex), `consistency ${m}/${size}`);
    }
  }
  assert.ok(fetched > 0);
  // A short tile is caught rather than silently producing wrong hashes.
  const short = new TileHashReader(300, () => new Uint8Array(31));
  await assert.rejects(
    () => treeRoot(short, 300),
    (e: unknown) => e instanceof LedgerFormatError && e.reason === 'tile.bad_length',
  );
});

test('a shared tile cache serves later readers (of any size) without refetching; failures are not cached', async () => {
  const full = leafTree(1000);
  const cache = new Map();
  let fetched = 0;
  const fetcher = (t: TileId & { level: number }) => (fetched++, buildTile(full, t));
  const root = await treeRoot(new TileHashReader(1000, fetcher, cache), 1000);
  const before = fetched;
  assert.deepEqual(await treeRoot(new TileHashReader(1000, fetcher, cache), 1000), root);
  assert.equal(fetched, before);
  assert.deepEqual(await treeRoot(new TileHashReader(768, fetcher, cache), 768), await full.root(768));
  let fail = true;
  const flaky = async (t: TileId & { level: number }) => {
    if (fail) throw new Error('network down');
    return buildTile(full, t);
  };
  const shared = new Map();
  await assert.rejects(() => treeRoot(new TileHashReader(5, flaky, shared), 5), /network down/);
  fail = false;
  assert.deepEqual(await treeRoot(new TileHashReader(5, flaky, shared), 5), await full.root(5));
});

test('entry bundles: uint16 big-endian lengths, round trip, truncation refused', () => {
  const entries = [new Uint8Array(0), new Uint8Array([1, 2, 3]), new Uint8Array(300).fill(7)];
  const b = encodeEntryBundle(entries);
  assert.deepEqual([...b.slice(0, 7)], [0, 0, 0, 3, 1, 2, 3]);
  assert.deepEqual([...b.slice(7, 9)], [1, 44]); // 300 = 0x012c
  assert.deepEqual(decodeEntryBundle(b, 3), entries);
  assert.throws(() => decodeEntryBundle(b.slice(0, b.length - 1)), LedgerFormatError);
  assert.throws(() => decodeEntryBundle(b.slice(0, 1)), LedgerFormatError);
  assert.throws(() => decodeEntryBundle(b, 4), LedgerFormatError);
  assert.throws(() => encodeEntryBundle([new Uint8Array(65_536)]), LedgerFormatError);
});
