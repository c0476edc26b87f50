// Data only: IP hashes are now keyed with DAUYS_SECRET as well as the daily salt. Hashes made before
// (petition signatures' ip_hash and ip_prefix_hash, appeal letters' ip_hash) were keyed with the
// stored salt alone, so anyone holding a copy of the database could recover the address by trying
// all of IPv4. Deleting those salts now makes every such hash unlinkable at once, instead of after
// the retention period. Today's salt goes too; a fresh one is made on the next request.
// Frozen once merged. Imports no application code.
import { sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres');

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DELETE FROM ip_salts`.execute(db);
    return;
  }
  // SQLite would otherwise leave the deleted salts' bytes in free pages of the file, where a copy of
  // the file still shows them; secure_delete overwrites them, and the checkpoint moves the zeroed
  // pages out of the write-ahead log into the file. Best effort: a busy checkpoint happens later.
  const before = (await sql<{ secure_delete: number }>`PRAGMA secure_delete`.execute(db)).rows[0]?.secure_delete ?? 0;
  await sql`PRAGMA secure_delete = ON`.execute(db);
  await sql`DELETE FROM ip_salts`.execute(db);
  await sql.raw(`PRAGMA secure_delete = ${Number(before)}`).execute(db);
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
}

export async function down(): Promise<void> {
  // The deleted salts are meant to be gone for good.
}
