// Bulk writes, shared by the monitor's repositories: on SQLite, one prepared single-row statement
// per table, compiled once per connection and run row by row inside the caller's transaction (no
// per-batch SQL text to build, parse and plan), on the writer's worker thread when the transaction
// runs there; on PostgreSQL, one statement per 5,000 rows, the rows in one JSON parameter. And the
// settings an import gives the writer's SQLite connection.
import { CompiledQuery, type Kysely } from 'kysely';
import { sqliteBulk, valuesList } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';

type Q = Kysely<Database>;

/** Rows per part: a message to SQLite's writer thread, or one PostgreSQL statement's JSON text. */
const PART_ROWS = 5000;

/**
 * PostgreSQL text holds neither NUL nor half an emoji (a caption cut mid-pair by a scraper): NUL
 * goes and a lone surrogate becomes U+FFFD, as writing it as UTF-8 would, instead of failing the batch.
 */
const pgText = (v: unknown) => {
  if (typeof v !== 'string') return v;
  const s = v as string & { isWellFormed(): boolean; toWellFormed(): string };
  return s.isWellFormed() && !s.includes('\u0000') ? s : s.toWellFormed().replace(/\u0000/g, '');
};

/**
 * `head` (`INSERT INTO table (columns)`) then the rows then `tail`, for every row (arrays in column
 * order, made as they are written); the rows RETURNING gives, if any.
 */
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
  // On PostgreSQL the rows travel as one JSON parameter read back through the table's own row type:
  // a statement of 30,000 placeholders costs more to send, parse and bind than to execute.
  const target = sqlite ? null : /^\s*INSERT INTO (\w+) \(([^)]+)\)\s*$/.exec(head);
  if (!sqlite && !target) throw new Error(`bulk: cannot read the table and columns of "${head}"`);
  const names = target ? target[2].split(',').map((c) => c.trim()) : [];
  if (target && names.length !== columns) throw new Error(`bulk: ${columns} columns expected in "${head}"`);
  const pgSql = target
    ? `${head} SELECT ${names.join(', ')} FROM json_populate_recordset(NULL::${target[1]}, $1::json) ${tail}`
    : '';
  const pgJson = (part: unknown[][]) =>
    JSON.stringify(part.map((r) => Object.fromEntries(names.map((c, i) => [c, pgText(r[i])]))));
  // In parts: on SQLite no one message to the writer's thread is large, on PostgreSQL one JSON text
  // stays a few megabytes; and only one part's row arrays exist at a time.
  const write = async (part: unknown[][]) => {
    if (sqlite && tail.includes('RETURNING')) out.push(...(await sqlite.returning<R>(one, part)));
    else if (sqlite) await sqlite.run(one, part);
    else out.push(...(await db.executeQuery<R>(CompiledQuery.raw(pgSql, [pgJson(part)]))).rows);
  };
  let part: unknown[][] = [];
  for (const r of rows) {
    part.push(r);
    if (part.length >= PART_ROWS) {
      await write(part);
      part = [];
    }
  }
  if (part.length) await write(part);
  return out;
}

/** Settings of the writer's SQLite connection while it imports (the previous ones come back after). */
const IMPORT_PRAGMAS = {
  // Page cache for the random index writes (posts, authors, co-hashtags), within the memory budget
  // (better-sqlite3's default is 16,000 KiB for each of the two).
  cache_size: -8_192,
  // Temporary tables (the staged author rows) go to disk beyond this.
  'temp.cache_size': -2_048,
  // A checkpoint every ~80 MB of log instead of every 4 MB: index and rollup pages written in several
  // transactions of one import are copied into the database once rather than once per transaction.
  wal_autocheckpoint: 20_000,
  // No fsync at each commit, only at checkpoints (WAL stays consistent): a power cut may undo the
  // last transactions, and their lines are read again on resume since progress commits with them.
  synchronous: 1,
};
/**
 * Sets IMPORT_PRAGMAS on the writer's SQLite connection (nothing on PostgreSQL); returns what sets
 * the previous values back. Best effort: a setting the connection refuses is left as it was.
 */
export async function tuneWriter(writer: Q): Promise<() => Promise<void>> {
  const sqlite = sqliteBulk(writer);
  if (!sqlite) return async () => {};
  const before: Array<[string, number]> = [];
  for (const [name, value] of Object.entries(IMPORT_PRAGMAS)) {
    try {
      const was = Number(await sqlite.pragma(name));
      await sqlite.pragma(`${name} = ${value}`);
      before.push([name, was]);
    } catch {
      /* another transaction is open on the connection: this setting stays */
    }
  }
  return async () => {
    for (const [name, value] of before) await sqlite.pragma(`${name} = ${value}`).catch(() => {});
  };
}
