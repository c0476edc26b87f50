// Schema only: when the two-step secret waiting for its first code was made, so that set-up can show
// the same secret again (after a reload or a wrong code) until it is confirmed or grows old.
// Frozen once merged. Imports no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_pending_since', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('totp_pending_since').execute();
}
