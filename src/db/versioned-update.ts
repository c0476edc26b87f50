// Optimistic versioned updates for records that carry a `version` column and own rows in another table
// (a campaign's hashtags, an observatory record's timeline moments). Run inside the caller's transaction,
// so a record and its child rows change together. Plain Kysely: the same SQL on SQLite and PostgreSQL.
import type { Insertable, Kysely, Updateable } from 'kysely';

/** The tables whose rows have the `id` and `version` columns an optimistic update needs. */
type VersionedTable<DB> = {
  [T in keyof DB & string]: DB[T] extends { id: string; version: unknown } ? T : never;
}[keyof DB & string];

export interface ChildRows<DB, C extends keyof DB & string> {
  table: C;
  /** The column naming the parent record. */
  parentColumn: keyof DB[C] & string;
  rows: Insertable<DB[C]>[];
}

/**
 * UPDATE … SET version = expectedVersion + 1 WHERE id = ? AND version = expectedVersion: false, with
 * nothing written, when another edit came first. Then, if given, replaces the record's child rows.
 */
export async function updateVersioned<DB, T extends VersionedTable<DB>, C extends keyof DB & string = never>(
  db: Kysely<DB>,
  record: { table: T; id: string; expectedVersion: number; patch: Updateable<DB[T]> },
  children?: ChildRows<DB, C>,
): Promise<boolean> {
  const res = await (db as Kysely<any>)
    .updateTable(record.table as string)
    .set({ ...record.patch, version: record.expectedVersion + 1 })
    .where('id', '=', record.id)
    .where('version', '=', record.expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  if (children) await replaceChildRows(db, record.id, children);
  return true;
}

/** Deletes the parent's rows in the child table and inserts `children.rows` in their place. */
export async function replaceChildRows<DB, C extends keyof DB & string>(
  db: Kysely<DB>,
  parentId: string,
  children: ChildRows<DB, C>,
): Promise<void> {
  const untyped = db as Kysely<any>;
  await untyped
    .deleteFrom(children.table as string)
    .where(children.parentColumn as string, '=', parentId)
    .execute();
  if (children.rows.length)
    await untyped
      .insertInto(children.table as string)
      .values(children.rows)
      .execute();
}
