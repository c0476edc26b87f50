// The integrity check the reliability script runs after each SIGKILL: clean on a freshly migrated
// database with data, and on SQLite it finds an index entry that no longer matches its row.
import assert from 'node:assert/strict';
import SQLite from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { createDb } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ALL_MIGRATION_FOLDERS } from '../src/boot.ts';
import { checkIntegrity } from '../src/db/portable.ts';
import { freshDatabase } from './helpers/db-url.ts';

test('a sound database passes the integrity check; a broken index does not', async () => {
  const database = await freshDatabase();
  const db = createDb({ dialect: database.dialect, databaseUrl: database.url, sqlitePath: database.sqliteFile });
  try {
    await migrateToLatest(db, ALL_MIGRATION_FOLDERS);
    for (let i = 0; i < 50; i++)
      await db
        .insertInto('ip_salts')
        .values({ day: `day-${i}`, salt: `salt-${i}`, created_at: new Date().toISOString() })
        .execute();
    const sound = await checkIntegrity(db);
    assert.deepEqual(sound.problems, []);
    assert.match(sound.checked, database.dialect === 'sqlite' ? /integrity_check/ : /amcheck|full read/);
    if (database.dialect !== 'sqlite') return; // corrupting a PostgreSQL index needs file access to the server
    // Change one index entry's row id on disk, behind SQLite's back: the index then misses row 2.
    await db.destroy();
    const raw = new SQLite(database.sqliteFile!);
    raw.exec(
      'CREATE TABLE probe (a INTEGER); CREATE INDEX probe_a ON probe (a); INSERT INTO probe VALUES (101), (102), (103);',
    );
    const { rootpage } = raw.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'probe_a'").get() as {
      rootpage: number;
    };
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close(); // checkpoints the WAL into the file
    const file = readFileSync(database.sqliteFile!);
    const page = file.subarray((rootpage - 1) * pageSize, rootpage * pageSize);
    const entry = page.indexOf(Buffer.from([0x03, 0x01, 0x01, 102, 0x02])); // record header, a = 102, rowid = 2
    assert.ok(entry > 0, 'the index entry is on its page');
    page[entry + 4] = 0x09;
    writeFileSync(database.sqliteFile!, file);
    const reopened = createDb({ dialect: 'sqlite', databaseUrl: database.url, sqlitePath: database.sqliteFile });
    const broken = await checkIntegrity(reopened);
    await reopened.destroy();
    assert.ok(
      broken.problems.some((p) => /probe_a/.test(p)),
      broken.problems.join('\n'),
    );
  } finally {
    await db.destroy().catch(() => undefined);
    await database.drop();
  }
});
