// Test-only: the entries of the in-memory ledger log (test/helpers/ledger-log-memory.ts) live in a
// table, so that an append rolls back with the caller's transaction exactly as the real log's does.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('test_ledger_log')
    .addColumn('idx', 'integer', (c) => c.primaryKey())
    .addColumn('json', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('test_ledger_log').ifExists().execute();
}
