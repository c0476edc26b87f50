// One lock per SQLite file, shared by the main connection and the writer's worker connection in this
// process. The writer's transactions are driven from the main thread, query by query; if the main
// connection then waited synchronously for the write lock (busy_timeout), the worker could never get
// its next statement and both would stall until the timeout. Taking turns here, asynchronously, keeps
// the event loop free and the two connections out of each other's way.
export interface AsyncLock {
  acquire(): Promise<void>;
  release(): void;
}

function createLock(): AsyncLock {
  const queue: Array<() => void> = [];
  let held = false;
  return {
    acquire() {
      if (!held) {
        held = true;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => queue.push(resolve));
    },
    release() {
      const next = queue.shift();
      if (next) next();
      else held = false;
    },
  };
}

const locks = new Map<string, AsyncLock>();

export function sqliteLock(file: string): AsyncLock {
  let lock = locks.get(file);
  if (!lock) locks.set(file, (lock = createLock()));
  return lock;
}
