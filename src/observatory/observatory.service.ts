// The observatory: cases, laws, events, organisations and sources with typed links to each other and
// to campaigns; a timeline index kept in step with every write; moderation (draft → review →
// published, proposals on published records); per-entity edit history and audit; and the hooks other
// modules use to add signals to impact pages and layers to the region map.
// This file puts together its parts: the queries (observatory.reads.ts), moderation
// (observatory.moderation.ts) and the reference sync (observatory.reference-sync.ts), the last two
// writing through the same steps (observatory.writes.ts) and telling the same change listeners.
import type { AuditService } from '../core/accounts/index.ts';
import type { CampaignsService } from '../core/campaigns/index.ts';
import type { RegionsService } from '../core/regions/index.ts';
import type { Db } from '../db/database.ts';
import { createObservatoryModeration, type ObservatoryModeration } from './observatory.moderation.ts';
import { createObservatoryReads, type ObservatoryReads } from './observatory.reads.ts';
import { createObservatoryReferenceSync, type ObservatoryReferenceSync } from './observatory.reference-sync.ts';
import { createWriteSteps } from './observatory.writes.ts';

export interface ObservatoryService extends ObservatoryReads, ObservatoryModeration, ObservatoryReferenceSync {
  onChange(listener: () => void): void;
}

/** bench/observatory.ts builds its records with these. */
export { entityColumns, timelineRows } from './observatory.mappers.ts';

export interface ObservatoryDeps {
  db: Db;
  audit: AuditService;
  regions: RegionsService;
  campaigns: CampaignsService;
}

export function createObservatoryService(deps: ObservatoryDeps): ObservatoryService {
  const listeners: Array<() => void> = [];
  const changed = () => listeners.forEach((l) => l());
  const reads = createObservatoryReads(deps);
  const steps = createWriteSteps(deps);
  return {
    ...reads,
    ...createObservatoryModeration({ ...deps, reads, steps, changed }),
    ...createObservatoryReferenceSync({ ...deps, steps, changed }),
    onChange: (l) => void listeners.push(l),
  };
}
