// Coordination analyses of monitor scopes and the clusters they found (src/coordination).
// Frozen once merged. Imports no application code.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('coordination_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('filter', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('window_s', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stage', 'text')
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('messages', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('users', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('edges', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('significant', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('clusters', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('coordination_runs_scope_idx')
    .on('coordination_runs')
    .columns(['scope', 'created_at'])
    .execute();
  await db.schema
    .createIndex('coordination_runs_status_idx')
    .on('coordination_runs')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema
    .createTable('coordination_clusters')
    .addColumn('run_id', 'text', (c) => c.notNull().references('coordination_runs.id').onDelete('cascade'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('members', 'text', (c) => c.notNull())
    .addColumn('edges', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('coordination_clusters_pk', ['run_id', 'idx'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('coordination_clusters').ifExists().execute();
  await db.schema.dropTable('coordination_runs').ifExists().execute();
}
