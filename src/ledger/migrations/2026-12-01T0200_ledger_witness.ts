// The ledger's witnesses (src/ledger/witness): our cosignature key, the logs we witness with the
// latest checkpoint we cosigned for each, and the peers that witness our log.
// Frozen once merged. Imports no application code.
import { sql, type Kysely } from 'kysely';

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres');

export async function up(db: Kysely<any>): Promise<void> {
  const size = isPostgres(db) ? 'bigint' : 'integer';
  await db.schema
    .createTable('ledger_witness_keys')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('vkey', 'text', (c) => c.notNull())
    .addColumn('skey_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();
  await db.schema
    .createIndex('ledger_witness_keys_one_current')
    .on('ledger_witness_keys')
    .expression(sql`(1)`)
    .unique()
    .where(sql.ref('retired_at'), 'is', null)
    .execute();
  // size/root are null until the first checkpoint is cosigned; they change only by compare-and-set.
  await db.schema
    .createTable('ledger_witnessed_logs')
    .addColumn('origin', 'text', (c) => c.primaryKey())
    .addColumn('vkeys', 'text', (c) => c.notNull())
    .addColumn('size', size)
    .addColumn('root', 'text')
    .addColumn('checkpoint', 'text')
    .addColumn('cosigned_at', 'text')
    .addColumn('refusal', 'text')
    .addColumn('refused_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ledger_witness_peers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('vkey', 'text', (c) => c.notNull().unique())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('size', size, (c) => c.notNull().defaultTo(0))
    .addColumn('cosigned_size', size, (c) => c.notNull().defaultTo(0))
    .addColumn('last_success_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['ledger_witness_peers', 'ledger_witnessed_logs', 'ledger_witness_keys'])
    await db.schema.dropTable(t).ifExists().execute();
}
