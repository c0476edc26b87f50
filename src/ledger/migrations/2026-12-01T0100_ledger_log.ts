// The ledger's transparency log (src/ledger): entries, tiles, checkpoints, signing keys.
// Frozen once merged. Imports no application code.
import { sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres');

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const bytes = pg ? 'bytea' : 'blob';
  // On SQLite an INTEGER PRIMARY KEY is the rowid itself (no second index); PostgreSQL needs 64 bits.
  const index = pg ? 'bigint' : 'integer';
  await db.schema
    .createTable('ledger_entries')
    .addColumn('idx', index, (c) => c.primaryKey())
    .addColumn('json', 'text', (c) => c.notNull())
    .addColumn('leaf_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ledger_tiles')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', index, (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('data', sql.raw(bytes), (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_tiles_pk', ['level', 'idx'])
    .execute();
  await db.schema
    .createTable('ledger_checkpoints')
    .addColumn('size', index, (c) => c.primaryKey())
    .addColumn('root', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('cosignatures', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ledger_keys')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('vkey', 'text', (c) => c.notNull())
    .addColumn('skey_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();
  // At most one current key, even when two processes make the first one at the same moment.
  await db.schema
    .createIndex('ledger_keys_one_current')
    .on('ledger_keys')
    .expression(sql`(1)`)
    .unique()
    .where(sql.ref('retired_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['ledger_keys', 'ledger_checkpoints', 'ledger_tiles', 'ledger_entries'])
    await db.schema.dropTable(t).ifExists().execute();
}
