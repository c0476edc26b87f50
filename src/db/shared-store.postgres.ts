// The shared store on PostgreSQL: counters in an UNLOGGED table (no WAL, so cheap to write; lost
// after a server crash, which a rate-limit counter can afford), messages through LISTEN/NOTIFY and
// locks through pg_try_advisory_lock on one dedicated connection (a process that dies lets go of them).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { mergeOps, type SharedStore } from './shared-store.ts';

const TABLE = 'dauys_shared_counters';
const CHANNEL = 'dauys_shared';

export async function createPostgresStore(databaseUrl: string): Promise<SharedStore> {
  // Counters need no durability: a commit here waits for no disk flush.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 8, options: '-c synchronous_commit=off' });
  pool.on('error', (err) => process.stderr.write(`shared store: idle connection lost (${err.message})\n`));
  await ensureTable(pool);

  const me = randomBytes(6).toString('hex');
  const listeners = new Map<string, Set<(m: string | null) => void>>();
  const held = new Set<string>();
  let listener: pg.Client | null = null;
  let closed = false;
  let reconnect: NodeJS.Timeout | null = null;

  const deliver = (channel: string, message: string | null) => {
    for (const l of listeners.get(channel) ?? []) l(message);
  };
  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on('notification', (n) => {
      if (!n.payload) return;
      const sep = n.payload.indexOf('|');
      const sep2 = n.payload.indexOf('|', sep + 1);
      if (n.payload.slice(0, sep) === me) return;
      deliver(n.payload.slice(sep + 1, sep2), n.payload.slice(sep2 + 1));
    });
    const lost = () => {
      if (listener !== client || closed) return;
      listener = null;
      held.clear(); // the server let go of this connection's advisory locks
      reconnect = setTimeout(() => {
        listen().then(
          () => {
            for (const channel of listeners.keys()) deliver(channel, null);
          },
          () => lost(),
        );
      }, 1000);
      reconnect.unref();
    };
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    listener = client;
  }
  await listen();

  // Expired counters are deleted now and then by whichever process gets there (cheap: an index range).
  const sweeper = setInterval(() => {
    pool.query(`DELETE FROM ${TABLE} WHERE expires_at <= $1`, [Date.now()]).catch(() => {});
  }, 60_000);
  sweeper.unref();

  const store: SharedStore = {
    kind: 'postgres',
    async batch(incr, get = []) {
      const now = Date.now();
      const { unique, index } = mergeOps(incr);
      // One statement: the upserts, then the reads (the reads see the table as it was before them,
      // which is why callers never read a key they increment in the same batch).
      const res = await pool.query<{ key: string; value: string; w: number }>(
        `WITH up AS (
           INSERT INTO ${TABLE} AS c (key, value, expires_at)
           SELECT k, b, $4::bigint + t FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS u(k, b, t)
           ON CONFLICT (key) DO UPDATE SET
             value = CASE WHEN c.expires_at <= $4 THEN EXCLUDED.value ELSE c.value + EXCLUDED.value END,
             expires_at = CASE WHEN c.expires_at <= $4 THEN EXCLUDED.expires_at ELSE c.expires_at END
           RETURNING c.key, c.value
         )
         SELECT key, value, 1 AS w FROM up
         UNION ALL
         SELECT key, value, 2 AS w FROM ${TABLE} WHERE key = ANY($5::text[]) AND expires_at > $4`,
        [unique.map((o) => o.key), unique.map((o) => o.by), unique.map((o) => o.ttlMs), now, get],
      );
      const upserted = new Map<string, number>();
      const read = new Map<string, number>();
      for (const r of res.rows) (r.w === 1 ? upserted : read).set(r.key, Number(r.value));
      // Two increments of one key in a batch read as if made one after the other.
      const incrs = new Array<number>(incr.length);
      for (let j = incr.length - 1; j >= 0; j--) {
        const key = unique[index[j]].key;
        const v = upserted.get(key) ?? 0;
        incrs[j] = v;
        upserted.set(key, v - incr[j].by);
      }
      return {
        incr: incrs,
        get: get.map((k) => read.get(k) ?? 0),
      };
    },
    async incr(key, ttlMs, by = 1) {
      return (await store.batch([{ key, ttlMs, by }])).incr[0];
    },
    async get(key) {
      return (await store.batch([], [key])).get[0];
    },
    async delete(key) {
      await pool.query(`DELETE FROM ${TABLE} WHERE key = $1`, [key]);
    },
    async publish(channel, message) {
      await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, `${me}|${channel}|${message}`]);
    },
    subscribe(channel, l) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(l);
    },
    async exclusive(name, fn) {
      // Advisory locks are re-entrant within one session: this process's own holders are kept apart here.
      const client = listener;
      if (!client || held.has(name)) return { ran: false };
      held.add(name);
      try {
        const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
          'dauys:' + name,
        ]);
        if (!got.rows[0]?.ok) return { ran: false };
        try {
          return { ran: true, value: await fn() };
        } finally {
          if (listener === client)
            await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['dauys:' + name]).catch(() => {});
        }
      } finally {
        held.delete(name);
      }
    },
    async close() {
      closed = true;
      clearInterval(sweeper);
      if (reconnect) clearTimeout(reconnect);
      await listener?.end().catch(() => {});
      listener = null;
      await pool.end();
    },
  };
  return store;
}

/** Made on first use (an UNLOGGED cache is no part of the schema's history); two processes starting at once take turns. */
async function ensureTable(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('dauys:shared-store:create'))");
    await client.query(
      `CREATE UNLOGGED TABLE IF NOT EXISTS ${TABLE} (key text PRIMARY KEY, value bigint NOT NULL, expires_at bigint NOT NULL)`,
    );
    await client.query(`CREATE INDEX IF NOT EXISTS ${TABLE}_expires ON ${TABLE} (expires_at)`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
