// Caseworkers' e-mail notices (components/testimony, notify.*): each one's choices, where her notices
// stand, and two counters that only ever go up. Nothing here names or dates a testimony: the counters
// say that something arrived, never which or when. Frozen once merged. Imports no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('testimony_notify_prefs')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('arrivals', 'text', (c) => c.notNull()) // immediate | digest | none
    .addColumn('expiry', 'text', (c) => c.notNull()) // immediate | digest | none
    .addColumn('locale', 'text', (c) => c.notNull()) // kk | ru | en
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('testimony_notify_state')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('arrivals_seen', 'integer', (c) => c.notNull().defaultTo(0)) // counter value she was told of or saw
    .addColumn('expiry_seen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_mail_at', 'text') // her last immediate notice, for "at most one per interval"
    .addColumn('digest_on', 'text') // the local day her digest last ran
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0)) // two workers never mail her twice
    .execute();

  await db.schema
    .createTable('testimony_notify_counters')
    .addColumn('kind', 'text', (c) => c.primaryKey()) // arrivals | expiry
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('testimony_notify_counters').ifExists().execute();
  await db.schema.dropTable('testimony_notify_state').ifExists().execute();
  await db.schema.dropTable('testimony_notify_prefs').ifExists().execute();
}
