// Petitions: the service that routes, the manifest and the jobs use, made of its parts over one
// shared context (petition.context.ts):
//   signing.service.ts    proof of work, signing, confirm and withdraw links, group commit
//   counting.service.ts   batched public counters, milestones, snapshots, tallies, trending reports
//   integrity.service.ts  allow/block lists and bulk invalidation
//   delivery.service.ts   exports, the delivery pack and updates mailed to signers
//   lifecycle.service.ts  state transitions, deadline closing, anonymisation, the reference dataset
//   updates.service.ts    the petition as a subject of officials' responses; stopping updates
// This file adds reading a petition and the timer that runs the counters.
import type { Campaign, CampaignComponent } from '../../core/campaigns/index.ts';
import { createCounting, type PetitionCounting } from './counting.service.ts';
import { createDelivery, type PetitionDelivery } from './delivery.service.ts';
import { createIntegrity, type PetitionIntegrity } from './integrity.service.ts';
import { createLifecycle, type PetitionLifecycle } from './lifecycle.service.ts';
import { createPetitionContext, type PetitionDeps } from './petition.context.ts';
import type { Petition, PetitionView } from './petition.ts';
import { toPetition } from './petition.repository.ts';
import { createSigning, type PetitionSigning } from './signing.service.ts';
import { createUpdates, type PetitionUpdates } from './updates.service.ts';

export type { PetitionDeps } from './petition.context.ts';
// Scripts and tests that write signature rows themselves key addresses the same way.
export { emailKeyer } from './integrity.ts';

export interface PetitionsService
  extends PetitionSigning, PetitionCounting, PetitionIntegrity, PetitionDelivery, PetitionLifecycle, PetitionUpdates {
  /** The petition of a component (its row is made, as a draft, on first use). */
  get(id: string): Promise<PetitionView>;
  /** Only when the public may see it (published, in a public state, campaign not a draft). */
  getPublic(id: string): Promise<{ petition: PetitionView; campaign: Campaign }>;
  forComponent(component: CampaignComponent): Promise<Petition>;
  /** Writes everything pending (tests, shutdown). */
  flush(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

export function createPetitionsService(deps: PetitionDeps): PetitionsService {
  const ctx = createPetitionContext(deps);
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;

  const service: PetitionsService = {
    ...createSigning(ctx),
    ...createCounting(ctx),
    ...createIntegrity(ctx),
    ...createDelivery(ctx),
    ...createLifecycle(ctx),
    ...createUpdates(ctx),

    async get(id) {
      return (await ctx.load(id, true)).view;
    },

    async getPublic(id) {
      const m = await ctx.loadPublic(id);
      return { petition: m.view, campaign: m.campaign };
    },

    async forComponent(component) {
      return toPetition(await ctx.rowFor(component));
    },

    start() {
      if (timer) return;
      const run = () => {
        ticking = service
          .tick()
          .catch((err) =>
            console.error(
              JSON.stringify({ level: 'warn', msg: 'petition count tick failed', error: (err as Error).message }),
            ),
          );
      };
      timer = setInterval(run, deps.config.petitions.countIntervalMs);
      timer.unref();
    },

    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await ticking;
      await service.flush();
    },
  };
  return service;
}
