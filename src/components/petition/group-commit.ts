// Group commit: concurrent requests hand their write to one queue; a single transaction writes
// everything that arrived while the previous one was committing, and each request is answered only
// after its own write is durable. One fsync serves hundreds of signatures instead of one each.
export interface GroupCommit<T, R> {
  push(item: T): Promise<R>;
  /** Resolves when everything pushed so far is written. */
  flush(): Promise<void>;
  readonly pending: number;
}

export function groupCommit<T, R>(run: (items: T[]) => Promise<R[]>, maxBatch = 400): GroupCommit<T, R> {
  let queue: Array<{ item: T; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  let active: Promise<void> | null = null;

  async function write(batch: typeof queue) {
    try {
      const results = await run(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      // One bad item must not fail its neighbours: write them one by one.
      for (const b of batch) await write([b]);
    }
  }

  async function loop() {
    while (queue.length) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      await write(batch);
    }
    active = null;
  }

  return {
    push(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // setImmediate lets every request already parsed in this turn join the first batch.
        active ??= new Promise<void>((r) => setImmediate(r)).then(loop);
      });
    },
    async flush() {
      while (active) await active;
    },
    get pending() {
      return queue.length;
    },
  };
}
