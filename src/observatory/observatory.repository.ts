// Observatory persistence: plain functions taking the database (or a transaction) first.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../db/database.ts';
import { likeContains, likeEscape } from '../db/portable.ts';
import { replaceChildRows, updateVersioned } from '../db/versioned-update.ts';
import type { ObsEntitiesTable, ObsLinksTable, ObsRevisionsTable, ObsTimelineTable } from './observatory.table.ts';

export type EntityRow = Selectable<ObsEntitiesTable>;
export type LinkRow = Selectable<ObsLinksTable>;
export type RevisionRow = Selectable<ObsRevisionsTable>;

export const findById = (db: Db, id: string) =>
  db.selectFrom('obs_entities').selectAll().where('id', '=', id).executeTakeFirst();
export const findBySlug = (db: Db, slug: string) =>
  db.selectFrom('obs_entities').selectAll().where('slug', '=', slug).executeTakeFirst();
export const findByReferenceKey = (db: Db, key: string) =>
  db.selectFrom('obs_entities').selectAll().where('reference_key', '=', key).executeTakeFirst();
export const findByIds = (db: Db, ids: readonly string[]) =>
  ids.length
    ? db
        .selectFrom('obs_entities')
        .selectAll()
        .where('id', 'in', [...ids])
        .execute()
    : Promise.resolve([] as EntityRow[]);

export async function insertEntity(db: Db, row: Insertable<ObsEntitiesTable>): Promise<void> {
  await db.insertInto('obs_entities').values(row).execute();
}

/**
 * Optimistic update: applies only when the stored version is the one the editor saw. With `timeline`,
 * the record's timeline rows are replaced too (only when the update applied).
 */
export const updateEntity = (
  db: Db,
  id: string,
  expectedVersion: number,
  patch: Updateable<ObsEntitiesTable>,
  timeline?: Insertable<ObsTimelineTable>[],
) =>
  updateVersioned(
    db,
    { table: 'obs_entities', id, expectedVersion, patch },
    timeline && { table: 'obs_timeline', parentColumn: 'entity_id', rows: timeline },
  );

export const replaceTimeline = (db: Db, entityId: string, rows: Insertable<ObsTimelineTable>[]) =>
  replaceChildRows(db, entityId, { table: 'obs_timeline', parentColumn: 'entity_id', rows });

export interface TimelineFilter {
  /** Omitted: every kind on the timeline. */
  kinds?: readonly string[];
  region?: string;
  year?: number;
  /** Only these records (e.g. those linked to a campaign). */
  entityIds?: readonly string[];
  limit: number;
  offset: number;
  order: 'asc' | 'desc';
}

function timelineQuery(db: Db, f: Omit<TimelineFilter, 'limit' | 'offset' | 'order'>) {
  // With a list of records, `published + 0` keeps SQLite's planner (which has no statistics) from walking
  // the whole (published, sort_date) index instead of looking the few records up by id. Valid SQL on both.
  let q = f.entityIds
    ? db.selectFrom('obs_timeline as t').where(sql<number>`t.published + 0`, '=', 1)
    : db.selectFrom('obs_timeline as t').where('t.published', '=', 1);
  if (f.kinds) q = q.where('t.kind', 'in', [...f.kinds]);
  if (f.region) q = q.where('t.region', '=', f.region);
  // A range on sort_date (not the year column) lets the (published, kind|region, sort_date) indexes serve it.
  if (f.year) q = q.where('t.sort_date', '>=', `${f.year}-00-00`).where('t.sort_date', '<', `${f.year + 1}-00-00`);
  if (f.entityIds) q = q.where('t.entity_id', 'in', f.entityIds.length ? [...f.entityIds] : ['']);
  return q;
}

/** Records linked (either way, approved) to one endpoint, e.g. a campaign. */
export async function linkedIds(db: Db, id: string): Promise<string[]> {
  const rows = await db
    .selectFrom('obs_links')
    .select('to_id as other')
    .where('from_id', '=', id)
    .where('approved', '=', 1)
    .unionAll(db.selectFrom('obs_links').select('from_id as other').where('to_id', '=', id).where('approved', '=', 1))
    .execute();
  return [...new Set(rows.map((r) => r.other))];
}

/** Timeline rows with the fields of their record that a timeline item shows. */
const withEntity = (q: ReturnType<typeof timelineQuery>) =>
  q
    .innerJoin('obs_entities as e', 'e.id', 't.entity_id')
    .select([
      't.id as row_id',
      't.date',
      't.step_no',
      'e.id',
      'e.kind',
      'e.slug',
      'e.subtype',
      'e.title',
      'e.summary',
      'e.region',
      'e.place',
      'e.date_start',
      'e.date_end',
      'e.details',
      'e.steps',
    ]);

export async function listTimeline(db: Db, f: TimelineFilter) {
  const base = timelineQuery(db, f);
  const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await withEntity(base)
    .orderBy('t.sort_date', f.order)
    .orderBy('t.id', f.order)
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total };
}
export type TimelineRow = Awaited<ReturnType<typeof listTimeline>>['rows'][number];

/**
 * Published moments near a period of days (YYYY-MM-DD, inclusive): those dated inside it, those dated
 * only to a month the period touches, and the own dates of events whose range reaches into it.
 */
export async function timelineNear(db: Db, from: string, to: string): Promise<TimelineRow[]> {
  return withEntity(timelineQuery(db, {}))
    .where((eb) =>
      eb.or([
        eb.and([eb('t.sort_date', '>=', `${from.slice(0, 7)}-00`), eb('t.sort_date', '<=', to)]),
        eb.and([
          eb('t.step_no', '=', -1),
          eb('e.kind', '=', 'event'),
          eb('t.sort_date', '<', from),
          eb('e.date_end', '>=', from),
        ]),
      ]),
    )
    .orderBy('t.sort_date')
    .orderBy('t.id')
    .limit(5000)
    .execute();
}

/** The campaigns each of these records is linked to, either way (approved links only). */
export async function campaignLinks(
  db: Db,
  entityIds: readonly string[],
): Promise<Array<{ entity_id: string; campaign_id: string }>> {
  const out: Array<{ entity_id: string; campaign_id: string }> = [];
  for (let i = 0; i < entityIds.length; i += 500) {
    const ids = entityIds.slice(i, i + 500);
    const rows = await db
      .selectFrom('obs_links')
      .select(['from_id as entity_id', 'to_id as campaign_id'])
      .where('from_id', 'in', ids)
      .where('to_type', '=', 'campaign')
      .where('approved', '=', 1)
      .unionAll(
        db
          .selectFrom('obs_links')
          .select(['to_id as entity_id', 'from_id as campaign_id'])
          .where('to_id', 'in', ids)
          .where('from_type', '=', 'campaign')
          .where('approved', '=', 1),
      )
      .execute();
    out.push(...rows);
  }
  return out;
}

export async function timelineYears(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('obs_timeline')
    .select('year')
    .distinct()
    .where('published', '=', 1)
    .orderBy('year', 'desc')
    .execute();
  return rows.map((r) => Number(r.year));
}

export interface SearchFilter {
  statuses: readonly string[];
  kinds: readonly string[];
  words: string[]; // folded; all must match
  region?: string;
  /** Only records waiting for a moderator: in review, or with a proposed change. */
  waiting?: boolean;
  limit: number;
  offset: number;
  order?: 'date' | 'updated';
}

export async function searchEntities(db: Db, f: SearchFilter): Promise<{ rows: EntityRow[]; total: number }> {
  let q = db
    .selectFrom('obs_entities')
    .where('status', 'in', [...f.statuses])
    .where('kind', 'in', [...f.kinds]);
  if (f.region) q = q.where('region', '=', f.region);
  if (f.waiting) q = q.where((eb) => eb.or([eb('status', '=', 'review'), eb('pending', 'is not', null)]));
  for (const w of f.words) q = q.where(sql<boolean>`search_text LIKE ${likeContains(w)} ${likeEscape}`);
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  let ordered = q.selectAll();
  ordered =
    f.order === 'updated'
      ? ordered.orderBy('updated_at', 'desc')
      : ordered.orderBy(sql`CASE WHEN sort_date IS NULL THEN 1 ELSE 0 END`).orderBy('sort_date', 'desc');
  const rows = await ordered.orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
  return { rows, total };
}

export const listAllPublished = (db: Db, kind: string) =>
  db
    .selectFrom('obs_entities')
    .selectAll()
    .where('status', '=', 'published')
    .where('kind', '=', kind)
    .orderBy('sort_date')
    .orderBy('slug')
    .execute();

/** The published sources each of these records cites (approved links only), as [record id, source slug]. */
export async function citedSources(
  db: Db,
  fromIds: readonly string[],
): Promise<Array<{ from_id: string; slug: string; ref: string }>> {
  const out: Array<{ from_id: string; slug: string; ref: string }> = [];
  for (let i = 0; i < fromIds.length; i += 500) {
    const rows = await db
      .selectFrom('obs_links as l')
      .innerJoin('obs_entities as s', 's.id', 'l.to_id')
      .select(['l.from_id', 's.slug', 's.details'])
      .where('l.relation', '=', 'cites')
      .where('l.approved', '=', 1)
      .where('s.kind', '=', 'source')
      .where('s.status', '=', 'published')
      .where('l.from_id', 'in', fromIds.slice(i, i + 500))
      .orderBy('s.sort_date')
      .execute();
    for (const r of rows)
      out.push({ from_id: r.from_id, slug: r.slug, ref: (JSON.parse(r.details) as { ref?: string }).ref ?? '' });
  }
  return out;
}

export async function regionCounts(
  db: Db,
  kinds: readonly string[],
): Promise<Array<{ region: string; kind: string; n: number }>> {
  const rows = await db
    .selectFrom('obs_entities')
    .select(['region', 'kind', (eb) => eb.fn.countAll().as('n')])
    .where('status', '=', 'published')
    .where('kind', 'in', [...kinds])
    .where('region', 'is not', null)
    .groupBy(['region', 'kind'])
    .execute();
  return rows.map((r) => ({ region: r.region!, kind: r.kind, n: Number(r.n) }));
}

export async function kindCounts(db: Db, statuses: readonly string[]): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('obs_entities')
    .select(['kind', (eb) => eb.fn.countAll().as('n')])
    .where('status', 'in', [...statuses])
    .groupBy('kind')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}

export const countPending = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('obs_entities')
        .select((eb) => eb.fn.countAll().as('n'))
        .where((eb) => eb.or([eb('status', '=', 'review'), eb('pending', 'is not', null)]))
        .executeTakeFirstOrThrow()
    ).n,
  );

// Links

export const findLink = (db: Db, id: string) =>
  db.selectFrom('obs_links').selectAll().where('id', '=', id).executeTakeFirst();
export const findLinkByReferenceKey = (db: Db, key: string) =>
  db.selectFrom('obs_links').selectAll().where('reference_key', '=', key).executeTakeFirst();
export const findLinkTriple = (db: Db, fromId: string, relation: string, toId: string) =>
  db
    .selectFrom('obs_links')
    .selectAll()
    .where('from_id', '=', fromId)
    .where('relation', '=', relation)
    .where('to_id', '=', toId)
    .executeTakeFirst();

export async function insertLink(db: Db, row: Insertable<ObsLinksTable>): Promise<void> {
  await db.insertInto('obs_links').values(row).execute();
}
export async function updateLink(db: Db, id: string, patch: Updateable<ObsLinksTable>): Promise<void> {
  await db.updateTable('obs_links').set(patch).where('id', '=', id).execute();
}
export async function deleteLink(db: Db, id: string): Promise<void> {
  await db.deleteFrom('obs_links').where('id', '=', id).execute();
}
export async function approveLinksFrom(db: Db, fromId: string): Promise<void> {
  await db
    .updateTable('obs_links')
    .set({ approved: 1 })
    .where('from_id', '=', fromId)
    .where('approved', '=', 0)
    .execute();
}

/** Every link touching one endpoint, either direction. */
export const linksOf = (db: Db, id: string) =>
  db
    .selectFrom('obs_links')
    .selectAll()
    .where((eb) => eb.or([eb('from_id', '=', id), eb('to_id', '=', id)]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();

/** One step of a graph walk: where these endpoints lead along one relation. */
export async function targetsOf(db: Db, relation: string, fromIds: readonly string[]): Promise<string[]> {
  if (!fromIds.length) return [];
  const rows = await db
    .selectFrom('obs_links')
    .select('to_id')
    .where('relation', '=', relation)
    .where('from_id', 'in', [...fromIds])
    .execute();
  return rows.map((r) => r.to_id);
}

/** Approved links whose two ends are public: published entities, and campaigns not in `hiddenCampaignIds`. */
export async function listPublicLinks(
  db: Db,
  opts: { hiddenCampaignIds: readonly string[]; limit: number; offset: number },
): Promise<{ rows: LinkRow[]; total: number }> {
  const visible = (side: 'from' | 'to') =>
    sql<boolean>`(CASE WHEN l.${sql.ref(`${side}_type`)} = 'campaign' THEN 1 ELSE (SELECT COUNT(*) FROM obs_entities e WHERE e.id = l.${sql.ref(`${side}_id`)} AND e.status = 'published') END) = 1`;
  let q = db.selectFrom('obs_links as l').where('l.approved', '=', 1).where(visible('from')).where(visible('to'));
  if (opts.hiddenCampaignIds.length)
    q = q
      .where('l.from_id', 'not in', [...opts.hiddenCampaignIds])
      .where('l.to_id', 'not in', [...opts.hiddenCampaignIds]);
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q.selectAll('l').orderBy('l.id').limit(opts.limit).offset(opts.offset).execute();
  return { rows, total };
}

// History

export async function insertRevision(db: Db, row: Insertable<ObsRevisionsTable>): Promise<void> {
  await db.insertInto('obs_revisions').values(row).execute();
}
export const listRevisions = (db: Db, entityId: string) =>
  db
    .selectFrom('obs_revisions')
    .selectAll()
    .where('entity_id', '=', entityId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
