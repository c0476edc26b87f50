// An uploaded file looked at before its import is queued, so that a file that cannot be imported at
// all is refused at once, in words, instead of failing later: empty, a spreadsheet, the wrong kind
// for the chosen format, a 4CAT export of no known data source, a CSV without the mapped columns.
// The format "auto" takes what the file shows: NDJSON is Zeeschuimer's; a CSV whose columns are
// those of a 4CAT data source is 4CAT's; any other CSV needs its columns mapped.
import { parse } from 'csv-parse/sync';
import { open } from 'node:fs/promises';
import { detectEncoding, isSpreadsheet } from '../http/uploaded-text.ts';
import type { ImportFormat } from './monitor.import.ts';
import type { Platform } from './post.ts';
import { detectFourcatPlatform } from './sources/fourcat.ts';
import { missingColumns, parseColumnMap } from './sources/mapped-csv.ts';

export type UploadProblem =
  | 'empty'
  | 'spreadsheet'
  | 'not_ndjson'
  | 'not_csv'
  | 'unknown_format'
  | 'unknown_platform'
  | 'missing_columns'
  | 'bad_mapping';

export class UploadRefused extends Error {
  constructor(
    readonly problem: UploadProblem,
    readonly detail = '',
  ) {
    super(problem);
  }
}

const HEAD = 64 * 1024;

/** What the first 64 KB of a file look like: NDJSON, CSV (with its header's columns), or nothing. */
export async function sniffKind(
  file: string,
): Promise<{ kind: 'ndjson' | 'csv' | 'empty' | 'spreadsheet'; columns: string[] }> {
  const fh = await open(file, 'r');
  let head: Buffer;
  let complete: boolean;
  try {
    const size = (await fh.stat()).size;
    head = Buffer.alloc(Math.min(size, HEAD));
    await fh.read(head, 0, head.length, 0);
    complete = head.length === size;
  } finally {
    await fh.close();
  }
  if (isSpreadsheet(head)) return { kind: 'spreadsheet', columns: [] };
  const text = new TextDecoder(detectEncoding(head, complete)).decode(head).replace(/^\ufeff/, '');
  const start = text.trimStart();
  if (!start) return { kind: 'empty', columns: [] };
  if (start.startsWith('{')) return { kind: 'ndjson', columns: [] };
  const firstLine = start.split(/\r?\n/, 1)[0];
  let columns: string[] = [];
  try {
    columns = ((parse(firstLine, { relax_quotes: true, relax_column_count: true }) as string[][])[0] ?? []).map((c) =>
      c.trim(),
    );
  } catch {
    /* not a CSV header either: the chosen format decides what is said */
  }
  return { kind: 'csv', columns };
}

/** The format to import the file with, or why it cannot be imported. */
export async function checkUpload(
  file: string,
  chosen: { format: ImportFormat | 'auto'; platform?: Platform; columns?: string },
): Promise<ImportFormat> {
  const { kind, columns } = await sniffKind(file);
  if (kind === 'empty') throw new UploadRefused('empty');
  if (kind === 'spreadsheet') throw new UploadRefused('spreadsheet');
  let format = chosen.format;
  if (format === 'auto') {
    if (kind === 'ndjson') format = 'zeeschuimer';
    else if (detectFourcatPlatform(columns)) format = '4cat';
    else if (chosen.columns?.trim()) format = 'csv';
    else throw new UploadRefused('unknown_format', columns.slice(0, 12).join(', '));
  }
  if (format === 'zeeschuimer') {
    if (kind !== 'ndjson') throw new UploadRefused('not_ndjson');
    return format;
  }
  if (kind !== 'csv') throw new UploadRefused('not_csv');
  if (format === '4cat') {
    if (!chosen.platform && !detectFourcatPlatform(columns))
      throw new UploadRefused('unknown_platform', columns.slice(0, 12).join(', '));
    return format;
  }
  let map;
  try {
    map = parseColumnMap(chosen.columns);
  } catch (err) {
    throw new UploadRefused('bad_mapping', (err as Error).message);
  }
  const missing = missingColumns(map, columns);
  if (missing.length) throw new UploadRefused('missing_columns', missing.join(', '));
  return format;
}
