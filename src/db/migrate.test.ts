import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { collectMigrations } from './migrate.ts';

const root = mkdtempSync(join(tmpdir(), 'dauys-migrations-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A folder holding empty migrations with these names. */
function folder(name: string, migrations: string[]): URL {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const m of migrations) writeFileSync(join(dir, `${m}.ts`), 'export async function up() {}\n');
  return pathToFileURL(dir + '/');
}

test('migrations from several folders are merged in name order', async () => {
  const a = folder('a', ['2026-01-03T0000_c', '2026-01-01T0000_a']);
  const b = folder('b', ['2026-01-02T0000_b']);
  assert.deepEqual(Object.keys(await collectMigrations([a, b])), [
    '2026-01-01T0000_a',
    '2026-01-02T0000_b',
    '2026-01-03T0000_c',
  ]);
});

test('two migrations with one name are refused, naming both folders', async () => {
  const one = folder('one', ['2026-01-01T0000_same']);
  const two = folder('two', ['2026-01-01T0000_same', '2026-01-02T0000_other']);
  await assert.rejects(collectMigrations([one, two]), (err: Error) => {
    assert.match(err.message, /2026-01-01T0000_same/);
    assert.ok(err.message.includes(fileURLToPath(one)) && err.message.includes(fileURLToPath(two)), err.message);
    return true;
  });
});
