import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { createByteBudget } from './byte-budget.ts';
import { prepareTempDir, writeSealedTemp } from './sealed-temp.ts';

test('byte budget: grants in order while bytes are free, queues the rest, times out waiters', async () => {
  const budget = createByteBudget(100);
  const a = await budget.acquire(60, 1000);
  assert.ok(a);
  const order: string[] = [];
  const big = budget.acquire(70, 1000).then((r) => (order.push('big'), r));
  const small = budget.acquire(10, 1000).then((r) => (order.push('small'), r));
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(order, [], 'the small one does not overtake the big one waiting before it');
  a();
  a(); // releasing twice frees the bytes once
  const [b, s] = await Promise.all([big, small]);
  assert.deepEqual(order, ['big', 'small']);
  assert.equal(budget.used, 80);
  assert.equal(await budget.acquire(30, 20), null, 'no room within the wait: null');
  b!();
  s!();
  assert.equal(budget.used, 0);
  const huge = await budget.acquire(500, 20);
  assert.ok(huge, 'more than the whole budget waits for all of it, not forever');
  huge();
});

test('sealed temp files: only ciphertext on disk, 0600, read back intact, removed on failure', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'dauys-temp-')), 'incoming');
  prepareTempDir(dir);
  const secret = Buffer.from('GPS 43.2389 N 76.8897 E '.repeat(5000));
  const temp = await writeSealedTemp(dir, Readable.from([secret.subarray(0, 50_000), secret.subarray(50_000)]));
  assert.equal(temp.size, secret.length);
  const [name] = readdirSync(dir);
  const onDisk = readFileSync(join(dir, name));
  assert.ok(!onDisk.includes('43.2389'), 'nothing readable on disk');
  assert.equal(statSync(join(dir, name)).mode & 0o777, 0o600);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  assert.ok((await temp.read()).equals(secret));
  writeFileSync(join(dir, name), Buffer.alloc(onDisk.length)); // tampered with
  await assert.rejects(temp.read());
  await temp.remove();
  assert.deepEqual(readdirSync(dir), []);

  const failing = new Readable({ read() {} });
  failing.push(secret);
  setTimeout(() => failing.destroy(new Error('cut off')), 5);
  await assert.rejects(writeSealedTemp(dir, failing), /cut off/);
  assert.deepEqual(readdirSync(dir), [], 'a failed write leaves nothing behind');
});

test('a temp directory left by a crashed process is swept of old files, not of fresh ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dauys-sweep-'));
  writeFileSync(join(dir, 'old'), 'x');
  writeFileSync(join(dir, 'fresh'), 'x');
  const twoHoursAgo = (Date.now() - 7_200_000) / 1000;
  utimesSync(join(dir, 'old'), twoHoursAgo, twoHoursAgo);
  prepareTempDir(dir);
  assert.deepEqual(readdirSync(dir), ['fresh']);
});
