// The coordination module's tables, as plain functions taking the database first. JSON columns are
// parsed here; nothing else reads the rows.
import type { Kysely, Selectable } from 'kysely';
import { parseJson, toJson } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import type { ClusterRecord, RunFilter, RunRecord, RunStatus } from './coordination.model.ts';
import type { CoordinationRunsTable } from './coordination.table.ts';

type Q = Kysely<Database>;

const toRun = (r: Selectable<CoordinationRunsTable>): RunRecord => ({
  id: r.id,
  scope: r.scope,
  filter: parseJson<RunFilter>(r.filter, {}),
  type: r.type,
  window: Number(r.window_s),
  status: r.status,
  cancelRequested: Number(r.cancel_requested) === 1,
  stage: r.stage,
  progress: Number(r.progress),
  messages: Number(r.messages),
  users: Number(r.users),
  edges: Number(r.edges),
  significant: Number(r.significant),
  clusters: Number(r.clusters),
  error: r.error,
  startedBy: r.started_by,
  createdAt: r.created_at,
  startedAt: r.started_at,
  updatedAt: r.updated_at,
  finishedAt: r.finished_at,
});

export async function insertRun(
  db: Q,
  run: Pick<RunRecord, 'id' | 'scope' | 'filter' | 'type' | 'window' | 'startedBy' | 'createdAt'>,
): Promise<void> {
  await db
    .insertInto('coordination_runs')
    .values({
      id: run.id,
      scope: run.scope,
      filter: toJson(run.filter),
      type: run.type,
      window_s: run.window,
      status: 'queued',
      started_by: run.startedBy,
      created_at: run.createdAt,
      updated_at: run.createdAt,
    })
    .execute();
}

export async function findRun(db: Q, id: string): Promise<RunRecord | null> {
  const r = await db.selectFrom('coordination_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRun(r) : null;
}

export async function listRuns(db: Q, opts: { scope?: string; limit: number }): Promise<RunRecord[]> {
  let q = db.selectFrom('coordination_runs').selectAll();
  if (opts.scope) q = q.where('scope', '=', opts.scope);
  return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute()).map(toRun);
}

/** Takes the oldest queued run for this process; null when none is left (or another process took it). */
export async function claimQueuedRun(db: Q, now: string): Promise<RunRecord | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const next = await db
      .selectFrom('coordination_runs')
      .select('id')
      .where('status', '=', 'queued')
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    if (!next) return null;
    const taken = await db
      .updateTable('coordination_runs')
      .set({ status: 'running', started_at: now, updated_at: now, stage: 'read', progress: 0 })
      .where('id', '=', next.id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1) return findRun(db, next.id);
  }
  return null;
}

/** The runner's heartbeat; returns whether a cancellation was asked for meanwhile. */
export async function reportProgress(
  db: Q,
  id: string,
  p: { stage: string; progress: number; messages?: number; users?: number; now: string },
): Promise<boolean> {
  await db
    .updateTable('coordination_runs')
    .set({
      stage: p.stage,
      progress: Math.max(0, Math.min(1000, Math.round(p.progress))),
      updated_at: p.now,
      ...(p.messages === undefined ? {} : { messages: p.messages }),
      ...(p.users === undefined ? {} : { users: p.users }),
    })
    .where('id', '=', id)
    .execute();
  const r = await db.selectFrom('coordination_runs').select('cancel_requested').where('id', '=', id).executeTakeFirst();
  return !r || Number(r.cancel_requested) === 1;
}

export async function finishRun(
  db: Q,
  id: string,
  result: {
    status: Exclude<RunStatus, 'queued' | 'running'>;
    error?: string | null;
    counts?: { messages: number; users: number; edges: number; significant: number };
    clusters?: ClusterRecord[];
    now: string;
  },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('coordination_clusters').where('run_id', '=', id).execute();
    for (let i = 0; i < (result.clusters?.length ?? 0); i += 50) {
      await trx
        .insertInto('coordination_clusters')
        .values(
          result.clusters!.slice(i, i + 50).map((c) => ({
            run_id: id,
            idx: c.idx,
            score: c.score,
            size: c.size,
            members: toJson(c.members),
            edges: toJson(c.edges),
            evidence: toJson(c.evidence),
          })),
        )
        .execute();
    }
    await trx
      .updateTable('coordination_runs')
      .set({
        status: result.status,
        error: result.error ?? null,
        stage: null,
        progress: result.status === 'done' ? 1000 : 0,
        finished_at: result.now,
        updated_at: result.now,
        clusters: result.clusters?.length ?? 0,
        ...(result.counts ?? {}),
      })
      .where('id', '=', id)
      .execute();
  });
}

/** An analysis interrupted by a shutdown waits for the next runner, from the start. */
export async function requeueRun(db: Q, id: string, now: string): Promise<void> {
  await db
    .updateTable('coordination_runs')
    .set({ status: 'queued', stage: null, progress: 0, messages: 0, started_at: null, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export async function requestCancel(db: Q, id: string, now: string): Promise<void> {
  // A queued run is cancelled at once; a running one when its runner next checks in.
  await db
    .updateTable('coordination_runs')
    .set({ status: 'cancelled', finished_at: now, updated_at: now, cancel_requested: 1 })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .execute();
  await db
    .updateTable('coordination_runs')
    .set({ cancel_requested: 1 })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/** Runs whose runner stopped reporting (its process died) are failed, so nobody waits for them forever. */
export async function failStaleRuns(db: Q, before: string, now: string): Promise<number> {
  const r = await db
    .updateTable('coordination_runs')
    .set({ status: 'failed', error: 'interrupted', stage: null, finished_at: now, updated_at: now })
    .where('status', '=', 'running')
    .where('updated_at', '<', before)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function deleteRun(db: Q, id: string): Promise<boolean> {
  return await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('coordination_clusters').where('run_id', '=', id).execute();
    const r = await trx
      .deleteFrom('coordination_runs')
      .where('id', '=', id)
      .where('status', 'not in', ['queued', 'running'])
      .executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  });
}

const toCluster = (r: {
  idx: number;
  score: number;
  size: number;
  members: string;
  edges?: string;
  evidence?: string;
}): ClusterRecord => ({
  idx: Number(r.idx),
  score: Number(r.score),
  size: Number(r.size),
  members: parseJson(r.members, []),
  edges: parseJson(r.edges, []),
  evidence: parseJson(r.evidence, []),
});

/** A run's clusters, best first, without their evidence (the run page lists them). */
export async function listClusters(db: Q, runId: string, limit: number): Promise<ClusterRecord[]> {
  const rows = await db
    .selectFrom('coordination_clusters')
    .select(['idx', 'score', 'size', 'members', 'edges'])
    .where('run_id', '=', runId)
    .orderBy('idx')
    .limit(limit)
    .execute();
  return rows.map(toCluster);
}

export async function findCluster(db: Q, runId: string, idx: number): Promise<ClusterRecord | null> {
  const r = await db
    .selectFrom('coordination_clusters')
    .selectAll()
    .where('run_id', '=', runId)
    .where('idx', '=', idx)
    .executeTakeFirst();
  return r ? toCluster(r) : null;
}
