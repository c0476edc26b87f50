import type { Db } from '../../db/database.ts';

export async function findSalt(db: Db, day: string): Promise<string | undefined> {
  const row = await db.selectFrom('ip_salts').select('salt').where('day', '=', day).executeTakeFirst();
  return row?.salt;
}

export async function insertSalt(db: Db, day: string, salt: string, now: string): Promise<void> {
  await db
    .insertInto('ip_salts')
    .values({ day, salt, created_at: now })
    .onConflict((oc) => oc.column('day').doNothing())
    .execute();
}

export async function deleteSaltsBefore(db: Db, day: string): Promise<number> {
  const res = await db.deleteFrom('ip_salts').where('day', '<', day).executeTakeFirst();
  return Number(res.numDeletedRows);
}
