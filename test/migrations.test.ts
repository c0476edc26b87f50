// Each module owns its migrations; some tables moved to their owner's migration when that began.
// A database migrated before the move (commit 6d04e7f, recorded in fixtures/schema-6d04e7f.txt) must
// upgrade without re-running anything and end with exactly the schema of a fresh database.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { Migrator, sql, type Migration } from 'kysely';
import { createDb, type Db } from '../src/db/database.ts';
import { collectMigrations, migrateToLatest } from '../src/db/migrate.ts';
import { ALL_MIGRATION_FOLDERS } from '../src/boot.ts';
import { freshDatabase } from './helpers/db-url.ts';
import { describeSchema } from './helpers/schema.ts';

// What each migration of 6d04e7f became: the tables it created now come from these migrations.
const BEFORE_THE_MOVE: Record<string, string[]> = {
  '2026-11-21T2200_foundation': [
    '2026-11-21T2100_regions',
    '2026-11-21T2110_campaigns',
    '2026-11-21T2120_jobs',
    '2026-11-21T2130_privacy',
    '2026-11-21T2200_foundation',
  ],
  '2026-11-22T0100_observatory': ['2026-11-22T0100_observatory'],
  '2026-11-22T0200_petitions': ['2026-11-22T0150_mail', '2026-11-22T0160_appeal', '2026-11-22T0200_petitions'],
  '2026-11-22T0400_testimony': ['2026-11-22T0350_help', '2026-11-22T0400_testimony'],
  '2026-11-22T0500_monitor': ['2026-11-22T0500_monitor'],
  '2026-11-23T0100_forget_plain_ip_salts': ['2026-11-23T0100_forget_plain_ip_salts'],
  '2026-11-23T0200_sign_in_throttle': ['2026-11-23T0200_sign_in_throttle'],
  '2026-11-23T0300_totp_pending_since': ['2026-11-23T0300_totp_pending_since'],
};

function recorded(dialect: 'sqlite' | 'postgres') {
  const lines = readFileSync(new URL('./fixtures/schema-6d04e7f.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  const other = dialect === 'sqlite' ? 'postgres ' : 'sqlite ';
  return {
    migrations: lines.filter((l) => l.startsWith('migration ')).map((l) => l.slice('migration '.length)),
    schema: lines
      .filter((l) => !l.startsWith('migration ') && !l.startsWith(other))
      .map((l) => l.replace(/^(sqlite|postgres) /, ''))
      .sort(),
  };
}

/** Runs these migrations, under these names, each made of the listed new migrations in order. */
async function runAs(db: Db, groups: Record<string, string[]>, all: Record<string, Migration>): Promise<void> {
  const migrations: Record<string, Migration> = {};
  for (const [name, parts] of Object.entries(groups))
    migrations[name] = {
      async up(trx) {
        for (const part of parts) await all[part].up(trx);
      },
    };
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) throw error;
}

const applied = async (db: Db) =>
  (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map((r) => r.name);

test('a database migrated before modules owned their migrations upgrades to the schema of a fresh one', async () => {
  const all = await collectMigrations(ALL_MIGRATION_FOLDERS);
  const fresh = await freshDatabase();
  const old = await freshDatabase();
  const freshDb = createDb({ dialect: fresh.dialect, databaseUrl: fresh.url, sqlitePath: fresh.sqliteFile });
  const oldDb = createDb({ dialect: old.dialect, databaseUrl: old.url, sqlitePath: old.sqliteFile });
  try {
    const before = recorded(fresh.dialect);
    assert.deepEqual(Object.keys(BEFORE_THE_MOVE), before.migrations);
    for (const name of before.migrations) assert.ok(all[name], `${name} keeps its name, or databases would re-run it`);

    // A fresh database, migrated with what replaced the old migrations, has their schema exactly.
    const replacements = Object.values(BEFORE_THE_MOVE).flat().sort();
    await runAs(freshDb, Object.fromEntries(replacements.map((name) => [name, [name]])), all);
    assert.deepEqual(await describeSchema(freshDb), before.schema);

    // A database as the old migrations left it, with their names.
    await runAs(oldDb, BEFORE_THE_MOVE, all);
    assert.deepEqual(await describeSchema(oldDb), before.schema);
    assert.deepEqual(await applied(oldDb), before.migrations);

    // Upgrading runs only migrations it has not run (those for moved tables doing nothing) …
    const upgrade = await migrateToLatest(oldDb, ALL_MIGRATION_FOLDERS);
    assert.deepEqual(
      upgrade,
      Object.keys(all).filter((name) => !before.migrations.includes(name)),
    );
    // … and ends where a fresh database ends.
    await migrateToLatest(freshDb, ALL_MIGRATION_FOLDERS);
    assert.deepEqual(await describeSchema(oldDb), await describeSchema(freshDb));
    assert.deepEqual(await applied(oldDb), await applied(freshDb));
    assert.deepEqual(await applied(freshDb), Object.keys(all));
  } finally {
    await freshDb.destroy();
    await oldDb.destroy();
    await fresh.drop();
    await old.drop();
  }
});

test('every migrations/ folder under src belongs to a module boot.ts lists', () => {
  const src = fileURLToPath(new URL('../src/', import.meta.url));
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (!statSync(full).isDirectory()) continue;
      // A folder holding two modules names each one's `<part>-migrations/` (the ledger's log and books).
      if (name === 'migrations' || name.endsWith('-migrations')) found.push(full + '/');
      else walk(full);
    }
  };
  walk(src);
  assert.deepEqual(ALL_MIGRATION_FOLDERS.map((u) => fileURLToPath(u)).sort(), found.sort());
});
