// Importing a file: Zeeschuimer NDJSON, a 4CAT CSV export, or any CSV with a column mapping.
// Streams the file, rejects bad records with a reason and a line number (and goes on), stores good
// ones in batches, and records progress so that running the same file again resumes after the last
// stored batch. Re-importing a finished file only refreshes engagement figures.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { newId, nowIso } from '../db/portable.ts';
import {
  failImport,
  finishImport,
  insertImport,
  reopenImport,
  saveImportProgress,
  unfinishedImport,
} from './imports.repository.ts';
import { withIngest, type CampaignMatcher, type StoredBatch } from './monitor.ingest.ts';
import {
  isPlatform,
  preparePost,
  RejectError,
  type Platform,
  type PostInput,
  type PreparedPost,
  type RejectReason,
} from './post.ts';
import { detectFourcatPlatform, FOURCAT_PLATFORMS, mapFourcat } from './sources/fourcat.ts';
import { mapCsvRow, missingColumns, parseColumnMap } from './sources/mapped-csv.ts';
import { csvRecords, lineBlocks, sniffFile, type Encoding, type LineBlock } from './sources/read.ts';
import { mapZeeschuimer } from './sources/zeeschuimer.ts';
import { tuneWriter } from './writer.repository.ts';

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
  /** Batches per transaction; by default up to MAX_TRANSACTION_POSTS posts. */
  chunkBatches?: number;
  /** Rollup entries held in memory before they are written (still inside the transaction); default MAX_PENDING. */
  maxPendingRollups?: number;
  /**
   * When above 0 (and `chunkBatches` is not set), each transaction is sized to last about this long:
   * posts are read and prepared with no transaction open, then written in one, so that on SQLite the
   * write lock is held briefly and often let go (see TIMED_* below). 0: transactions of up to
   * MAX_TRANSACTION_POSTS posts, read while the transaction is open (fastest on a site no one uses).
   */
  maxTransactionMs?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Told the import's id once its record exists (before any post is read). */
  onStart?: (importId: string) => void;
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
  constructor(
    readonly code: 'unknown_platform' | 'missing_columns' | 'bad_mapping',
    detail: string,
  ) {
    super(detail);
  }
}

const KEEP_REJECTS = 1000;

/**
 * Rollup entries held in memory (100–150 bytes each) before they are written, inside the transaction
 * going on: this bounds memory, while transactions stay long (every commit writes out again the
 * index pages that the posts' random keys have touched all over). The more posts they sum before
 * they are written, the fewer rows are written per post: 240,000 (about 35 MB) fits the memory
 * budget now that the command line imports on its own thread's connection (see the README).
 */
export const MAX_PENDING = 240_000;
/** Posts per transaction at most: what a crash can cost, and how often progress is shown. */
export const MAX_TRANSACTION_POSTS = 100_000;
/** Posts read ahead for the first timed transaction, and the bounds of what later ones take. */
const TIMED_FIRST = 1000;
const TIMED_MIN = 250;
/** Prepared posts held between reading and writing: bounds memory (a few KB each). */
const TIMED_MAX = 10_000;
type Item = { line: number; post: PostInput } | { line: number; reason: RejectReason; detail: string };

/** One Zeeschuimer NDJSON line as a post or a reject; null for a blank line. */
export function zeeschuimerItem(line: number, text: string): Item | null {
  if (!text.trim()) return null;
  if (text.includes('\u0000')) text = text.replace(/\u0000/g, '');
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch (err) {
    return {
      line,
      reason: text.includes('\ufffd') ? 'bad_encoding' : 'bad_json',
      detail: (err as Error).message.slice(0, 120),
    };
  }
  try {
    return { line, post: mapZeeschuimer(envelope, text) };
  } catch (err) {
    if (!(err instanceof RejectError)) throw err;
    return { line, reason: err.reason, detail: err.detail };
  }
}

/**
 * The file's records, a block at a time: for NDJSON, lines (parsed only as the batch that takes them
 * is filled, so that a parsed post lives briefly); for CSV, records one by one.
 */
type Block = { first: number; lines: LineBlock } | { items: Item[] };

async function* records(
  opts: ImportOptions,
  encoding: Encoding,
  onBytes: (n: number) => void,
  chosen: { platform: Platform | null },
): AsyncGenerator<Block> {
  if (opts.format === 'zeeschuimer') {
    let first = 1;
    for await (const lines of lineBlocks(opts.file, encoding, onBytes)) {
      yield { first, lines };
      first += lines.count;
    }
    return;
  }
  const map = opts.format === 'csv' ? parseColumnMap(opts.columns) : null;
  let checked = false;
  for await (const item of csvRecords(opts.file, encoding, onBytes)) {
    if ('error' in item) {
      yield { items: [{ line: item.line, reason: 'bad_csv', detail: item.error.slice(0, 120) }] };
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
        if (!chosen.platform || !FOURCAT_PLATFORMS.includes(chosen.platform))
          throw new ImportError('unknown_platform', item.columns.slice(0, 12).join(', '));
      }
    }
    try {
      yield {
        items: [
          {
            line: item.line,
            post: map ? mapCsvRow(map, item.row, chosen.platform!) : mapFourcat(chosen.platform!, item.row),
          },
        ],
      };
    } catch (err) {
      if (!(err instanceof RejectError)) throw err;
      yield { items: [{ line: item.line, reason: err.reason, detail: err.detail }] };
    }
  }
}

/**
 * Imports a file. Posts and rollups are written through `writer` (on SQLite, in a server, the
 * connection in the writer's worker thread, which then stores one batch while this thread reads the
 * next; in the command line, the same connection as `db`); `db` keeps the import's own record.
 */
export async function importFile(
  db: Kysely<Database>,
  matcher: CampaignMatcher,
  opts: ImportOptions,
  writer: Kysely<Database> = db,
): Promise<ImportSummary> {
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
  const previous = await unfinishedImport(db, fileKey);
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
  if (previous) await reopenImport(db, id);
  else {
    await insertImport(db, {
      id,
      file_name: opts.fileName ?? opts.file.split(/[\\/]/).pop()!,
      file_key: fileKey,
      format: opts.format,
      platform: opts.platform ?? null,
      campaign_id: opts.campaignId ?? null,
      status: 'running',
      encoding,
      started_by: opts.startedBy,
      started_at: nowIso(),
      finished_at: null,
      error: null,
    });
  }

  opts.onStart?.(id);

  // The writer's SQLite connection is tuned for the import (IMPORT_PRAGMAS), then set back. Between
  // transactions: the safety level cannot change inside one.
  const restorePragmas = await tuneWriter(writer);
  let bytes = 0;
  const chosen = { platform: opts.platform ?? null };
  const batchSize = opts.batchSize ?? 250;
  let lastLine = resumeAfter;
  const progress = () =>
    opts.onProgress?.({
      bytes,
      size,
      read: state.read,
      inserted: state.inserted,
      updated: state.updated,
      rejected: state.rejected,
    });
  const blocks = records(opts, encoding, (b) => (bytes += b), chosen)[Symbol.asyncIterator]();
  let block: Block = { items: [] };
  let at = 0;
  const now = Date.now();
  let done = false;

  /** Reads the next batch of good posts, counting rejects on the way. */
  async function nextBatch(): Promise<PreparedPost[]> {
    const batch: PreparedPost[] = [];
    while (batch.length < batchSize) {
      if (at >= ('lines' in block ? block.lines.count : block.items.length)) {
        const next = await blocks.next();
        if (next.done) {
          done = true;
          break;
        }
        block = next.value;
        at = 0;
        continue;
      }
      let item: Item | null;
      if ('lines' in block) {
        const line = block.first + at;
        // Lines an unfinished import already stored are not decoded or parsed again.
        item = line <= resumeAfter ? null : zeeschuimerItem(line, block.lines.line(at));
        at++;
        if (!item) continue;
      } else item = block.items[at++];
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
        if (state.rejects.length < KEEP_REJECTS)
          state.rejects.push({ line: item.line, reason: rejected.reason, detail: rejected.detail });
      }
    }
    return batch;
  }

  const ingestOpts = { source: opts.format, matcher, campaignIds: opts.campaignId ? [opts.campaignId] : [] };
  const saveProgress = (trx: Kysely<Database>) =>
    saveImportProgress(trx, id, {
      lines_done: lastLine,
      read: state.read,
      inserted: state.inserted,
      updated: state.updated,
      rejected: state.rejected,
      reasons: JSON.stringify(state.reasons),
      rejects: JSON.stringify(state.rejects),
    });
  const timed = !opts.chunkBatches && (opts.maxTransactionMs ?? 0) > 0;

  try {
    // Timed transactions: the posts of the next transaction are read, parsed and prepared (the CPU
    // work) while no transaction is open, then written in one whose size follows how long the last
    // one took per post. On SQLite the write lock is then held about maxTransactionMs at a time and
    // let go for as long as the reading takes, long enough for a waiting connection (whose busy
    // handler retries every 100 ms at most) to get in: a concurrent signature waits a fraction of a
    // second instead of the whole transaction. Progress commits with each transaction, as below.
    let target = TIMED_FIRST;
    while (timed && !done) {
      const batches: PreparedPost[][] = [];
      let posts = 0;
      while (!done && posts < target) {
        const batch = await nextBatch();
        if (batch.length) batches.push(batch);
        posts += batch.length;
      }
      const began = performance.now();
      await withIngest(writer, ingestOpts, async (add, trx, rollups) => {
        let last: StoredBatch | null = null;
        const settle = async () => {
          const r = await last?.settle();
          last = null;
          if (!r) return;
          state.inserted += r.inserted;
          state.updated += r.updated;
        };
        for (const batch of batches) {
          if (rollups.size() >= (opts.maxPendingRollups ?? MAX_PENDING)) {
            await settle();
            await rollups.write();
          }
          const sent = add(batch);
          await settle();
          last = sent;
        }
        await settle();
        await saveProgress(trx);
      });
      const took = performance.now() - began;
      if (posts >= TIMED_MIN) {
        const fit = (posts * opts.maxTransactionMs!) / Math.max(1, took);
        // Halfway towards what would have fitted: one slow commit (a checkpoint) does not swing it.
        target = Math.round(Math.min(TIMED_MAX, Math.max(TIMED_MIN, (target + fit) / 2)));
      }
      progress();
    }
    while (!done) {
      // Posts, rollups and the import's progress are committed together: a crash loses the
      // transaction in progress, and the next run resumes from the last committed line. A
      // transaction ends after `chunkBatches` batches when set, otherwise when it has stored
      // MAX_TRANSACTION_POSTS posts. Its rollups are written whenever they hold MAX_PENDING entries
      // (memory): the more posts they sum up first, the fewer rollup rows are written per post.
      await withIngest(writer, ingestOpts, async (add, trx, rollups) => {
        let posts = 0;
        // A batch is sent to the database as soon as it is read, then the one before it is summed
        // into the rollups (through the server's writer thread, while the database stores this one).
        let last: StoredBatch | null = null;
        const settle = async () => {
          const r = await last?.settle();
          last = null;
          if (!r) return;
          state.inserted += r.inserted;
          state.updated += r.updated;
        };
        for (let i = 0; !done; i++) {
          if (opts.chunkBatches ? i >= opts.chunkBatches : posts >= MAX_TRANSACTION_POSTS) break;
          if (rollups.size() >= (opts.maxPendingRollups ?? MAX_PENDING)) {
            await settle();
            await rollups.write();
          }
          const batch = await nextBatch();
          const sent = batch.length ? add(batch) : null;
          posts += batch.length;
          await settle();
          last = sent;
        }
        await settle();
        await saveProgress(trx);
      });
      progress();
    }
    await finishImport(db, id, nowIso());
  } catch (err) {
    await failImport(db, id, (err as Error).message.slice(0, 500));
    throw err;
  } finally {
    // The connection's own settings back (it may go on serving other work in this process).
    await restorePragmas();
  }
  return {
    id,
    encoding,
    resumedFromLine: resumeAfter,
    size,
    bytes,
    ...state,
    platform: chosen.platform,
    seconds: (Date.now() - started) / 1000,
  };
}
