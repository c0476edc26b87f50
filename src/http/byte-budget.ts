// A process-wide budget of bytes: a weighted semaphore, first come first served. Uploads wait for
// their share before their files are read back into memory, so however many arrive at once, the
// memory they take together stays bounded.
export interface ByteBudget {
  /** Resolves with a release function once `bytes` are free, or with null after `timeoutMs`. */
  acquire(bytes: number, timeoutMs: number): Promise<(() => void) | null>;
  readonly used: number;
}

export function createByteBudget(total: number): ByteBudget {
  let used = 0;
  const queue: Array<{ bytes: number; grant(): void }> = [];
  // Strictly in order: a large request at the head is not overtaken by small ones, so it cannot starve.
  const pump = () => {
    while (queue.length && used + queue[0].bytes <= total) {
      const next = queue.shift()!;
      used += next.bytes;
      next.grant();
    }
  };
  return {
    get used() {
      return used;
    },
    acquire(bytes, timeoutMs) {
      const need = Math.min(Math.max(0, bytes), total);
      return new Promise((resolve) => {
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          used -= need;
          pump();
        };
        const waiter = {
          bytes: need,
          grant() {
            clearTimeout(timer);
            resolve(release);
          },
        };
        const timer = setTimeout(() => {
          queue.splice(queue.indexOf(waiter), 1);
          resolve(null);
          pump();
        }, timeoutMs);
        queue.push(waiter);
        pump();
      });
    },
  };
}
