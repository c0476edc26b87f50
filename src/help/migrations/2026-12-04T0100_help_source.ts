// Where each help entry comes from (the organisation or list that verified it), so a CSV import can
// find its own rows again and a reader can see whose data it is. Frozen once merged. Imports no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('help_services')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('help_services').dropColumn('source').execute();
}
