// Coordination analyses of monitor data: an analyst starts one on a campaign or a hashtag, a background
// runner in the serving process reads the scope's posts, finds the significant edges and their clusters, and keeps each cluster
// with its evidence (bounded: see LIMITS). Runs and exports are audited; only analysts see them.
import { randomBytes } from 'node:crypto';
import { type Actor, type AuditService, can, type Staff } from '../core/accounts/index.ts';
import { fail, forbidden, notFound } from '../core/errors.ts';
import type { Db } from '../db/database.ts';
import { newId, nowIso } from '../db/portable.ts';
import { detectCoordination, DEFAULT_WINDOW, type Detection } from './detect.ts';
import { isType, type CoordinationType } from './keys.ts';
import { messageSetFrom, type MessageInput, type MessageSet } from './message-set.ts';
import type { Progress } from './run.ts';
import type { RunFilter, RunRecord, ClusterRecord } from './coordination.model.ts';
import * as repo from './coordination.repository.ts';
import { clusterRecords } from './cluster-records.ts';
import { runExport, type RunExportFormat } from './run-export.ts';

/** A monitor post as an analysis reads it (the monitor's `analysisPosts` gives exactly this). */
export interface SourcePost {
  id: string;
  url: string | null;
  platform: string;
  author: string;
  handle: string | null;
  at: Date;
  text: string;
  hashtags: string[];
  mentions: string[];
  links: string[];
  replyTo: string | null;
  repostOf: string | null;
  sound: string | null;
}

/** What this module needs of the monitor. */
export interface PostSource {
  analysisPosts(filter: { scope: string } & RunFilter): AsyncIterable<SourcePost>;
}

export interface RunParams {
  scope: string;
  type: string;
  window?: number;
  filter?: RunFilter;
}

export interface Analysis {
  set: MessageSet;
  detection: Detection;
  /** A post's URL by message id, for evidence. */
  urls: Map<string, string>;
}

export interface CoordinationService {
  /** Queues an analysis; a serving process's runner carries it out. */
  start(params: RunParams, actor: Actor): Promise<RunRecord>;
  /** Runs queued analyses one after another; returns how many it finished (the runner; tests). */
  runQueued(): Promise<number>;
  /**
   * A serving process's runner: looks for queued analyses every `pollMs` and at once after a start
   * here. Analyses run beside the job queue, not in it: one can take minutes, and mail must not wait.
   */
  startRunner(pollMs?: number): void;
  /** Stops the runner; an analysis it was running goes back to the queue for the next process. */
  stopRunner(): Promise<void>;
  /** One analysis in memory, nothing stored (the command line). */
  analyse(params: RunParams, opts?: { signal?: AbortSignal; onProgress?: (p: Progress) => void }): Promise<Analysis>;
  runs(actor: Actor, opts?: { scope?: string; limit?: number }): Promise<RunRecord[]>;
  run(actor: Actor, id: string): Promise<RunRecord>;
  clusters(actor: Actor, runId: string): Promise<ClusterRecord[]>;
  cluster(actor: Actor, runId: string, idx: number): Promise<ClusterRecord>;
  cancel(actor: Actor, id: string): Promise<void>;
  remove(actor: Actor, id: string): Promise<void>;
  exportRun(
    actor: Actor,
    runId: string,
    format: RunExportFormat,
    opts?: { pseudonymise?: boolean },
  ): Promise<AsyncGenerator<string>>;
}

const MAX_WINDOW = 7 * 24 * 3600;
/** A running analysis reports at least this often; one silent for STALE_MS has lost its process. */
const HEARTBEAT_MS = 1000;
const STALE_MS = 10 * 60 * 1000;
const SCOPE_RE = /^(a|c:[0-9a-f-]{36}|t:[^\s]{1,120})$/;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

function checked(params: RunParams): { scope: string; type: CoordinationType; window: number; filter: RunFilter } {
  if (!SCOPE_RE.test(params.scope)) throw fail('COORDINATION_BAD_SCOPE');
  if (!isType(params.type)) throw fail('COORDINATION_BAD_TYPE');
  const window = params.window ?? DEFAULT_WINDOW;
  if (!Number.isInteger(window) || window < 0 || window > MAX_WINDOW) throw fail('COORDINATION_BAD_WINDOW');
  const filter: RunFilter = {};
  const f = params.filter ?? {};
  for (const k of ['from', 'to'] as const) if (f[k] && DAY_RE.test(f[k]!)) filter[k] = f[k];
  if (f.platform) filter.platform = f.platform;
  return { scope: params.scope, type: params.type, window, filter };
}

const allowed = (actor: Actor) => 'system' in actor || can(actor as Staff, 'analytics.view');
const label = (actor: Actor) => ('system' in actor ? `system:${actor.system}` : actor.email);

export function createCoordinationService(deps: {
  db: Db;
  audit: AuditService;
  monitor: PostSource;
  maxPosts: number;
  /** The platform's warning log: a failed analysis says why there, never on the page. */
  warn?: (msg: string, extra?: object) => void;
}): CoordinationService {
  const { db, audit } = deps;
  const guard = (actor: Actor) => {
    if (!allowed(actor)) throw forbidden();
  };
  async function found(id: string): Promise<RunRecord> {
    const run = /^[0-9a-f-]{36}$/.test(id) ? await repo.findRun(db, id) : null;
    if (!run) throw notFound('COORDINATION_RUN_NOT_FOUND');
    return run;
  }

  async function analyse(
    params: RunParams,
    opts: { signal?: AbortSignal; onProgress?: (p: Progress) => void } = {},
  ): Promise<Analysis> {
    const { scope, type, window, filter } = checked(params);
    const inputs: MessageInput[] = [];
    const urls = new Map<string, string>();
    let last = performance.now();
    for await (const p of deps.monitor.analysisPosts({ scope, ...filter })) {
      if (inputs.length >= deps.maxPosts) break;
      inputs.push({
        id: p.id,
        userId: p.author,
        username: p.handle,
        time: p.at,
        repostOf: p.repostOf,
        replyTo: p.replyTo,
        text: p.text,
        urls: p.links,
        hashtags: p.hashtags,
        mentions: p.mentions,
        soundId: p.sound,
      });
      if (p.url) urls.set(p.id, p.url);
      opts.signal?.throwIfAborted();
      if (performance.now() - last > HEARTBEAT_MS) {
        last = performance.now();
        opts.onProgress?.({ stage: 'read', done: inputs.length, total: 0 });
      }
    }
    const set = messageSetFrom(inputs);
    inputs.length = 0;
    const detection = await detectCoordination(set, type, { window, signal: opts.signal, onProgress: opts.onProgress });
    return { set, detection, urls };
  }

  let current: AbortController | null = null;
  const SHUTDOWN = 'shutdown';

  /** Runs one claimed analysis; false when a shutdown put it back in the queue. */
  async function carryOut(run: RunRecord): Promise<boolean> {
    const controller = (current = new AbortController());
    let beat = Promise.resolve();
    let last = 0;
    let reading = 0;
    const onProgress = (p: Progress) => {
      if (p.stage === 'read') reading = p.done;
      if (performance.now() - last < HEARTBEAT_MS) return;
      last = performance.now();
      const progress = p.total ? (1000 * p.done) / p.total : 0;
      beat = beat
        .then(() => repo.reportProgress(db, run.id, { stage: p.stage, progress, messages: reading, now: nowIso() }))
        .then((cancel) => void (cancel && controller.abort(new Error('cancelled'))));
    };
    try {
      const { set, detection, urls } = await analyse(run, { signal: controller.signal, onProgress });
      await beat;
      await repo.finishRun(db, run.id, {
        status: 'done',
        counts: {
          messages: set.n,
          users: set.users.values.length,
          edges: detection.edges.count,
          significant: countSignificant(detection),
        },
        clusters: clusterRecords(set, detection, urls),
        now: nowIso(),
      });
      return true;
    } catch (err) {
      await beat.catch(() => undefined);
      if (controller.signal.reason === SHUTDOWN) {
        await repo.requeueRun(db, run.id, nowIso());
        return false;
      }
      const cancelled = controller.signal.aborted;
      await repo.finishRun(db, run.id, {
        status: cancelled ? 'cancelled' : 'failed',
        error: cancelled ? null : 'failed',
        now: nowIso(),
      });
      if (!cancelled) throw err;
      return true;
    } finally {
      current = null;
    }
  }

  let timer: NodeJS.Timeout | null = null;
  let loop: Promise<unknown> = Promise.resolve();
  let busy = false;
  let stopping = false;
  const wake = () => {
    if (busy || stopping || !timer) return;
    busy = true;
    loop = service
      .runQueued()
      // The run is recorded as failed; the log says why, and the runner goes on at its next poll.
      .catch((err: unknown) => deps.warn?.('coordination analysis failed', { error: (err as Error)?.message }))
      .finally(() => (busy = false));
  };

  const service: CoordinationService = {
    async start(params, actor) {
      guard(actor);
      const { scope, type, window, filter } = checked(params);
      const run = { id: newId(), scope, type, window, filter, startedBy: label(actor), createdAt: nowIso() };
      await repo.insertRun(db, run);
      await audit.record(
        actor,
        'coordination.start',
        { type: 'coordination_run', id: run.id },
        { scope, type, window },
      );
      wake();
      return (await repo.findRun(db, run.id))!;
    },
    async runQueued() {
      await repo.failStaleRuns(db, new Date(Date.now() - STALE_MS).toISOString(), nowIso());
      let done = 0;
      // A runner being stopped takes nothing more (not even the run its shutdown just put back).
      while (!stopping) {
        const run = await repo.claimQueuedRun(db, nowIso());
        if (!run) break;
        if (await carryOut(run)) done++;
      }
      return done;
    },
    startRunner(pollMs = 2000) {
      if (timer) return;
      stopping = false;
      timer = setInterval(wake, pollMs);
      timer.unref();
      wake();
    },
    async stopRunner() {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = null;
      current?.abort(SHUTDOWN);
      await loop;
    },
    analyse,
    async runs(actor, opts = {}) {
      guard(actor);
      return repo.listRuns(db, { scope: opts.scope, limit: opts.limit ?? 50 });
    },
    async run(actor, id) {
      guard(actor);
      return found(id);
    },
    async clusters(actor, runId) {
      guard(actor);
      return repo.listClusters(db, (await found(runId)).id, 500);
    },
    async cluster(actor, runId, idx) {
      guard(actor);
      const c = await repo.findCluster(db, (await found(runId)).id, idx);
      if (!c) throw notFound('COORDINATION_CLUSTER_NOT_FOUND');
      return c;
    },
    async cancel(actor, id) {
      guard(actor);
      await repo.requestCancel(db, (await found(id)).id, nowIso());
      await audit.record(actor, 'coordination.cancel', { type: 'coordination_run', id });
    },
    async remove(actor, id) {
      guard(actor);
      await found(id);
      if (!(await repo.deleteRun(db, id))) throw fail('COORDINATION_RUN_ACTIVE');
      await audit.record(actor, 'coordination.delete', { type: 'coordination_run', id });
    },
    async exportRun(actor, runId, format, opts = {}) {
      guard(actor);
      const run = await found(runId);
      const pseudonymise = opts.pseudonymise === true;
      await audit.record(
        actor,
        'coordination.export',
        { type: 'coordination_run', id: run.id },
        { format, pseudonymise },
      );
      const clusters = await repo.listClusters(db, run.id, 10_000);
      return runExport(run, clusters, format, pseudonymise ? randomBytes(32) : null);
    },
  };
  return service;
}

function countSignificant(d: Detection): number {
  let n = 0;
  for (let i = 0; i < d.edges.count; i++) n += d.edges.significant[i];
  return n;
}
