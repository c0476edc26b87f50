// Bulk writes, shared by the monitor's repositories: on SQLite, one prepared single-row statement
// per table, compiled once per connection and run row by row inside the caller's transaction (no
// per-batch SQL text to build, parse and plan), on the writer's worker thread when the transaction
// runs there; on PostgreSQL, multi-row statements of a few thousand rows each.
import { CompiledQuery, type Kysely } from 'kysely';
import { sqliteBulk, valuesList } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';

type Q = Kysely<Database>;

/** Rows per statement: stays under SQLite's 32,766 bound parameters and PostgreSQL's 65,535. */
const chunkFor = (columns: number) => Math.max(1, Math.floor(30_000 / columns));

/** `head` VALUES … `tail` for every row (arrays in column order, made as they are written); the rows RETURNING gives, if any. */
export async function bulk<R = unknown>(
  db: Q,
  head: string,
  columns: number,
  rows: Iterable<unknown[]>,
  tail: string,
): Promise<R[]> {
  const out: R[] = [];
  const sqlite = sqliteBulk(db);
  const one = sqlite ? `${head} VALUES ${valuesList(db, 1, columns)} ${tail}` : '';
  // In parts: on SQLite no one message to the writer's thread is large, on PostgreSQL a statement
  // stays under the bound parameters limit; and only one part's row arrays exist at a time.
  const size = sqlite ? 5000 : chunkFor(columns);
  const write = async (part: unknown[][]) => {
    if (sqlite && tail.includes('RETURNING')) out.push(...(await sqlite.returning<R>(one, part)));
    else if (sqlite) await sqlite.run(one, part);
    else
      out.push(
        ...(
          await db.executeQuery<R>(
            CompiledQuery.raw(`${head} VALUES ${valuesList(db, part.length, columns)} ${tail}`, part.flat()),
          )
        ).rows,
      );
  };
  let part: unknown[][] = [];
  for (const r of rows) {
    part.push(r);
    if (part.length >= size) {
      await write(part);
      part = [];
    }
  }
  if (part.length) await write(part);
  return out;
}
