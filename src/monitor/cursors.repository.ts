// Where each connector's queries stopped (monitor_cursors), as plain functions taking the database first.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Q = Kysely<Database>;

export async function getCursor(db: Q, connector: string, query: string) {
  return db
    .selectFrom('monitor_cursors')
    .selectAll()
    .where('connector', '=', connector)
    .where('query', '=', query)
    .executeTakeFirst();
}

export async function saveCursor(
  db: Q,
  row: {
    connector: string;
    query: string;
    cursor: string | null;
    last_run_at: string;
    last_error: string | null;
    fetched: number;
  },
): Promise<void> {
  await db
    .insertInto('monitor_cursors')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['connector', 'query']).doUpdateSet((eb) => ({
        cursor: eb.ref('excluded.cursor'),
        last_run_at: eb.ref('excluded.last_run_at'),
        last_error: eb.ref('excluded.last_error'),
        fetched: eb('monitor_cursors.fetched', '+', eb.ref('excluded.fetched')),
      })),
    )
    .execute();
}

export async function listCursors(db: Q) {
  return db.selectFrom('monitor_cursors').selectAll().orderBy('connector').orderBy('query').execute();
}
