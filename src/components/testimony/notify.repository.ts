// Caseworkers' e-mail notices: plain queries (see notify.service.ts for what they mean).
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { TestimonyNotifyPrefsTable, TestimonyNotifyStateTable } from './notify.table.ts';

export type PrefsRow = Selectable<TestimonyNotifyPrefsTable>;
export type StateRow = Selectable<TestimonyNotifyStateTable>;
import type { NoticeKind } from './notify.ts';

export type CounterKind = NoticeKind;

/** One more of `kind` happened; the counter starts at 1. */
export async function bump(db: Db, kind: CounterKind): Promise<void> {
  await db
    .insertInto('testimony_notify_counters')
    .values({ kind, seq: 1 })
    .onConflict((oc) => oc.column('kind').doUpdateSet((eb) => ({ seq: eb('testimony_notify_counters.seq', '+', 1) })))
    .execute();
}

export async function counters(db: Db): Promise<Record<CounterKind, number>> {
  const rows = await db.selectFrom('testimony_notify_counters').selectAll().execute();
  const get = (k: CounterKind) => Number(rows.find((r) => r.kind === k)?.seq ?? 0);
  return { arrivals: get('arrivals'), expiry: get('expiry') };
}

export const prefsOf = (db: Db, userIds: string[]) =>
  userIds.length
    ? db.selectFrom('testimony_notify_prefs').selectAll().where('user_id', 'in', userIds).execute()
    : Promise.resolve([] as PrefsRow[]);

export async function savePrefs(db: Db, row: PrefsRow): Promise<void> {
  await db
    .insertInto('testimony_notify_prefs')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ arrivals: row.arrivals, expiry: row.expiry, locale: row.locale, updated_at: row.updated_at }),
    )
    .execute();
}

/** Every listed person's state, made (with nothing seen) for those who have none yet. */
export async function statesOf(db: Db, userIds: string[]): Promise<StateRow[]> {
  if (!userIds.length) return [];
  await db
    .insertInto('testimony_notify_state')
    .values(userIds.map((user_id) => ({ user_id, arrivals_seen: 0, expiry_seen: 0, version: 0 })))
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  return db.selectFrom('testimony_notify_state').selectAll().where('user_id', 'in', userIds).execute();
}

/** Writes a state read at `version`; false when someone else changed it since (nothing written). */
export async function updateState(
  db: Db,
  s: StateRow,
  patch: Partial<Omit<StateRow, 'user_id' | 'version'>>,
): Promise<boolean> {
  const res = await db
    .updateTable('testimony_notify_state')
    .set({ ...patch, version: s.version + 1 })
    .where('user_id', '=', s.user_id)
    .where('version', '=', s.version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** She looked at the inbox: what had arrived (and was flagged) by then is no news to her. */
export async function markSeen(db: Db, userId: string, seen: Record<CounterKind, number>): Promise<void> {
  await db
    .insertInto('testimony_notify_state')
    .values({ user_id: userId, arrivals_seen: seen.arrivals, expiry_seen: seen.expiry, version: 0 })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet((eb) => ({
        arrivals_seen: seen.arrivals,
        expiry_seen: seen.expiry,
        version: eb('testimony_notify_state.version', '+', 1),
      })),
    )
    .execute();
}

/** Who holds the organisation key in force (a revoked person holds none). */
export async function activeKeyHolders(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('testimony_grants')
    .innerJoin('testimony_org_keys', 'testimony_org_keys.id', 'testimony_grants.org_key_id')
    .select('testimony_grants.user_id')
    .where('testimony_org_keys.status', '=', 'active')
    .execute();
  return rows.map((r) => r.user_id);
}
