// Plain functions over the appeal tables; each takes the database or a transaction first.
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AppealLettersTable, AppealRecipientsTable, AppealsTable } from './appeal.table.ts';

type Q = Kysely<Database>;
export type RecipientRow = Selectable<AppealRecipientsTable>;

export function listRecipients(db: Q, f: { body?: string; region?: string } = {}) {
  let q = db.selectFrom('appeal_recipients').selectAll();
  if (f.body) q = q.where('body', '=', f.body);
  if (f.region) q = q.where('region', '=', f.region);
  return q.orderBy('body').orderBy('region').orderBy('name').execute();
}
export const findRecipient = (db: Q, id: string) =>
  db.selectFrom('appeal_recipients').selectAll().where('id', '=', id).executeTakeFirst();
export const findRecipientByKey = (db: Q, key: string) =>
  db.selectFrom('appeal_recipients').selectAll().where('external_key', '=', key).executeTakeFirst();
export const findRecipientByEmail = (db: Q, email: string) =>
  db.selectFrom('appeal_recipients').selectAll().where('email', '=', email).executeTakeFirst();
export async function recipientsByIds(db: Q, ids: string[]): Promise<RecipientRow[]> {
  return ids.length ? db.selectFrom('appeal_recipients').selectAll().where('id', 'in', ids).execute() : [];
}
export async function insertRecipient(db: Q, row: Insertable<AppealRecipientsTable>): Promise<void> {
  await db.insertInto('appeal_recipients').values(row).execute();
}
export async function updateRecipient(db: Q, id: string, patch: Updateable<AppealRecipientsTable>): Promise<void> {
  await db.updateTable('appeal_recipients').set(patch).where('id', '=', id).execute();
}

export const findAppeal = (db: Q, id: string) =>
  db.selectFrom('appeals').selectAll().where('component_id', '=', id).executeTakeFirst();
export async function insertAppeal(db: Q, row: Insertable<AppealsTable>): Promise<void> {
  await db
    .insertInto('appeals')
    .values(row)
    .onConflict((oc) => oc.column('component_id').doNothing())
    .execute();
}
export async function updateAppeal(db: Q, id: string, patch: Updateable<AppealsTable>): Promise<void> {
  await db.updateTable('appeals').set(patch).where('component_id', '=', id).execute();
}

export async function insertLetter(db: Q, row: Insertable<AppealLettersTable>, recipientIds: string[]): Promise<void> {
  await db.insertInto('appeal_letters').values(row).execute();
  if (recipientIds.length)
    await db
      .insertInto('appeal_letter_recipients')
      .values(
        recipientIds.map((r) => ({
          letter_id: row.id,
          recipient_id: r,
          appeal_id: row.appeal_id,
          sent_at: null,
          replied: null,
        })),
      )
      .execute();
}
export const findLetter = (db: Q, id: string) =>
  db.selectFrom('appeal_letters').selectAll().where('id', '=', id).executeTakeFirst();
export async function updateLetter(
  db: Q,
  id: string,
  patch: Updateable<AppealLettersTable>,
  fromStatus?: string,
): Promise<boolean> {
  let q = db.updateTable('appeal_letters').set(patch).where('id', '=', id);
  if (fromStatus) q = q.where('status', '=', fromStatus);
  return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
}
export const letterRecipients = (db: Q, letterId: string) =>
  db.selectFrom('appeal_letter_recipients').selectAll().where('letter_id', '=', letterId).execute();
export async function setRecipientSent(db: Q, letterId: string, recipientId: string, at: string): Promise<void> {
  await db
    .updateTable('appeal_letter_recipients')
    .set({ sent_at: at })
    .where('letter_id', '=', letterId)
    .where('recipient_id', '=', recipientId)
    .execute();
}
export async function setReplied(db: Q, letterId: string, recipientId: string, replied: number | null): Promise<void> {
  await db
    .updateTable('appeal_letter_recipients')
    .set({ replied })
    .where('letter_id', '=', letterId)
    .where('recipient_id', '=', recipientId)
    .execute();
}

export async function sentByChannel(db: Q, appealId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('appeal_letters')
    .select(['channel', (eb) => eb.fn.countAll<number>().as('n')])
    .where('appeal_id', '=', appealId)
    .where('status', '=', 'sent')
    .groupBy('channel')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.channel, Number(r.n)]));
}

export async function replyTable(db: Q, appealId: string) {
  const rows = await db
    .selectFrom('appeal_letter_recipients as lr')
    .innerJoin('appeal_letters as l', 'l.id', 'lr.letter_id')
    .select([
      'lr.recipient_id',
      (eb) => eb.fn.countAll<number>().as('sent'),
      (eb) => eb.fn.count<number>('lr.replied').as('known'),
      (eb) => eb.fn.sum<number>(sql`coalesce(${sql.ref('lr.replied')}, 0)`).as('replied'),
    ])
    .where('lr.appeal_id', '=', appealId)
    .where('l.status', '=', 'sent')
    .groupBy('lr.recipient_id')
    .execute();
  return rows.map((r) => ({
    recipientId: r.recipient_id,
    sent: Number(r.sent),
    known: Number(r.known),
    replied: Number(r.replied ?? 0),
  }));
}

/** Letters by one sender to one appeal since a time (pending ones included). */
export async function countBySender(db: Q, appealId: string, senderKey: string, since: string): Promise<number> {
  const r = await db
    .selectFrom('appeal_letters')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('appeal_id', '=', appealId)
    .where('sender_key', '=', senderKey)
    .where('created_at', '>=', since)
    .where('status', 'in', ['pending', 'sent'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Letters to one recipient sent (or scheduled) through the server in a time window. */
export async function countToRecipient(db: Q, recipientId: string, from: string, to: string): Promise<number> {
  const r = await db
    .selectFrom('appeal_letter_recipients as lr')
    .innerJoin('appeal_letters as l', 'l.id', 'lr.letter_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('lr.recipient_id', '=', recipientId)
    .where('l.channel', '=', 'smtp')
    .where('lr.sent_at', '>=', from)
    .where('lr.sent_at', '<', to)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export const dueFollowups = (db: Q, now: string, limit: number) =>
  db
    .selectFrom('appeal_letters')
    .selectAll()
    .where('status', '=', 'sent')
    .where('followup_sent_at', 'is', null)
    .where('followup_due_at', '<=', now)
    .where('sealed', 'is not', null)
    .limit(limit)
    .execute();

export async function expireUnsent(db: Q, before: string): Promise<number> {
  const res = await db
    .updateTable('appeal_letters')
    .set({ status: 'expired', sealed: null })
    .where('status', 'in', ['pending', 'prepared'])
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Drops sealed contents once they are no longer needed (sent without follow-up, or followed up long ago). */
export async function wipeSealed(db: Q, followupBefore: string, sentBefore: string): Promise<number> {
  const res = await db
    .updateTable('appeal_letters')
    .set({ sealed: null, ip_hash: null })
    .where('sealed', 'is not', null)
    .where('status', '=', 'sent')
    .where((eb) =>
      eb.or([
        eb('followup_sent_at', '<', followupBefore),
        eb.and([eb('followup_due_at', 'is', null), eb('sent_at', '<', sentBefore)]),
      ]),
    )
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
