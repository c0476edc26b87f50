// The help directory: public search by region and need (Kazakh-folded words too), staff create and
// edit with optimistic versions and audit, the reference entries, and the services matching a survivor.
import type { AuditService, Staff } from '../core/accounts/index.ts';
import type { RegionsService } from '../core/regions/index.ts';
import type { Db } from '../db/database.ts';
import { newId, nowIso } from '../db/portable.ts';
import { forbidden, notFound, ValidationError, fail } from '../core/errors.ts';
import { canEditHelp } from './help.permissions.ts';
import * as repo from './help.repository.ts';
import { staleBefore, type HelpEntry, type HelpEntryInput, type Need } from './help.ts';
import { createHelpImport, type HelpImport } from './help.import.ts';
import { columns, conceptPatterns, today, toEntry } from './help.rows.ts';
import { parseQuery } from './help.synonyms.ts';
import { validateEntry } from './help.validation.ts';

export interface HelpQuery {
  region?: string;
  needs?: Need[];
  q?: string;
  includeHidden?: boolean;
  limit?: number;
}

export interface HelpService extends HelpImport {
  search(query: HelpQuery): Promise<HelpEntry[]>;
  get(id: string, opts?: { includeHidden?: boolean }): Promise<HelpEntry>;
  create(input: HelpEntryInput, actor: Staff): Promise<HelpEntry>;
  update(id: string, expectedVersion: number, input: HelpEntryInput, actor: Staff): Promise<HelpEntry>;
  /** Services for a survivor's region and needs ("only to be heard" matches hotlines too). */
  forSurvivor(region: string | null, needs: Need[]): Promise<HelpEntry[]>;
  countByRegion(): Promise<Record<string, number>>;
  /** Published services staff added themselves, beyond the reference dataset's national numbers. */
  ownCount(): Promise<number>;
  upsertReference(key: string, input: HelpEntryInput): Promise<'created' | 'updated' | 'unchanged'>;
  /** Entries to re-check: verified more than a year ago, or never (hidden ones too), oldest first. */
  stale(): Promise<HelpEntry[]>;
  onChange(listener: () => void): void;
}

export function createHelpService(deps: { db: Db; audit: AuditService; regions: RegionsService }): HelpService {
  const { db, audit, regions } = deps;
  const listeners: Array<() => void> = [];
  const changed = () => listeners.forEach((l) => l());
  const check = (input: HelpEntryInput) => {
    const errors = validateEntry(input, regions.isValid);
    if (Object.keys(errors).length) throw new ValidationError(errors);
  };

  const api: HelpService = {
    ...createHelpImport({ db, audit, regions, changed }),
    async search(query) {
      const parts = parseQuery(query.q ?? '');
      const rows = await repo.listEntries(db, {
        region: query.region,
        needs: query.needs,
        words: parts.flatMap((p) => ('word' in p ? [p.word] : [])),
        concepts: parts.flatMap((p) =>
          'concept' in p
            ? [{ needs: p.concept.needs, kinds: p.concept.kinds, patterns: conceptPatterns(p.concept) }]
            : [],
        ),
        includeHidden: query.includeHidden,
        limit: Math.min(query.limit ?? 200, 500),
      });
      return rows.map((r) => toEntry(r));
    },

    async get(id, opts = {}) {
      const row = await repo.findEntry(db, id);
      if (!row || (row.status !== 'published' && !opts.includeHidden)) throw notFound('HELP_SERVICE_NOT_FOUND');
      return toEntry(row);
    },

    async create(input, actor) {
      if (!canEditHelp(actor)) throw forbidden();
      check(input);
      const id = newId();
      const now = nowIso();
      await repo.insertEntry(db, {
        id,
        reference_key: null,
        ...columns(input),
        created_by: actor.id,
        created_at: now,
        updated_at: now,
      });
      await audit.record(
        actor,
        'help.create',
        { type: 'help_service', id },
        { kind: input.kind, region: input.regionCode },
      );
      changed();
      return api.get(id, { includeHidden: true });
    },

    async update(id, expectedVersion, input, actor) {
      if (!canEditHelp(actor)) throw forbidden();
      await api.get(id, { includeHidden: true });
      check(input);
      const ok = await repo.updateEntry(db, id, expectedVersion, { ...columns(input), updated_at: nowIso() });
      if (!ok) throw fail('HELP_EDITED_ELSEWHERE');
      await audit.record(
        actor,
        'help.update',
        { type: 'help_service', id },
        { version: expectedVersion + 1, status: input.status },
      );
      changed();
      return api.get(id, { includeHidden: true });
    },

    async forSurvivor(region, needs) {
      // Being heard is what hotlines and crisis centres do; every other need maps to itself.
      const wanted = needs.length ? needs : (['heard'] as Need[]);
      return api.search({ region: region ?? undefined, needs: wanted, limit: 20 });
    },

    async countByRegion() {
      const out: Record<string, number> = {};
      for (const r of await repo.countByRegion(db)) out[r.region_code ?? 'national'] = r.n;
      return out;
    },

    ownCount: () => repo.countOwnPublished(db),

    async upsertReference(key, input) {
      check(input);
      const existing = await repo.findByReferenceKey(db, key);
      const cols = columns(input);
      const now = nowIso();
      if (!existing) {
        await repo.insertEntry(db, {
          id: newId(),
          reference_key: key,
          ...cols,
          created_by: null,
          created_at: now,
          updated_at: now,
        });
        changed();
        return 'created';
      }
      if (Object.entries(cols).every(([k, v]) => (existing as Record<string, unknown>)[k] === v)) return 'unchanged';
      await repo.updateEntry(db, existing.id, existing.version, { ...cols, updated_at: now });
      changed();
      return 'updated';
    },

    async stale() {
      const rows = await repo.listEntries(db, {
        includeHidden: true,
        verifiedBefore: staleBefore(today()),
        limit: 1000,
      });
      return rows.map((r) => toEntry(r)).sort((a, b) => (a.verifiedOn ?? '').localeCompare(b.verifiedOn ?? ''));
    },

    onChange: (l) => void listeners.push(l),
  };
  return api;
}
