// Plain functions over the petition tables; each takes the database or a transaction first.
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { parseJson } from '../../db/portable.ts';
import type { ListRow, Petition, PetitionState } from './petition.ts';
import type {
  PetitionInvalidationsTable,
  PetitionListsTable,
  PetitionReportsTable,
  PetitionSignaturesTable,
  PetitionsTable,
} from './petition.table.ts';

type Q = Kysely<Database>;
export type PetitionRow = Selectable<PetitionsTable>;
export type SignatureRow = Selectable<PetitionSignaturesTable>;

/** The domain object of a petitions row (its counters' JSON columns parsed). */
export const toPetition = (r: PetitionRow): Petition => ({
  id: r.component_id,
  campaignId: r.campaign_id,
  state: r.state as PetitionState,
  stateReason: r.state_reason,
  answer: r.answer,
  answerUrl: r.answer_url,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  deliveredAt: r.delivered_at,
  answeredAt: r.answered_at,
  count: r.count_total,
  byRegion: parseJson(r.count_by_region, {}),
  recentSigners: parseJson(r.recent_signers, []),
  milestonesReached: parseJson(r.milestones_reached, {}),
  countedAt: r.counted_at,
  anonymisedAt: r.anonymised_at,
  referenceKey: r.reference_key,
});

const CHUNK = 400; // rows per statement: under both dialects' bound-parameter limits

export const findPetition = (db: Q, id: string) =>
  db.selectFrom('petitions').selectAll().where('component_id', '=', id).executeTakeFirst();
export const findByReferenceKey = (db: Q, key: string) =>
  db.selectFrom('petitions').selectAll().where('reference_key', '=', key).executeTakeFirst();
export const petitionsInStates = (db: Q, states: string[]) =>
  db.selectFrom('petitions').selectAll().where('state', 'in', states).execute();
export const allPetitions = (db: Q) => db.selectFrom('petitions').selectAll().execute();

export async function insertPetition(db: Q, row: Insertable<PetitionsTable>): Promise<void> {
  await db
    .insertInto('petitions')
    .values(row)
    .onConflict((oc) => oc.column('component_id').doNothing())
    .execute();
}

export async function updatePetition(
  db: Q,
  id: string,
  patch: Updateable<PetitionsTable>,
  expectState?: string,
): Promise<boolean> {
  let q = db.updateTable('petitions').set(patch).where('component_id', '=', id);
  if (expectState) q = q.where('state', '=', expectState);
  return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
}

/** Inserts new signatures; an existing (petition, email) pair is left alone. Returns the ids inserted. */
export async function insertSignatures(db: Q, rows: Insertable<PetitionSignaturesTable>[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const res = await db
      .insertInto('petition_signatures')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(['petition_id', 'email_key']).doNothing())
      .returning('id')
      .execute();
    for (const r of res) inserted.add(r.id);
  }
  return inserted;
}

export async function signaturesByEmailKeys(db: Q, petitionId: string, keys: string[]): Promise<SignatureRow[]> {
  if (!keys.length) return [];
  return db
    .selectFrom('petition_signatures')
    .selectAll()
    .where('petition_id', '=', petitionId)
    .where('email_key', 'in', keys)
    .execute();
}

export const findSignature = (db: Q, id: string) =>
  db.selectFrom('petition_signatures').selectAll().where('id', '=', id).executeTakeFirst();

/** Confirms pending (or withdrawn, when re-signing) signatures; returns those that changed. */
export async function confirmSignatures(db: Q, ids: string[], now: string): Promise<Set<string>> {
  const done = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const res = await db
      .updateTable('petition_signatures')
      .set({ status: 'confirmed', confirmed_at: now, withdrawn_at: null })
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .where('status', 'in', ['pending', 'withdrawn'])
      .returning('id')
      .execute();
    for (const r of res) done.add(r.id);
  }
  return done;
}

export async function withdrawSignature(db: Q, id: string, now: string): Promise<boolean> {
  const res = await db
    .updateTable('petition_signatures')
    .set({ status: 'withdrawn', withdrawn_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'confirmed'])
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Counted signatures (confirmed, not quarantined) by region. */
export async function countedByRegion(db: Q, petitionId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('petition_signatures')
    .select(['region', (eb) => eb.fn.countAll<number>().as('n')])
    .where('petition_id', '=', petitionId)
    .where('status', '=', 'confirmed')
    .where('quarantined', '=', 0)
    .groupBy('region')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.region, Number(r.n)]));
}

export async function recentSigners(
  db: Q,
  petitionId: string,
  limit: number,
): Promise<Array<{ name: string; region: string }>> {
  const rows = await db
    .selectFrom('petition_signatures')
    .select(['display_name', 'region'])
    .where('petition_id', '=', petitionId)
    .where('status', '=', 'confirmed')
    .where('quarantined', '=', 0)
    .where('display_name', 'is not', null)
    .orderBy('confirmed_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ name: r.display_name!, region: r.region }));
}

export async function tally(
  db: Q,
  petitionId: string,
): Promise<Array<{ status: string; quarantined: number; n: number }>> {
  const rows = await db
    .selectFrom('petition_signatures')
    .select(['status', 'quarantined', (eb) => eb.fn.countAll<number>().as('n')])
    .where('petition_id', '=', petitionId)
    .groupBy(['status', 'quarantined'])
    .execute();
  return rows.map((r) => ({ status: r.status, quarantined: Number(r.quarantined), n: Number(r.n) }));
}

export interface CandidateFilter {
  domain?: string;
  ipHash?: string;
  ipPrefixHash?: string;
  from?: string;
  to?: string;
  region?: string;
  quarantinedOnly?: boolean;
}

/** Pending and confirmed signatures matching the filter (names are matched by the service, after opening them). */
export async function candidates(db: Q, petitionId: string, f: CandidateFilter) {
  let q = db
    .selectFrom('petition_signatures')
    .select(['id', 'status', 'region', 'email_domain', 'display_name', 'name_sealed', 'created_at', 'quarantined'])
    .where('petition_id', '=', petitionId)
    .where('status', 'in', ['pending', 'confirmed']);
  if (f.domain) q = q.where('email_domain', '=', f.domain);
  if (f.ipHash) q = q.where('ip_hash', '=', f.ipHash);
  if (f.ipPrefixHash) q = q.where('ip_prefix_hash', '=', f.ipPrefixHash);
  if (f.from) q = q.where('created_at', '>=', f.from);
  if (f.to) q = q.where('created_at', '<', f.to);
  if (f.region) q = q.where('region', '=', f.region);
  if (f.quarantinedOnly) q = q.where('quarantined', '=', 1);
  return q.orderBy('created_at').execute();
}

export async function invalidateSignatures(db: Q, ids: string[], invalidationId: string, now: string): Promise<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const res = await db
      .updateTable('petition_signatures')
      .set({ status: 'invalidated', invalidated_at: now, invalidation_id: invalidationId })
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .where('status', 'in', ['pending', 'confirmed'])
      .executeTakeFirst();
    n += Number(res.numUpdatedRows);
  }
  return n;
}

export async function insertInvalidation(db: Q, row: Insertable<PetitionInvalidationsTable>): Promise<void> {
  await db.insertInto('petition_invalidations').values(row).execute();
}

export const listInvalidations = (db: Q, petitionId: string) =>
  db
    .selectFrom('petition_invalidations')
    .selectAll()
    .where('petition_id', '=', petitionId)
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();

export const listEntries = (db: Q) =>
  db.selectFrom('petition_lists').selectAll().orderBy('created_at', 'desc').execute();
export async function insertEntry(db: Q, row: Insertable<PetitionListsTable>): Promise<void> {
  await db.insertInto('petition_lists').values(row).execute();
}
export async function deleteEntry(db: Q, id: string): Promise<ListRow | undefined> {
  const row = await db.selectFrom('petition_lists').selectAll().where('id', '=', id).executeTakeFirst();
  if (row) await db.deleteFrom('petition_lists').where('id', '=', id).execute();
  return row;
}

/** Signature counts in a time window grouped by one column, largest first. */
export async function topBy(
  db: Q,
  petitionId: string,
  column: 'email_domain' | 'ip_hash' | 'ip_prefix_hash' | 'region',
  from: string,
  to: string,
  limit: number,
) {
  const rows = await db
    .selectFrom('petition_signatures')
    .select([sql<string>`${sql.ref(column)}`.as('key'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('petition_id', '=', petitionId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .where(column, 'is not', null)
    .groupBy(column)
    .orderBy('n', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ key: String(r.key), n: Number(r.n) }));
}

export async function windowTotals(db: Q, petitionId: string, from: string, to: string) {
  const r = await db
    .selectFrom('petition_signatures')
    .select([
      (eb) => eb.fn.countAll<number>().as('total'),
      (eb) => eb.fn.sum<number>(eb.case().when('status', '=', 'confirmed').then(1).else(0).end()).as('confirmed'),
      (eb) => eb.fn.sum<number>('quarantined').as('quarantined'),
      (eb) => eb.fn.sum<number>(eb.case().when('pow', '=', 0).then(1).else(0).end()).as('without_pow'),
    ])
    .where('petition_id', '=', petitionId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .executeTakeFirstOrThrow();
  return {
    total: Number(r.total ?? 0),
    confirmed: Number(r.confirmed ?? 0),
    quarantined: Number(r.quarantined ?? 0),
    withoutPow: Number(r.without_pow ?? 0),
  };
}

export async function insertReport(db: Q, row: Insertable<PetitionReportsTable>): Promise<boolean> {
  const res = await db
    .insertInto('petition_reports')
    .values(row)
    .onConflict((oc) => oc.columns(['petition_id', 'hour']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export const listReports = (db: Q, petitionId: string, limit: number) =>
  db
    .selectFrom('petition_reports')
    .selectAll()
    .where('petition_id', '=', petitionId)
    .orderBy('hour', 'desc')
    .limit(limit)
    .execute();

/** Signers who agreed to show their name, for the delivery pack and the names export. */
export const namedSigners = (db: Q, petitionId: string) =>
  db
    .selectFrom('petition_signatures')
    .select(['name_sealed', 'region'])
    .where('petition_id', '=', petitionId)
    .where('status', '=', 'confirmed')
    .where('quarantined', '=', 0)
    .where('display_name', 'is not', null)
    .orderBy('region')
    .orderBy('confirmed_at')
    .execute();

export const updateSubscribers = (db: Q, petitionId: string) =>
  db
    .selectFrom('petition_signatures')
    .select(['id', 'email_sealed', 'locale'])
    .where('petition_id', '=', petitionId)
    .where('status', '=', 'confirmed')
    .where('quarantined', '=', 0)
    .where('updates', '=', 1)
    .where('email_sealed', 'is not', null)
    .execute();

/** The same signers, a page at a time in id order (mailings resume after the last id done). */
export const updateSubscribersAfter = (db: Q, petitionId: string, after: string | null, limit: number) => {
  let q = db
    .selectFrom('petition_signatures')
    .select(['id', 'email_sealed', 'locale'])
    .where('petition_id', '=', petitionId)
    .where('status', '=', 'confirmed')
    .where('quarantined', '=', 0)
    .where('updates', '=', 1)
    .where('email_sealed', 'is not', null);
  if (after) q = q.where('id', '>', after);
  return q.orderBy('id').limit(limit).execute();
};

/** The signer asked for no more updates (the signature itself stays as it is). */
export async function stopUpdates(db: Q, id: string): Promise<boolean> {
  const res = await db
    .updateTable('petition_signatures')
    .set({ updates: 0 })
    .where('id', '=', id)
    .where('updates', '=', 1)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Keeps the row (region, status, day) and wipes everything that could identify the signer. */
export async function anonymise(db: Q, petitionId: string, now: string): Promise<number> {
  const day = sql<string>`substr(created_at, 1, 10) || 'T00:00:00.000Z'`;
  const res = await db
    .updateTable('petition_signatures')
    .set({
      email_key: sql<string>`'anon:' || id`,
      email_sealed: null,
      name_sealed: null,
      display_name: null,
      email_domain: null,
      ip_hash: null,
      ip_prefix_hash: null,
      quarantine_reasons: null,
      created_at: day,
      confirmed_at: sql<string>`CASE WHEN confirmed_at IS NULL THEN NULL ELSE substr(confirmed_at, 1, 10) || 'T00:00:00.000Z' END`,
      anonymised_at: now,
    })
    .where('petition_id', '=', petitionId)
    .where('anonymised_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function dropIpHashesBefore(db: Q, before: string): Promise<number> {
  const res = await db
    .updateTable('petition_signatures')
    .set({ ip_hash: null, ip_prefix_hash: null })
    .where('created_at', '<', before)
    .where((eb) => eb.or([eb('ip_hash', 'is not', null), eb('ip_prefix_hash', 'is not', null)]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export const reportsSince = (db: Q, since: string) =>
  db.selectFrom('petition_reports').select(['petition_id', 'alerts']).where('hour', '>=', since).execute();
