// The support-services directory (src/help).
// Until each module had its own migrations, 2026-11-22T0400_testimony created it. A database that ran
// that one already has it, hence ifNotExists. Frozen once merged. Imports no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('help_services')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference_key', 'text', (c) => c.unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('region_code', 'text')
    .addColumn('city', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('address', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('hours', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('website', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('serves', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('needs', 'text', (c) => c.notNull().defaultTo('||'))
    .addColumn('cost', 'text', (c) => c.notNull())
    .addColumn('verified_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('help_services_region_idx')
    .ifNotExists()
    .on('help_services')
    .columns(['status', 'region_code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('help_services').ifExists().execute();
}
