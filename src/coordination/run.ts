// Long computations report progress and can be stopped: they check in every few tens of
// milliseconds, yield to the event loop (so a server stays responsive and an abort can arrive)
// and throw the signal's reason once it is aborted.
import { setImmediate as yieldNow } from 'node:timers/promises';

export interface Progress {
  stage: 'read' | 'keys' | 'similar' | 'edges' | 'score';
  done: number;
  total: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** A checkpoint for loops: `await tick(done)` costs a clock read except every ~50 ms. */
export function ticker(opts: RunOptions, stage: Progress['stage'], total: number) {
  let last = performance.now();
  return {
    /** True when the loop should `await` (call `pause`). */
    due(): boolean {
      return performance.now() - last > 50;
    },
    async pause(done: number): Promise<void> {
      last = performance.now();
      opts.onProgress?.({ stage, done, total });
      await yieldNow();
      opts.signal?.throwIfAborted();
    },
    finish(): void {
      opts.onProgress?.({ stage, done: total, total });
    },
  };
}
