import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AuditLogTable, SessionsTable, UsersTable } from './accounts.table.ts';

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditRow = Selectable<AuditLogTable>;

export const findUserByEmail = (db: Db, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
export const findUserById = (db: Db, id: string) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
export const listUsers = (db: Db) => db.selectFrom('users').selectAll().orderBy('email').execute();
export const countUsers = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export async function insertUser(db: Db, row: Insertable<UsersTable>): Promise<void> {
  await db.insertInto('users').values(row).execute();
}
export async function updateUser(db: Db, id: string, patch: Updateable<UsersTable>): Promise<void> {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function insertSession(db: Db, row: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}
export const findSession = (db: Db, idHash: string) =>
  db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
export async function updateSession(db: Db, idHash: string, patch: Updateable<SessionsTable>): Promise<void> {
  await db.updateTable('sessions').set(patch).where('id_hash', '=', idHash).execute();
}
export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}
export async function deleteUserSessions(db: Db, userId: string, exceptIdHash?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptIdHash) q = q.where('id_hash', '!=', exceptIdHash);
  await q.execute();
}
export async function deleteExpiredSessions(db: Db, now: string): Promise<number> {
  return Number((await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst()).numDeletedRows);
}

/**
 * Counts one sign-in attempt against a counter in a single statement, unless the counter is locked
 * (then nothing is counted and null comes back). The attempt that reaches `lockAt` locks the counter
 * at once, before its password is even checked, so attempts sent in parallel cannot slip past.
 */
export async function reserveSignInAttempt(
  db: Db,
  key: string,
  lockAt: number,
  now: string,
  lockUntil: string,
): Promise<number | null> {
  const row = await db
    .insertInto('sign_in_throttle')
    .values({ key, failures: 1, locked_until: lockAt <= 1 ? lockUntil : null, updated_at: now })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          failures: sql`sign_in_throttle.failures + 1`,
          locked_until: sql`CASE WHEN sign_in_throttle.failures + 1 >= ${lockAt} THEN ${lockUntil} ELSE NULL END`,
          updated_at: now,
        })
        .where((eb) =>
          eb.or([eb('sign_in_throttle.locked_until', 'is', null), eb('sign_in_throttle.locked_until', '<=', now)]),
        ),
    )
    .returning('failures')
    .executeTakeFirst();
  return row ? Number(row.failures) : null;
}
/** Lengthens a counter's lock to `until` (never shortens it). */
export async function extendSignInLock(db: Db, key: string, until: string): Promise<void> {
  await db
    .updateTable('sign_in_throttle')
    .set({ locked_until: until })
    .where('key', '=', key)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', until)]))
    .execute();
}
export const findSignInThrottle = (db: Db, key: string) =>
  db.selectFrom('sign_in_throttle').selectAll().where('key', '=', key).executeTakeFirst();
export const findSignInThrottles = (db: Db, keys: string[]) =>
  keys.length ? db.selectFrom('sign_in_throttle').selectAll().where('key', 'in', keys).execute() : Promise.resolve([]);
export async function clearSignInThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}
/** Forgets counters untouched since `before` whose lock (if any) is over. */
export async function deleteStaleSignInThrottles(db: Db, before: string, now: string): Promise<number> {
  const res = await db
    .deleteFrom('sign_in_throttle')
    .where('updated_at', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function insertAudit(db: Db, row: Insertable<AuditLogTable>): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}
export async function listAudit(
  db: Db,
  opts: { limit: number; before?: string; action?: string; subjectId?: string },
): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(opts.limit);
  if (opts.before) q = q.where('id', '<', opts.before);
  if (opts.action) q = q.where('action', '=', opts.action);
  if (opts.subjectId) q = q.where('subject_id', '=', opts.subjectId);
  return q.execute();
}
