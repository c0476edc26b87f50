// Picks the shared store for a configuration (see shared-store.ts).
import type { Config } from '../config.ts';
import { createPostgresStore } from './shared-store.postgres.ts';
import { createRedisStore } from './shared-store.redis.ts';
import { createMemoryStore, type SharedStore } from './shared-store.ts';

/** REDIS_URL wins; otherwise PostgreSQL holds the shared state, and one embedded process keeps it in memory. */
export async function createSharedStore(config: Config): Promise<SharedStore> {
  if (config.redisUrl) {
    return createRedisStore(config.redisUrl, storePrefix(config.databaseUrl));
  }
  if (config.dialect === 'postgres') {
    return createPostgresStore(config.databaseUrl);
  }
  return createMemoryStore();
}

/** Processes on one database share one namespace in Redis, and never another database's. */
export function storePrefix(databaseUrl: string): string {
  let h = 0x811c9dc5;
  for (const ch of databaseUrl) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `dauys:${h.toString(36)}:`;
}
