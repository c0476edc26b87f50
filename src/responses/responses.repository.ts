// Plain queries on the responses tables; the service decides, these only read and write.
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../db/schema.ts';
import type {
  OfficialResponseMailingsTable,
  OfficialResponseRevisionsTable,
  OfficialResponsesTable,
} from './responses.table.ts';

type Q = Kysely<Database>;
export type ResponseRow = Selectable<OfficialResponsesTable>;
export type RevisionRow = Selectable<OfficialResponseRevisionsTable>;
export type MailingRow = Selectable<OfficialResponseMailingsTable>;

export const findResponse = (db: Q, id: string) =>
  db.selectFrom('official_responses').selectAll().where('id', '=', id).executeTakeFirst();

/** A subject's responses, newest answer first. */
export const responsesFor = (db: Q, type: string, id: string) =>
  db
    .selectFrom('official_responses')
    .selectAll()
    .where('subject_type', '=', type)
    .where('subject_id', '=', id)
    .orderBy('responded_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();

/** Which of these subjects have at least one response. */
export async function subjectsWithResponses(db: Q, type: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('official_responses')
    .select('subject_id')
    .distinct()
    .where('subject_type', '=', type)
    .where('subject_id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.subject_id));
}

export const documentBySha = (db: Q, sha256: string) =>
  db
    .selectFrom('official_responses')
    .select(['document_sha256', 'document_type', 'document_name'])
    .where('document_sha256', '=', sha256)
    .executeTakeFirst();

export async function insertResponse(db: Q, row: Insertable<OfficialResponsesTable>): Promise<void> {
  await db.insertInto('official_responses').values(row).execute();
}

/** Changes the row only if it is still at `revision` (two staff editing at once do not overwrite each other). */
export async function updateResponse(
  db: Q,
  id: string,
  revision: number,
  patch: Updateable<OfficialResponsesTable>,
): Promise<boolean> {
  const res = await db
    .updateTable('official_responses')
    .set(patch)
    .where('id', '=', id)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertRevision(db: Q, row: Insertable<OfficialResponseRevisionsTable>): Promise<void> {
  await db.insertInto('official_response_revisions').values(row).execute();
}

export const revisionsOf = (db: Q, responseId: string) =>
  db
    .selectFrom('official_response_revisions')
    .selectAll()
    .where('response_id', '=', responseId)
    .orderBy('revision', 'desc')
    .execute();

export async function insertMailing(db: Q, row: Insertable<OfficialResponseMailingsTable>): Promise<void> {
  await db.insertInto('official_response_mailings').values(row).execute();
}

export const findMailing = (db: Q, id: string) =>
  db.selectFrom('official_response_mailings').selectAll().where('id', '=', id).executeTakeFirst();

export const mailingsOf = (db: Q, responseId: string) =>
  db
    .selectFrom('official_response_mailings')
    .selectAll()
    .where('response_id', '=', responseId)
    .orderBy('created_at', 'desc')
    .execute();

/** Moves the cursor past a batch, only from where this run found it (a second run of the job skips the batch). */
export async function advanceMailing(
  db: Q,
  id: string,
  from: string | null,
  to: string,
  queued: number,
): Promise<boolean> {
  const res = await db
    .updateTable('official_response_mailings')
    .set((eb) => ({ cursor: to, queued: eb('queued', '+', queued) }))
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where((eb) => (from === null ? eb('cursor', 'is', null) : eb('cursor', '=', from)))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function finishMailing(db: Q, id: string, at: string): Promise<void> {
  await db
    .updateTable('official_response_mailings')
    .set({ status: 'done', finished_at: at })
    .where('id', '=', id)
    .execute();
}
