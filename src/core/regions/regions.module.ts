// Kazakhstan's regions and cities (data/reference/regions.tsv), synced into the regions table at start.
import type { Db } from '../../db/database.ts';
import { defineModule } from '../modules/index.ts';
import { createRegionsService } from './regions.service.ts';

export const regionsModule = defineModule({
  name: 'regions',
  migrations: new URL('./migrations/', import.meta.url),
  needs: { db: true },
  create: (_: { db: Db }) => ({ regions: createRegionsService() }),
  contributes: ({ db, regions }) => ({ prepare: async () => void (await regions.syncTable(db)) }),
});
