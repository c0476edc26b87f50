// A small job queue in the application database: retries with exponential backoff, idempotent
// handlers (a job may run twice after a crash), scheduled jobs enqueued once per slot across processes.
import { Cron } from 'croner';
import { hostname } from 'node:os';
import type { Db } from '../db/database.ts';
import { isoAt, newId, nowIso, parseJson, toJson } from '../db/portable.ts';
import type { JobsStatus } from './job.ts';
import * as repo from './jobs.repository.ts';

export type JobHandler = (payload: any, job: { id: string; attempts: number }) => Promise<void>;

export interface Schedule {
  name: string; // job name to enqueue
  cron: string; // croner pattern (UTC)
  payload?: Record<string, unknown>;
}

export interface JobsService {
  define(name: string, handler: JobHandler, opts?: { maxAttempts?: number }): void;
  schedule(s: Schedule): void;
  enqueue(
    name: string,
    payload?: Record<string, unknown>,
    opts?: { runAt?: Date; uniqueKey?: string; maxAttempts?: number },
  ): Promise<boolean>;
  /** Runs due jobs until none is left (tests, CLI); returns how many ran. */
  drain(limit?: number): Promise<number>;
  start(): void;
  stop(): Promise<void>;
  status(): Promise<JobsStatus>;
}

export const backoffMs = (attempt: number) =>
  Math.min(1000 * 2 ** attempt, 3_600_000) + Math.floor(Math.random() * 1000);
/**
 * A running job's lock is renewed every HEARTBEAT_MS while its handler runs, so however long it takes
 * (a large import) no other process takes it over; a lock older than STALE_MS was left by a process
 * that stopped, and the job is queued again (handlers are idempotent).
 */
const HEARTBEAT_MS = 30_000;
const STALE_MS = 2 * 60_000;

export function createJobsService(deps: {
  db: Db;
  pollMs: number;
  log?: (msg: string, extra?: object) => void;
}): JobsService {
  const { db } = deps;
  const handlers = new Map<string, { run: JobHandler; maxAttempts: number }>();
  const schedules: Array<Schedule & { cronJob?: Cron }> = [];
  const worker = `${hostname()}:${process.pid}:${newId().slice(-6)}`;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;
  const log = deps.log ?? (() => {});

  async function runOne(): Promise<boolean> {
    const job = await repo.claimDue(db, [...handlers.keys()], worker, nowIso());
    if (!job) return false;
    const h = handlers.get(job.name)!;
    const heartbeat = setInterval(
      () => void repo.renewLock(db, job.id, worker, nowIso()).catch(() => undefined),
      HEARTBEAT_MS,
    );
    heartbeat.unref();
    try {
      await h.run(parseJson(job.payload, {}), { id: job.id, attempts: job.attempts });
      clearInterval(heartbeat);
      await repo.finishJob(db, job.id, nowIso());
    } catch (err) {
      clearInterval(heartbeat);
      const retry = job.attempts < job.max_attempts ? isoAt(Date.now() + backoffMs(job.attempts)) : null;
      await repo.failJob(db, job.id, (err as Error)?.message ?? String(err), retry, nowIso());
      log('job failed', { job: job.name, attempts: job.attempts, retry: !!retry });
    }
    return true;
  }

  async function tick() {
    if (stopped) return;
    try {
      await repo.requeueStale(db, isoAt(Date.now() - STALE_MS), nowIso());
      for (let i = 0; i < 50 && !stopped && (await runOne()); i++);
    } catch (err) {
      log('job poll failed', { error: (err as Error).message });
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), deps.pollMs);
  }

  const service: JobsService = {
    define(name, run, opts = {}) {
      handlers.set(name, { run, maxAttempts: opts.maxAttempts ?? 5 });
    },
    schedule(s) {
      schedules.push(s);
    },
    async enqueue(name, payload = {}, opts = {}) {
      const now = nowIso();
      return repo.insertJob(db, {
        id: newId(),
        name,
        payload: toJson(payload),
        status: 'queued',
        run_at: (opts.runAt ?? new Date()).toISOString(),
        max_attempts: opts.maxAttempts ?? handlers.get(name)?.maxAttempts ?? 5,
        unique_key: opts.uniqueKey ?? null,
        locked_by: null,
        locked_at: null,
        last_error: null,
        created_at: now,
        updated_at: now,
        finished_at: null,
      });
    },
    async drain(limit = 1000) {
      let n = 0;
      while (n < limit && (await runOne())) n++;
      return n;
    },
    start() {
      if (!stopped) return;
      stopped = false;
      for (const s of schedules) {
        // Every process tries to enqueue the same slot; the unique key lets exactly one succeed.
        s.cronJob = new Cron(s.cron, { timezone: 'UTC', protect: true }, async (self: Cron) => {
          const slot = (self.currentRun() ?? new Date()).toISOString().slice(0, 16);
          await service
            .enqueue(s.name, s.payload ?? {}, { uniqueKey: `${s.name}@${slot}` })
            .catch((e) => log('schedule failed', { job: s.name, error: (e as Error).message }));
        });
      }
      running = tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const s of schedules) s.cronJob?.stop();
      await running;
    },
    async status() {
      const counts = (await repo.countsByStatus(db)).map((r) => ({
        name: r.name,
        status: r.status,
        n: Number(r.n),
        nextRun: r.next_run,
      }));
      const failures = (await repo.recentFailures(db, 10)).map((r) => ({
        id: r.id,
        name: r.name,
        attempts: r.attempts,
        status: r.status,
        error: r.last_error ?? '',
        at: r.updated_at,
      }));
      return {
        counts,
        failures,
        schedules: schedules.map((s) => ({
          name: s.name,
          cron: s.cron,
          next: new Cron(s.cron, { timezone: 'UTC' }).nextRun()?.toISOString() ?? null,
        })),
        handlers: [...handlers.keys()].sort(),
      };
    },
  };
  return service;
}
