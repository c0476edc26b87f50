// Row types of the coordination module's tables (see the 2026-12-03T0500_coordination migration).
import type { Generated } from 'kysely';

/** One analysis of a monitor scope: what was asked, how far it got, what it found. */
export interface CoordinationRunsTable {
  id: string;
  /** The monitor scope: `c:<campaign id>`, `t:<hashtag key>` or `a` (all posts). */
  scope: string;
  /** JSON: { from?, to?, platform? }. */
  filter: string;
  type: string;
  window_s: number;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  /** Set by a staff member while running; the runner stops at its next check. */
  cancel_requested: Generated<number>;
  stage: string | null;
  /** Progress of the current stage, 0 … 1000. */
  progress: Generated<number>;
  messages: Generated<number>;
  users: Generated<number>;
  edges: Generated<number>;
  significant: Generated<number>;
  clusters: Generated<number>;
  error: string | null;
  started_by: string;
  created_at: string;
  started_at: string | null;
  /** The runner's heartbeat: a run whose process died stops being 'running' once this is old. */
  updated_at: string;
  finished_at: string | null;
}

/** One cluster of a run, with everything its page and exports show (JSON, parsed in the repository). */
export interface CoordinationClustersTable {
  run_id: string;
  idx: number;
  score: number;
  size: number;
  /** JSON: [{ id, handle, platform, score }] by descending score. */
  members: string;
  /** JSON: [[from, to, weight, score]] as member indexes. */
  edges: string;
  /** JSON: [{ key, messages: [{ id, member, time, text, url }] }]. */
  evidence: string;
}

declare module '../db/schema.ts' {
  interface Database {
    coordination_runs: CoordinationRunsTable;
    coordination_clusters: CoordinationClustersTable;
  }
}
