// A database's schema as sorted lines, comparable between databases and between the two dialects:
// columns (position, type, nullability, default), primary keys, unique constraints, indexes, foreign
// keys, triggers and functions. Kysely's own tables are left out. Lines that only one dialect can
// have (PostgreSQL's bigint, the audit log's triggers) are compared per dialect like all others.
import { sql, type Kysely } from 'kysely';

export async function describeSchema(db: Kysely<any>): Promise<string[]> {
  const dialect = db.getExecutor().adapter.constructor.name.startsWith('Postgres') ? 'postgres' : 'sqlite';
  const lines = dialect === 'postgres' ? await describePostgres(db) : await describeSqlite(db);
  return lines.sort();
}

interface Column {
  table: string;
  name: string;
  position: number;
  type: string;
  notNull: boolean;
  defaultValue: string | null;
}

// A primary key column's nullability differs by dialect (SQLite lets a text key be null) and says
// nothing the pk line does not, so it is left out.
function columnLine(c: Column, primaryKey: boolean): string {
  const nullability = primaryKey ? '' : c.notNull ? ' not null' : ' null';
  const dflt = c.defaultValue === null ? '' : ` default ${c.defaultValue}`;
  return `column ${c.table}.${c.name} #${c.position} ${c.type}${nullability}${dflt}`;
}

const isOwn = (table: string) => !table.startsWith('kysely_') && !table.startsWith('sqlite_');

async function describeSqlite(db: Kysely<any>): Promise<string[]> {
  const out: string[] = [];
  const objects = (
    await sql<{ type: string; name: string; tbl_name: string }>`
      SELECT type, name, tbl_name FROM sqlite_schema WHERE type IN ('table', 'trigger', 'view')`.execute(db)
  ).rows.filter((o) => isOwn(o.tbl_name));
  for (const o of objects.filter((o) => o.type !== 'table')) out.push(`${o.type} ${o.tbl_name}.${o.name}`);
  for (const { name: table } of objects.filter((o) => o.type === 'table')) {
    const columns = (
      await sql<{ cid: number; name: string; type: string; notnull: number; dflt_value: string | null; pk: number }>`
        SELECT * FROM pragma_table_info(${table})`.execute(db)
    ).rows;
    const pk = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    for (const c of columns) {
      const column = {
        table,
        name: c.name,
        position: c.cid + 1,
        type: c.type.toLowerCase(),
        notNull: c.notnull === 1,
        defaultValue: c.dflt_value,
      };
      out.push(columnLine(column, c.pk > 0));
    }
    if (pk.length) out.push(`pk ${table}(${pk.map((c) => c.name).join(',')})`);
    const indexes = (
      await sql<{ name: string; unique: number; origin: string; partial: number }>`
        SELECT * FROM pragma_index_list(${table})`.execute(db)
    ).rows;
    for (const index of indexes) {
      if (index.origin === 'pk') continue;
      const cols = (
        await sql<{ seqno: number; name: string }>`SELECT * FROM pragma_index_info(${index.name})`.execute(db)
      ).rows
        .sort((a, b) => a.seqno - b.seqno)
        .map((c) => c.name)
        .join(',');
      if (index.origin === 'u') out.push(`unique ${table}(${cols})`);
      else out.push(indexLine(index.name, table, cols, index.unique === 1, index.partial === 1));
    }
    const keys = (
      await sql<{
        id: number;
        seq: number;
        table: string;
        from: string;
        to: string;
        on_update: string;
        on_delete: string;
      }>`
        SELECT * FROM pragma_foreign_key_list(${table})`.execute(db)
    ).rows;
    for (const id of new Set(keys.map((k) => k.id))) {
      const parts = keys.filter((k) => k.id === id).sort((a, b) => a.seq - b.seq);
      const { table: ref, on_delete, on_update } = parts[0];
      const from = parts.map((k) => k.from).join(',');
      const to = parts.map((k) => k.to).join(',');
      out.push(foreignKeyLine(table, from, ref, to, on_delete.toLowerCase(), on_update.toLowerCase()));
    }
  }
  return out;
}

const indexLine = (name: string, table: string, cols: string, unique: boolean, partial: boolean) =>
  `index ${name} ${table}(${cols})${unique ? ' unique' : ''}${partial ? ' partial' : ''}`;

const foreignKeyLine = (table: string, from: string, ref: string, to: string, onDelete: string, onUpdate: string) =>
  `fk ${table}(${from}) -> ${ref}(${to}) on delete ${onDelete} on update ${onUpdate}`;

// pg_constraint's action codes, named as SQLite names them.
const PG_ACTIONS: Record<string, string> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

async function describePostgres(db: Kysely<any>): Promise<string[]> {
  const out: string[] = [];
  const columns = (
    await sql<{
      table_name: string;
      column_name: string;
      position: string;
      data_type: string;
      is_nullable: string;
      column_default: string | null;
    }>`
      SELECT table_name, column_name, data_type, is_nullable, column_default,
        row_number() OVER (PARTITION BY table_name ORDER BY ordinal_position) AS position
      FROM information_schema.columns
      WHERE table_schema = current_schema()`.execute(db)
  ).rows.filter((c) => isOwn(c.table_name));
  const constraints = (
    await sql<{ tbl: string; contype: string; ref: string; cols: string; refcols: string; del: string; upd: string }>`
      SELECT c.conrelid::regclass::text AS tbl, c.contype, c.confrelid::regclass::text AS ref,
        c.confdeltype AS del, c.confupdtype AS upd,
        array_to_string(ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i), ',') AS cols,
        array_to_string(ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i), ',') AS refcols
      FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace
      WHERE s.nspname = current_schema() AND c.contype IN ('p', 'u', 'f')`.execute(db)
  ).rows.filter((c) => isOwn(c.tbl));
  const primaryKeys = new Set(
    constraints.filter((c) => c.contype === 'p').flatMap((c) => c.cols.split(',').map((col) => `${c.tbl}.${col}`)),
  );
  for (const c of columns) {
    const column = {
      table: c.table_name,
      name: c.column_name,
      position: Number(c.position),
      type: c.data_type,
      notNull: c.is_nullable === 'NO',
      // PostgreSQL spells a text default '[]'::text; SQLite keeps it as written, '[]'.
      defaultValue: c.column_default?.replace(/::text$/, '') ?? null,
    };
    out.push(columnLine(column, primaryKeys.has(`${c.table_name}.${c.column_name}`)));
  }
  for (const c of constraints) {
    if (c.contype === 'p') out.push(`pk ${c.tbl}(${c.cols})`);
    else if (c.contype === 'u') out.push(`unique ${c.tbl}(${c.cols})`);
    else out.push(foreignKeyLine(c.tbl, c.cols, c.ref, c.refcols, PG_ACTIONS[c.del], PG_ACTIONS[c.upd]));
  }
  const indexes = (
    await sql<{ tbl: string; name: string; unique: boolean; partial: boolean; cols: string }>`
      SELECT i.indrelid::regclass::text AS tbl, ic.relname AS name, i.indisunique AS unique,
        i.indpred IS NOT NULL AS partial,
        array_to_string(ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o)
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o), ',') AS cols
      FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace s ON s.oid = ic.relnamespace
      WHERE s.nspname = current_schema()
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u'))`.execute(
      db,
    )
  ).rows.filter((i) => isOwn(i.tbl));
  for (const i of indexes) out.push(indexLine(i.name, i.tbl, i.cols, i.unique, i.partial));
  const triggers = (
    await sql<{ tbl: string; name: string }>`
      SELECT t.tgrelid::regclass::text AS tbl, t.tgname AS name
      FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace s ON s.oid = r.relnamespace
      WHERE s.nspname = current_schema() AND NOT t.tgisinternal`.execute(db)
  ).rows;
  for (const t of triggers) out.push(`trigger ${t.tbl}.${t.name}`);
  const functions = (
    await sql<{ name: string }>`
      SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace
      WHERE s.nspname = current_schema()
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`.execute(db)
  ).rows;
  for (const f of functions) out.push(`function ${f.name}`);
  const views = (
    await sql<{ name: string }>`
      SELECT table_name AS name FROM information_schema.views WHERE table_schema = current_schema()`.execute(db)
  ).rows;
  for (const v of views) out.push(`view ${v.name}.${v.name}`);
  return out;
}
