// Privacy: keyed, daily-salted hashes of addresses (never the address itself).
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { defineModule } from '../modules/index.ts';
import { createIpHasher } from './ip-hash.service.ts';

export const privacyModule = defineModule({
  name: 'privacy',
  migrations: new URL('./migrations/', import.meta.url),
  needs: { config: true, db: true },
  create: ({ config, db }: { config: Config; db: Db }) => ({
    ipHasher: createIpHasher(db, config.secret, config.ipHashRetentionDays),
  }),
});
