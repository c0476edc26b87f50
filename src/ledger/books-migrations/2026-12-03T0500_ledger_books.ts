// The ledger's books: pending entries and the books' reading of the log (src/ledger/books.*).
// Frozen once merged. Imports no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ledger_pending')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('log_index', 'integer', (c) => c.unique())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('ledger_pending_status_idx')
    .on('ledger_pending')
    .columns(['status', 'recorded_at'])
    .execute();
  await db.schema
    .createTable('ledger_book_entries')
    .addColumn('log_index', 'integer', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text')
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('campaign', 'text')
    .addColumn('commitment', 'text')
    .addColumn('corrects', 'integer')
    .addColumn('reversed_by', 'integer', (c) => c.unique())
    .addColumn('pending_id', 'text')
    .execute();
  await db.schema
    .createIndex('ledger_book_entries_commitment_idx')
    .on('ledger_book_entries')
    .column('commitment')
    .execute();
  await db.schema
    .createIndex('ledger_book_entries_month_idx')
    .on('ledger_book_entries')
    .columns(['month', 'kind'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ledger_book_entries').ifExists().execute();
  await db.schema.dropTable('ledger_pending').ifExists().execute();
}
