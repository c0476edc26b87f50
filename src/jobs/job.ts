// What the jobs page shows of the queue: counts by job and state, recent failures, the schedules.

export interface JobsStatus {
  counts: Array<{ name: string; status: string; n: number; nextRun: string }>;
  failures: Array<{ id: string; name: string; attempts: number; status: string; error: string; at: string }>;
  schedules: Array<{ name: string; cron: string; next: string | null }>;
  handlers: string[];
}
