import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../db/database.ts';
import { likeContains, likeEscape } from '../db/portable.ts';
import { updateVersioned } from '../db/versioned-update.ts';
import type { HelpServicesTable } from './help.table.ts';

export type HelpEntryRow = Selectable<HelpServicesTable>;

export interface HelpFilter {
  region?: string; // services of this region plus national ones
  needs?: string[]; // any of these
  words?: string[]; // folded words, all must match
  /** Each must match: by a need, a kind, or a LIKE pattern on the folded text (synonyms). */
  concepts?: Array<{ needs: readonly string[]; kinds: readonly string[]; patterns: string[] }>;
  /** Only entries last verified before this day (YYYY-MM-DD), or never. */
  verifiedBefore?: string;
  includeHidden?: boolean;
  limit: number;
}

export async function listEntries(db: Db, f: HelpFilter): Promise<HelpEntryRow[]> {
  let q = db.selectFrom('help_services').selectAll();
  if (!f.includeHidden) q = q.where('status', '=', 'published');
  if (f.region) q = q.where((eb) => eb.or([eb('region_code', '=', f.region!), eb('region_code', 'is', null)]));
  if (f.needs?.length) q = q.where((eb) => eb.or(f.needs!.map((n) => eb('needs', 'like', `%|${n}|%`))));
  for (const w of f.words ?? []) q = q.where(sql<boolean>`search_text LIKE ${likeContains(w)} ${likeEscape}`);
  for (const c of f.concepts ?? [])
    q = q.where((eb) =>
      eb.or([
        ...c.needs.map((n) => eb('needs', 'like', `%|${n}|%`)),
        ...(c.kinds.length ? [eb('kind', 'in', [...c.kinds])] : []),
        ...c.patterns.map((p) => sql<boolean>`search_text LIKE ${p} ${likeEscape}`),
      ]),
    );
  if (f.verifiedBefore)
    q = q.where((eb) => eb.or([eb('verified_on', 'is', null), eb('verified_on', '<', f.verifiedBefore!)]));
  // Regional services first (closest help), then national ones; hotlines lead within each.
  return q
    .orderBy(sql`CASE WHEN region_code IS NULL THEN 1 ELSE 0 END`)
    .orderBy(sql`CASE kind WHEN 'hotline' THEN 0 WHEN 'crisis_centre' THEN 1 ELSE 2 END`)
    .orderBy('search_text')
    .limit(f.limit)
    .execute();
}

export const findEntry = (db: Db, id: string) =>
  db.selectFrom('help_services').selectAll().where('id', '=', id).executeTakeFirst();
/** Rows a CSV import may update: not reference rows, and with a stated source. */
export const listImported = (db: Db) =>
  db.selectFrom('help_services').selectAll().where('reference_key', 'is', null).where('source', '!=', '').execute();

export const findByReferenceKey = (db: Db, key: string) =>
  db.selectFrom('help_services').selectAll().where('reference_key', '=', key).executeTakeFirst();

export async function insertEntry(db: Db, row: Insertable<HelpServicesTable>): Promise<void> {
  await db.insertInto('help_services').values(row).execute();
}

/** Optimistic update: applies only when the stored version is the one the editor saw. */
export const updateEntry = (
  db: Db,
  id: string,
  expectedVersion: number,
  patch: Updateable<HelpServicesTable>,
): Promise<boolean> => updateVersioned(db, { table: 'help_services', id, expectedVersion, patch });

export async function countByRegion(db: Db): Promise<Array<{ region_code: string | null; n: number }>> {
  const rows = await db
    .selectFrom('help_services')
    .select(['region_code', (eb) => eb.fn.countAll().as('n')])
    .where('status', '=', 'published')
    .groupBy('region_code')
    .execute();
  return rows.map((r) => ({ region_code: r.region_code, n: Number(r.n) }));
}

/** Published services that staff added (not the reference dataset's national lines). */
export async function countOwnPublished(db: Db): Promise<number> {
  const row = await db
    .selectFrom('help_services')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'published')
    .where('reference_key', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
