// The daily salts of IP hashes (core/privacy).
// Until each module had its own migrations, 2026-11-21T2200_foundation created it. A database that ran
// that one already has it, hence ifNotExists. Frozen once merged. Imports no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ip_salts')
    .ifNotExists()
    .addColumn('day', 'text', (c) => c.primaryKey()) // YYYY-MM-DD (UTC)
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ip_salts').ifExists().execute();
}
