// The 20 first-level units (core/regions), filled by the reference loader.
// Until each module had its own migrations, 2026-11-21T2200_foundation created it. A database that ran
// that one already has it, hence ifNotExists. Frozen once merged. Imports no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('regions')
    .ifNotExists()
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name_kk', 'text', (c) => c.notNull())
    .addColumn('name_ru', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('centre', 'text', (c) => c.notNull()) // {kk,ru,en} JSON
    .addColumn('centre_lat', 'real', (c) => c.notNull())
    .addColumn('centre_lon', 'real', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('regions').ifExists().execute();
}
