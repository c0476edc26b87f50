import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { likeContains, likeEscape } from '../../db/portable.ts';
import { replaceChildRows, updateVersioned } from '../../db/versioned-update.ts';
import { sql } from 'kysely';
import type { CampaignComponentsTable, CampaignHashtagsTable, CampaignsTable } from './campaigns.table.ts';

export type CampaignRow = Selectable<CampaignsTable>;
export type HashtagRow = Selectable<CampaignHashtagsTable>;
export type ComponentRow = Selectable<CampaignComponentsTable>;

export interface ListFilter {
  statuses: readonly string[];
  words?: string[]; // folded search words, all must match
  limit: number;
  offset: number;
}

export async function listCampaigns(db: Db, f: ListFilter): Promise<{ rows: CampaignRow[]; total: number }> {
  let q = db.selectFrom('campaigns').where('status', 'in', [...f.statuses]);
  for (const w of f.words ?? []) q = q.where(sql<boolean>`search_text LIKE ${likeContains(w)} ${likeEscape}`);
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .selectAll()
    .orderBy(sql`CASE status WHEN 'live' THEN 0 WHEN 'draft' THEN 1 WHEN 'closed' THEN 2 ELSE 3 END`)
    .orderBy('starts_on', 'desc')
    .orderBy('id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total };
}

export const findBySlug = (db: Db, slug: string) =>
  db.selectFrom('campaigns').selectAll().where('slug', '=', slug).executeTakeFirst();
export const findById = (db: Db, id: string) =>
  db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
export const findByReferenceKey = (db: Db, key: string) =>
  db.selectFrom('campaigns').selectAll().where('reference_key', '=', key).executeTakeFirst();
export const countCampaigns = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('campaigns')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export async function insertCampaign(db: Db, row: Insertable<CampaignsTable>): Promise<void> {
  await db.insertInto('campaigns').values(row).execute();
}

/** Optimistic update: only applies when the stored version is the one the editor saw. */
export const updateCampaign = (db: Db, id: string, expectedVersion: number, patch: Updateable<CampaignsTable>) =>
  updateVersioned(db, { table: 'campaigns', id, expectedVersion, patch });

export const replaceHashtags = (db: Db, campaignId: string, rows: Insertable<CampaignHashtagsTable>[]) =>
  replaceChildRows(db, campaignId, { table: 'campaign_hashtags', parentColumn: 'campaign_id', rows });

export const hashtagsFor = (db: Db, campaignIds: string[]) =>
  campaignIds.length
    ? db
        .selectFrom('campaign_hashtags')
        .selectAll()
        .where('campaign_id', 'in', campaignIds)
        .orderBy('group_no')
        .orderBy('id')
        .execute()
    : Promise.resolve([] as HashtagRow[]);

export const campaignsWithTag = (db: Db, folded: string) =>
  db.selectFrom('campaign_hashtags').select(['campaign_id', 'group_no']).where('tag_folded', '=', folded).execute();

export const componentsFor = (db: Db, campaignId: string) =>
  db
    .selectFrom('campaign_components')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('position')
    .orderBy('id')
    .execute();
export const findComponent = (db: Db, id: string) =>
  db.selectFrom('campaign_components').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertComponent(db: Db, row: Insertable<CampaignComponentsTable>): Promise<void> {
  await db.insertInto('campaign_components').values(row).execute();
}
export async function updateComponent(db: Db, id: string, patch: Updateable<CampaignComponentsTable>): Promise<void> {
  await db.updateTable('campaign_components').set(patch).where('id', '=', id).execute();
}
