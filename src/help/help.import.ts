// Importing a CSV of services: a plan first (what would be added, updated, left as it is, rejected),
// then the plan applied in one transaction. Rejected lines are never applied; the good lines of a file
// go in together or not at all (a database error or a concurrent edit rolls all of them back), and an
// entry's fields that a line leaves empty keep what is stored, so a re-import never blanks anything.
import type { AuditService, Staff } from '../core/accounts/index.ts';
import { forbidden, fail, ValidationError } from '../core/errors.ts';
import { regionLookup, type RegionsService } from '../core/regions/index.ts';
import type { Db } from '../db/database.ts';
import { newId, nowIso } from '../db/portable.ts';
import { LOCALES, type Translatable } from '../i18n/locales.ts';
import { identityKeys, parseHelpCsv, type Reject } from './help-csv.ts';
import { canImportHelp } from './help.permissions.ts';
import * as repo from './help.repository.ts';
import { columns, toEntry } from './help.rows.ts';
import type { HelpEntry, HelpEntryInput } from './help.ts';

export interface ImportOptions {
  /** For lines without a "source" cell. */
  source?: string;
  /** Apply nothing if any line is rejected. */
  strict?: boolean;
}

export interface ImportLine {
  line: number;
  name: Translatable;
  regionCode: string | null;
}

export interface ImportPlan {
  create: ImportLine[];
  update: ImportLine[];
  unchanged: ImportLine[];
  rejects: Reject[];
  warnings: string[];
}

export interface ImportResult extends ImportPlan {
  applied: boolean;
}

interface Planned {
  plan: ImportPlan;
  writes: Array<{ input: HelpEntryInput; existing: HelpEntry | null }>;
}

/** What the import keeps of a stored entry when a line leaves a field empty. */
function merged(input: HelpEntryInput, old: HelpEntry): HelpEntryInput {
  const text = (k: 'name' | 'description' | 'city' | 'address' | 'hours'): Translatable => {
    const out: Translatable = { ...old[k] };
    for (const l of LOCALES) if (input[k][l]) out[l] = input[k][l];
    return out;
  };
  return {
    ...input,
    name: text('name'),
    description: text('description'),
    city: text('city'),
    address: text('address'),
    hours: text('hours'),
    phone: input.phone || old.phone,
    website: input.website || old.website,
    languages: input.languages.length ? input.languages : old.languages,
    serves: input.serves.length ? input.serves : old.serves,
    cost: input.cost === 'unknown' ? old.cost : input.cost,
    // Staff who hid an entry decide when it comes back, not the next file.
    status: old.status,
  };
}

export function createHelpImport(deps: { db: Db; audit: AuditService; regions: RegionsService; changed: () => void }) {
  const { db, audit, regions, changed } = deps;
  const lookup = regionLookup(regions.all());

  async function plan(trx: Db, text: string, opts: ImportOptions): Promise<Planned> {
    if (!text.trim()) throw new ValidationError({ file: 'help.import.error.empty' });
    const parsed = parseHelpCsv(text, {
      region: lookup,
      isRegion: regions.isValid,
      source: opts.source?.trim() || undefined,
      today: new Date().toISOString().slice(0, 10),
    });
    if (parsed.fileError) throw new ValidationError({ file: parsed.fileError });
    const stored = new Map<string, HelpEntry>();
    for (const row of await repo.listImported(trx)) {
      const e = toEntry(row);
      for (const k of identityKeys(e)) stored.set(k, e);
    }
    const out: Planned = {
      plan: { create: [], update: [], unchanged: [], rejects: [...parsed.rejects], warnings: parsed.warnings },
      writes: [],
    };
    const seen = new Map<string, number>();
    for (const { line, input } of parsed.rows) {
      const keys = identityKeys(input);
      const twice = keys.map((k) => seen.get(k)).find((l) => l !== undefined);
      if (twice !== undefined) {
        out.plan.rejects.push({ line, fields: { name: 'help.import.error.duplicate' }, values: { line: twice } });
        continue;
      }
      keys.forEach((k) => seen.set(k, line));
      const existing = keys.map((k) => stored.get(k)).find(Boolean) ?? null;
      const next = existing ? merged(input, existing) : input;
      const summary = { line, name: next.name, regionCode: next.regionCode };
      if (!existing) out.plan.create.push(summary);
      else {
        const old = columns({ ...existing });
        const now = columns(next);
        if (Object.entries(now).every(([k, v]) => (old as Record<string, unknown>)[k] === v)) {
          out.plan.unchanged.push(summary);
          continue;
        }
        out.plan.update.push(summary);
      }
      out.writes.push({ input: next, existing });
    }
    out.plan.rejects.sort((a, b) => a.line - b.line);
    return out;
  }

  const guard = (actor: Staff) => {
    if (!canImportHelp(actor)) throw forbidden();
  };

  return {
    /** What importing this file would do; nothing is written. */
    async previewImport(text: string, opts: ImportOptions, actor: Staff): Promise<ImportPlan> {
      guard(actor);
      return (await plan(db, text, opts)).plan;
    },

    async importCsv(text: string, opts: ImportOptions, actor: Staff): Promise<ImportResult> {
      guard(actor);
      const result = await db.transaction().execute(async (trx) => {
        const { plan: p, writes } = await plan(trx, text, opts);
        if (opts.strict && p.rejects.length) return { ...p, applied: false };
        const now = nowIso();
        for (const { input, existing } of writes) {
          if (!existing) {
            await repo.insertEntry(trx, {
              id: newId(),
              reference_key: null,
              ...columns(input),
              created_by: actor.id,
              created_at: now,
              updated_at: now,
            });
          } else if (
            !(await repo.updateEntry(trx, existing.id, existing.version, { ...columns(input), updated_at: now }))
          )
            throw fail('HELP_EDITED_ELSEWHERE');
        }
        return { ...p, applied: true };
      });
      if (result.applied && (result.create.length || result.update.length)) changed();
      await audit.record(actor, 'help.import', null, {
        created: result.applied ? result.create.length : 0,
        updated: result.applied ? result.update.length : 0,
        rejected: result.rejects.length,
      });
      return result;
    },
  };
}

export type HelpImport = ReturnType<typeof createHelpImport>;
