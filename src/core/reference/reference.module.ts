// The reference dataset in data/reference/: campaigns here, the other parts from the modules that
// own them (collected `referenceLoaders`), loaded in module order by `dauys seed` or a first start.
import type { CampaignsService } from '../campaigns/index.ts';
import { defineModule } from '../modules/index.ts';
import { createReferenceService } from './reference.service.ts';

export const referenceModule = defineModule({
  name: 'reference',
  needs: { campaigns: true },
  create: ({ campaigns }: { campaigns: CampaignsService }) => ({ reference: createReferenceService(campaigns) }),
  collects: { referenceLoaders: ({ reference }, loaders) => reference.add(loaders) },
});
