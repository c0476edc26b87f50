import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type * as T from './testimony.table.ts';

export type TestimonyRow = Selectable<T.TestimoniesTable>;
export type ItemRow = Selectable<T.TestimonyItemsTable>;
export type FileRow = Selectable<T.TestimonyFilesTable>;
export type OrgKeyRow = Selectable<T.TestimonyOrgKeysTable>;
export type StaffKeyRow = Selectable<T.TestimonyStaffKeysTable>;
export type GrantRow = Selectable<T.TestimonyGrantsTable>;
export type StatsRow = Selectable<T.TestimonyStatsTable>;

// Keys
export const activeOrgKey = (db: Db) =>
  db.selectFrom('testimony_org_keys').selectAll().where('status', '=', 'active').executeTakeFirst();
export const orgKeys = (db: Db) =>
  db.selectFrom('testimony_org_keys').selectAll().orderBy('created_at', 'desc').execute();
export const findOrgKey = (db: Db, id: string) =>
  db.selectFrom('testimony_org_keys').selectAll().where('id', '=', id).executeTakeFirst();
export const insertOrgKey = (db: Db, row: Insertable<T.TestimonyOrgKeysTable>) =>
  db.insertInto('testimony_org_keys').values(row).execute();
export const retireOrgKeys = (db: Db) =>
  db.updateTable('testimony_org_keys').set({ status: 'retired' }).where('status', '=', 'active').execute();

export const staffKey = (db: Db, userId: string) =>
  db.selectFrom('testimony_staff_keys').selectAll().where('user_id', '=', userId).executeTakeFirst();
export const staffKeys = (db: Db) => db.selectFrom('testimony_staff_keys').selectAll().execute();
export async function upsertStaffKey(db: Db, row: Insertable<T.TestimonyStaffKeysTable>): Promise<void> {
  await db
    .insertInto('testimony_staff_keys')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ public_key: row.public_key, wrapped_secret: row.wrapped_secret, updated_at: row.updated_at }),
    )
    .execute();
}

export const grantsFor = (db: Db, userId: string) =>
  db.selectFrom('testimony_grants').selectAll().where('user_id', '=', userId).execute();
export const grantsOf = (db: Db, orgKeyId: string) =>
  db.selectFrom('testimony_grants').selectAll().where('org_key_id', '=', orgKeyId).execute();
export async function upsertGrant(db: Db, row: Insertable<T.TestimonyGrantsTable>): Promise<void> {
  await db
    .insertInto('testimony_grants')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['org_key_id', 'user_id'])
        .doUpdateSet({ sealed: row.sealed, created_by: row.created_by, created_at: row.created_at }),
    )
    .execute();
}
export const deleteGrantsOf = (db: Db, userId: string) =>
  db.deleteFrom('testimony_grants').where('user_id', '=', userId).execute();

// Testimonies
export const insertTestimony = (db: Db, row: Insertable<T.TestimoniesTable>) =>
  db.insertInto('testimonies').values(row).execute();
export const findTestimony = (db: Db, id: string) =>
  db.selectFrom('testimonies').selectAll().where('id', '=', id).executeTakeFirst();
export const findByReceiptHash = (db: Db, hash: string) =>
  db.selectFrom('testimonies').selectAll().where('receipt_hash', '=', hash).executeTakeFirst();
export async function updateTestimony(db: Db, id: string, patch: Updateable<T.TestimoniesTable>): Promise<void> {
  await db.updateTable('testimonies').set(patch).where('id', '=', id).execute();
}
/** Everything she gave: the case, its messages and files (cascade), her statistics row and her published story. */
export async function deleteEverything(db: Db, id: string): Promise<void> {
  await db.deleteFrom('testimony_stats').where('testimony_id', '=', id).execute();
  await db.deleteFrom('testimony_stories').where('testimony_id', '=', id).execute();
  await db.deleteFrom('testimonies').where('id', '=', id).execute();
}
/** Retention: the private case goes; anonymous statistics and an approved public story stay, unlinked. */
export async function expire(db: Db, id: string): Promise<void> {
  await db.updateTable('testimony_stats').set({ testimony_id: null }).where('testimony_id', '=', id).execute();
  await db.updateTable('testimony_stories').set({ testimony_id: null }).where('testimony_id', '=', id).execute();
  await db.deleteFrom('testimonies').where('id', '=', id).execute();
}

export interface InboxFilter {
  statuses: string[];
  assigneeId?: string;
  limit: number;
  offset: number;
}
export async function listTestimonies(db: Db, f: InboxFilter): Promise<{ rows: TestimonyRow[]; total: number }> {
  let q = db.selectFrom('testimonies').where('status', 'in', f.statuses);
  if (f.assigneeId) q = q.where('assignee_id', '=', f.assigneeId);
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .selectAll()
    .orderBy(sql`CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`)
    .orderBy('created_on', 'desc')
    .orderBy('id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total };
}

export async function countWarned(db: Db): Promise<number> {
  const r = await db
    .selectFrom('testimonies')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('warned_on', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
export const expiringBy = (db: Db, day: string) =>
  db.selectFrom('testimonies').selectAll().where('expires_on', '<=', day).execute();

// Items and files
export async function nextSeq(db: Db, testimonyId: string): Promise<number> {
  const r = await db
    .selectFrom('testimony_items')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('testimony_id', '=', testimonyId)
    .executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}
export const insertItem = (db: Db, row: Insertable<T.TestimonyItemsTable>) =>
  db.insertInto('testimony_items').values(row).execute();
export const itemsOf = (db: Db, testimonyId: string) =>
  db.selectFrom('testimony_items').selectAll().where('testimony_id', '=', testimonyId).orderBy('seq').execute();
export const findItem = (db: Db, id: string) =>
  db.selectFrom('testimony_items').selectAll().where('id', '=', id).executeTakeFirst();
export async function setDraftState(db: Db, id: string, from: string, to: string): Promise<boolean> {
  const r = await db
    .updateTable('testimony_items')
    .set({ draft_state: to })
    .where('id', '=', id)
    .where('draft_state', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
export const withdrawDrafts = (db: Db, testimonyId: string) =>
  db
    .updateTable('testimony_items')
    .set({ draft_state: 'withdrawn' })
    .where('testimony_id', '=', testimonyId)
    .where('draft_state', '=', 'proposed')
    .execute();

export const insertFiles = (db: Db, rows: Insertable<T.TestimonyFilesTable>[]) =>
  rows.length ? db.insertInto('testimony_files').values(rows).execute() : Promise.resolve([]);
export const filesOf = (db: Db, testimonyId: string) =>
  db.selectFrom('testimony_files').selectAll().where('testimony_id', '=', testimonyId).orderBy('position').execute();
export const findFile = (db: Db, id: string) =>
  db.selectFrom('testimony_files').selectAll().where('id', '=', id).executeTakeFirst();

// Statistics, stories, promotions
export const insertStats = (db: Db, row: Insertable<T.TestimonyStatsTable>) =>
  db.insertInto('testimony_stats').values(row).execute();
export const allStats = (db: Db) => db.selectFrom('testimony_stats').selectAll().execute();

export const insertStory = (db: Db, row: Insertable<T.TestimonyStoriesTable>) =>
  db.insertInto('testimony_stories').values(row).execute();
export function stories(db: Db, componentId: string | null, limit: number) {
  let q = db.selectFrom('testimony_stories').selectAll();
  if (componentId) q = q.where('component_id', '=', componentId);
  return q.orderBy('published_on', 'desc').orderBy('id').limit(limit).execute();
}
export const storiesOf = (db: Db, testimonyId: string) =>
  db.selectFrom('testimony_stories').selectAll().where('testimony_id', '=', testimonyId).execute();
export async function countStories(db: Db, componentId: string): Promise<number> {
  const r = await db
    .selectFrom('testimony_stories')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('component_id', '=', componentId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
export const insertPromotion = (db: Db, row: Insertable<T.TestimonyPromotionsTable>) =>
  db.insertInto('testimony_promotions').values(row).execute();
export const promotions = (db: Db) =>
  db.selectFrom('testimony_promotions').selectAll().orderBy('created_on', 'desc').execute();

// Replay protection and retention log
export async function spend(db: Db, token: string, expiresAt: string): Promise<boolean> {
  const r = await db
    .insertInto('testimony_spent')
    .values({ token, expires_at: expiresAt })
    .onConflict((oc) => oc.column('token').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}
export const purgeSpent = (db: Db, now: string) =>
  db.deleteFrom('testimony_spent').where('expires_at', '<', now).execute();
export const logExpiry = (db: Db, row: Insertable<T.TestimonyExpiryLogTable>) =>
  db.insertInto('testimony_expiry_log').values(row).execute();
export const expiryLog = (db: Db) =>
  db.selectFrom('testimony_expiry_log').selectAll().orderBy('day', 'desc').limit(30).execute();
