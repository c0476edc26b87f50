// What testimonies give the public: the stories she approved, the statistics from consenting records
// (small cells suppressed), and which summaries were promoted to the observatory.
import type { Db } from '../../db/database.ts';
import { parseJson } from '../../db/portable.ts';
import { computeStatistics, type Statistics } from './statistics.ts';
import { RELATIONSHIPS, type Story } from './testimony.ts';
import * as repo from './testimony.repository.ts';

export interface PublicCases {
  stories(componentId: string | null, limit?: number): Promise<Story[]>;
  countStories(componentId: string): Promise<number>;
  statistics(regions: readonly string[]): Promise<Statistics>;
  promotions(): Promise<Array<{ id: string; summary: string; observatoryId: string | null; createdOn: string }>>;
}

export function createPublicCases(deps: { db: Db }): PublicCases {
  const { db } = deps;
  return {
    async stories(componentId, limit = 50) {
      return (await repo.stories(db, componentId, limit)).map((r) => ({
        id: r.id,
        componentId: r.component_id,
        body: r.body,
        warnings: parseJson(r.warnings, []),
        publishedOn: r.published_on,
      }));
    },
    countStories: (componentId) => repo.countStories(db, componentId),

    async statistics(regions) {
      return computeStatistics(await repo.allStats(db), { regions, relationships: RELATIONSHIPS });
    },

    async promotions() {
      return (await repo.promotions(db)).map((p) => ({
        id: p.id,
        summary: p.summary,
        observatoryId: p.observatory_id,
        createdOn: p.created_on,
      }));
    },
  };
}
