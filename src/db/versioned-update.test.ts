// The optimistic update with child rows, on SQLite or (DAUYS_TEST_DATABASE_URL) PostgreSQL. Everything
// runs in one rolled-back transaction on temporary tables, as callers run it inside theirs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { createDb } from './database.ts';
import { updateVersioned } from './versioned-update.ts';

interface TestTables {
  notes: { id: string; body: string; version: number };
  note_tags: { id: string; note_id: string; tag: string };
}

const url = process.env.DAUYS_TEST_DATABASE_URL;
const pg = !!url && /^postgres(ql)?:\/\//.test(url);

class RollBack extends Error {}

test('a stale version changes nothing; the current one bumps it and replaces only that record’s children', async () => {
  const db = createDb({
    dialect: pg ? 'postgres' : 'sqlite',
    databaseUrl: pg ? url : 'sqlite::memory:',
    sqlitePath: pg ? null : ':memory:',
  }) as unknown as Kysely<TestTables>;
  try {
    await db
      .transaction()
      .execute(async (trx: Kysely<TestTables>) => {
        await sql`CREATE TEMPORARY TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL, version INTEGER NOT NULL)`.execute(
          trx,
        );
        await sql`CREATE TEMPORARY TABLE note_tags (id TEXT PRIMARY KEY, note_id TEXT NOT NULL, tag TEXT NOT NULL)`.execute(
          trx,
        );
        await trx
          .insertInto('notes')
          .values([
            { id: 'a', body: 'first', version: 3 },
            { id: 'b', body: 'other', version: 1 },
          ])
          .execute();
        await trx
          .insertInto('note_tags')
          .values([
            { id: 't1', note_id: 'a', tag: 'old' },
            { id: 't2', note_id: 'b', tag: 'kept' },
          ])
          .execute();
        const newTags = () => ({
          table: 'note_tags' as const,
          parentColumn: 'note_id' as const,
          rows: [{ id: 't3', note_id: 'a', tag: 'new' }],
        });
        const state = async () => ({
          notes: await trx.selectFrom('notes').selectAll().orderBy('id').execute(),
          tags: await trx.selectFrom('note_tags').selectAll().orderBy('id').execute(),
        });

        const before = await state();
        const stale = await updateVersioned(
          trx,
          { table: 'notes', id: 'a', expectedVersion: 2, patch: { body: 'lost' } },
          newTags(),
        );
        assert.equal(stale, false);
        assert.deepEqual(await state(), before, 'a conflict writes neither the record nor its children');

        const ok = await updateVersioned(
          trx,
          { table: 'notes', id: 'a', expectedVersion: 3, patch: { body: 'second' } },
          newTags(),
        );
        assert.equal(ok, true);
        assert.deepEqual(await state(), {
          notes: [
            { id: 'a', body: 'second', version: 4 },
            { id: 'b', body: 'other', version: 1 },
          ],
          tags: [
            { id: 't2', note_id: 'b', tag: 'kept' },
            { id: 't3', note_id: 'a', tag: 'new' },
          ],
        });
        throw new RollBack();
      })
      .catch((err) => {
        if (!(err instanceof RollBack)) throw err;
      });
  } finally {
    await db.destroy();
  }
});
