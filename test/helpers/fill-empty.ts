// Puts one made-up row in every table still empty after a test's seeding, so a test that must cover
// "every kind of record" covers a table a new migration adds without anyone listing it. Values follow
// each column's type (and a few awkward ones: Kazakh letters, quotes, a newline, a 2^40 integer, bytes);
// foreign keys take a value from the parent table's first row, parents filled first.
import { sql, type Kysely } from 'kysely';
import { backedUp } from '../../src/backup/index.ts';

interface Column {
  name: string;
  type: string;
}
interface Table {
  name: string;
  columns: Column[];
  fks: Array<{ column: string; parent: string; parentColumn: string }>;
}

async function describe(db: Kysely<any>): Promise<Table[]> {
  const pg = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  const tables = (await db.introspection.getTables()).filter((t) => backedUp(t.name));
  const out: Table[] = [];
  for (const t of tables) {
    const fks = pg
      ? (
          await sql<{ column: string; parent: string; parentColumn: string }>`
            SELECT a.attname AS column, c.confrelid::regclass::text AS parent, pa.attname AS "parentColumn"
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
            WHERE c.contype = 'f' AND c.conrelid = ${t.name}::regclass`.execute(db)
        ).rows
      : (
          await sql<{ column: string; parent: string; parentColumn: string }>`
            SELECT "from" AS column, "table" AS parent, "to" AS "parentColumn" FROM pragma_foreign_key_list(${t.name})`.execute(
            db,
          )
        ).rows;
    out.push({ name: t.name, columns: t.columns.map((c) => ({ name: c.name, type: c.dataType.toLowerCase() })), fks });
  }
  return out;
}

function valueFor(c: Column): unknown {
  if (/blob|bytea/.test(c.type)) return Buffer.from([0, 255, 1, 128]);
  if (/int8|bigint/.test(c.type)) return 2 ** 40 + 7;
  if (/int/.test(c.type)) return 42;
  if (/real|float|double|numeric/.test(c.type)) return 0.5;
  return `Қазақ "тест" ${c.name}\nжол`;
}

/** Fills each empty table with one row; returns the names of the tables it filled. */
export async function fillEmptyTables(db: Kysely<any>): Promise<string[]> {
  const tables = await describe(db);
  const byName = new Map(tables.map((t) => [t.name, t]));
  const filled: string[] = [];
  const done = new Set<string>();
  const fill = async (t: Table): Promise<void> => {
    if (done.has(t.name)) return;
    done.add(t.name);
    for (const fk of t.fks) if (fk.parent !== t.name) await fill(byName.get(fk.parent)!);
    const any = await sql`SELECT 1 FROM ${sql.table(t.name)} LIMIT 1`.execute(db);
    if (any.rows.length) return;
    const row: Record<string, unknown> = {};
    for (const c of t.columns) row[c.name] = valueFor(c);
    for (const fk of t.fks) {
      const parent = await sql<Record<string, unknown>>`
        SELECT ${sql.ref(fk.parentColumn)} AS v FROM ${sql.table(fk.parent)} LIMIT 1`.execute(db);
      row[fk.column] = parent.rows[0]?.v;
    }
    await db.insertInto(t.name).values(row).execute();
    filled.push(t.name);
  };
  for (const t of tables) await fill(t);
  return filled;
}
