// Importing a file: Zeeschuimer NDJSON, a 4CAT CSV export, or any CSV with a column mapping.
// Streams the file, rejects bad records with a reason and a line number (and goes on), stores good
// ones in batches, and records progress so that running the same file again resumes after the last
// stored batch. Re-importing a finished file only refreshes engagement figures.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { newId, nowIso } from '../db/portable.ts';
import { withIngest, type CampaignMatcher } from './monitor.ingest.ts';
import { isPlatform, preparePost, RejectError, type Platform, type PostInput, type PreparedPost, type RejectReason } from './post.ts';
import { detectFourcatPlatform, FOURCAT_PLATFORMS, mapFourcat } from './sources/fourcat.ts';
import { mapCsvRow, missingColumns, parseColumnMap } from './sources/mapped-csv.ts';
import { csvRecords, lines, sniffFile, type Encoding } from './sources/read.ts';
import { mapZeeschuimer } from './sources/zeeschuimer.ts';

export const FORMATS = ['zeeschuimer', '4cat', 'csv'] as const;
export type ImportFormat = (typeof FORMATS)[number];

export interface ImportOptions {
  file: string;
  fileName?: string;
  format: ImportFormat;
  platform?: Platform;
  /** For the generic CSV: "field=column,…". */
  columns?: string;
  campaignId?: string | null;
  startedBy: string;
  batchSize?: number;
  /** Batches per transaction (rollups are written once per transaction). */
  chunkBatches?: number;
  onProgress?: (p: ImportProgress) => void;
}

export interface RejectedLine {
  line: number;
  reason: RejectReason;
  detail: string;
}

export interface ImportProgress {
  bytes: number;
  size: number;
  read: number;
  inserted: number;
  updated: number;
  rejected: number;
}

export interface ImportSummary extends ImportProgress {
  id: string;
  encoding: Encoding;
  resumedFromLine: number;
  reasons: Partial<Record<RejectReason, number>>;
  rejects: RejectedLine[];
  platform: Platform | null;
  seconds: number;
}

/** Thrown before anything is read: the file as a whole cannot be imported (unknown columns …). */
export class ImportError extends Error {
  constructor(readonly code: 'unknown_platform' | 'missing_columns' | 'bad_mapping', detail: string) {
    super(detail);
  }
}

const KEEP_REJECTS = 1000;

type Item = { line: number; post: PostInput } | { line: number; reason: RejectReason; detail: string };

async function* records(opts: ImportOptions, encoding: Encoding, onBytes: (n: number) => void, chosen: { platform: Platform | null }): AsyncGenerator<Item> {
  if (opts.format === 'zeeschuimer') {
    for await (const { line, text } of lines(opts.file, encoding, onBytes)) {
      if (!text.trim()) continue;
      let envelope: unknown;
      try {
        envelope = JSON.parse(text.replace(/\u0000/g, ''));
      } catch (err) {
        yield { line, reason: text.includes('\ufffd') ? 'bad_encoding' : 'bad_json', detail: (err as Error).message.slice(0, 120) };
        continue;
      }
      try {
        yield { line, post: mapZeeschuimer(envelope) };
      } catch (err) {
        if (!(err instanceof RejectError)) throw err;
        yield { line, reason: err.reason, detail: err.detail };
      }
    }
    return;
  }
  const map = opts.format === 'csv' ? parseColumnMap(opts.columns) : null;
  let checked = false;
  for await (const item of csvRecords(opts.file, encoding, onBytes)) {
    if ('error' in item) {
      yield { line: item.line, reason: 'bad_csv', detail: item.error.slice(0, 120) };
      continue;
    }
    if (!checked) {
      checked = true;
      if (map) {
        const missing = missingColumns(map, item.columns);
        if (missing.length) throw new ImportError('missing_columns', missing.join(', '));
        chosen.platform = opts.platform ?? 'other';
      } else {
        chosen.platform = opts.platform ?? detectFourcatPlatform(item.columns);
        if (!chosen.platform || !FOURCAT_PLATFORMS.includes(chosen.platform)) throw new ImportError('unknown_platform', item.columns.slice(0, 12).join(', '));
      }
    }
    try {
      yield { line: item.line, post: map ? mapCsvRow(map, item.row, chosen.platform!) : mapFourcat(chosen.platform!, item.row) };
    } catch (err) {
      if (!(err instanceof RejectError)) throw err;
      yield { line: item.line, reason: err.reason, detail: err.detail };
    }
  }
}

export async function importFile(db: Kysely<Database>, matcher: CampaignMatcher, opts: ImportOptions): Promise<ImportSummary> {
  if (opts.platform && !isPlatform(opts.platform)) throw new ImportError('unknown_platform', String(opts.platform));
  if (opts.format === 'csv') {
    try {
      parseColumnMap(opts.columns);
    } catch (err) {
      throw new ImportError('bad_mapping', (err as Error).message);
    }
  }
  const started = Date.now();
  const { size, key, encoding } = await sniffFile(opts.file);
  const fileKey = `${opts.format}:${opts.platform ?? ''}:${opts.columns ?? ''}:${key}`;
  // An unfinished import of the same file resumes after its last stored batch.
  const previous = await db.selectFrom('monitor_imports').selectAll().where('file_key', '=', fileKey).where('status', '!=', 'done').orderBy('started_at', 'desc').executeTakeFirst();
  const id = previous?.id ?? newId();
  const resumeAfter = previous?.lines_done ?? 0;
  const state = {
    read: previous?.read ?? 0,
    inserted: previous?.inserted ?? 0,
    updated: previous?.updated ?? 0,
    rejected: previous?.rejected ?? 0,
    reasons: (previous ? JSON.parse(previous.reasons) : {}) as Partial<Record<RejectReason, number>>,
    rejects: (previous ? JSON.parse(previous.rejects) : []) as RejectedLine[],
  };
  if (previous) await db.updateTable('monitor_imports').set({ status: 'running', error: null }).where('id', '=', id).execute();
  else {
    await db
      .insertInto('monitor_imports')
      .values({ id, file_name: opts.fileName ?? opts.file.split(/[\\/]/).pop()!, file_key: fileKey, format: opts.format, platform: opts.platform ?? null, campaign_id: opts.campaignId ?? null, status: 'running', encoding, started_by: opts.startedBy, started_at: nowIso(), finished_at: null, error: null })
      .execute();
  }

  let bytes = 0;
  const chosen = { platform: opts.platform ?? null };
  const batchSize = opts.batchSize ?? 5000;
  // Rollups are written once per chunk of batches: the more posts they summarise, the fewer rows.
  const chunkBatches = opts.chunkBatches ?? 4;
  let lastLine = resumeAfter;
  const progress = () => opts.onProgress?.({ bytes, size, read: state.read, inserted: state.inserted, updated: state.updated, rejected: state.rejected });
  const it = records(opts, encoding, (b) => (bytes += b), chosen)[Symbol.asyncIterator]();
  const now = Date.now();
  let done = false;

  /** Reads the next batch of good posts, counting rejects on the way. */
  async function nextBatch(): Promise<PreparedPost[]> {
    const batch: PreparedPost[] = [];
    while (batch.length < batchSize) {
      const next = await it.next();
      if (next.done) {
        done = true;
        break;
      }
      const item = next.value;
      if (item.line <= resumeAfter) continue;
      state.read++;
      lastLine = item.line;
      let rejected: { reason: RejectReason; detail: string } | null = 'reason' in item ? item : null;
      if (!rejected && 'post' in item) {
        try {
          batch.push(preparePost(item.post, now));
        } catch (err) {
          if (!(err instanceof RejectError)) throw err;
          rejected = { reason: err.reason, detail: err.detail };
        }
      }
      if (rejected) {
        state.rejected++;
        state.reasons[rejected.reason] = (state.reasons[rejected.reason] ?? 0) + 1;
        if (state.rejects.length < KEEP_REJECTS) state.rejects.push({ line: item.line, reason: rejected.reason, detail: rejected.detail });
      }
    }
    return batch;
  }

  try {
    while (!done) {
      // Posts, rollups and the import's progress are committed together: a crash loses the chunk
      // in progress, and the next run resumes from the last committed line.
      await withIngest(db, { source: opts.format, matcher, campaignIds: opts.campaignId ? [opts.campaignId] : [] }, async (add, trx) => {
        for (let i = 0; i < chunkBatches && !done; i++) {
          const batch = await nextBatch();
          if (batch.length) {
            const r = await add(batch);
            state.inserted += r.inserted;
            state.updated += r.updated;
          }
        }
        await trx
          .updateTable('monitor_imports')
          .set({ lines_done: lastLine, read: state.read, inserted: state.inserted, updated: state.updated, rejected: state.rejected, reasons: JSON.stringify(state.reasons), rejects: JSON.stringify(state.rejects) })
          .where('id', '=', id)
          .execute();
      });
      progress();
    }
    await db.updateTable('monitor_imports').set({ status: 'done', finished_at: nowIso() }).where('id', '=', id).execute();
  } catch (err) {
    await db.updateTable('monitor_imports').set({ status: 'failed', error: (err as Error).message.slice(0, 500) }).where('id', '=', id).execute();
    throw err;
  }
  return { id, encoding, resumedFromLine: resumeAfter, size, bytes, ...state, platform: chosen.platform, seconds: (Date.now() - started) / 1000 };
}
