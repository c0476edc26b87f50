// Reading import files as streams, never whole: encoding recognised from the byte-order mark or
// from the first 64 KB (UTF-8, else Windows-1251, what Excel in Kazakhstan and Russia writes),
// NDJSON split into numbered lines, CSV parsed record by record with its line numbers.
import { parse } from 'csv-parse';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { detectEncoding, type Encoding } from '../../http/uploaded-text.ts';
import type { Row } from './fourcat.ts';

export type { Encoding };

export async function sniffFile(file: string): Promise<{ size: number; key: string; encoding: Encoding }> {
  const { size } = await stat(file);
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 1024 * 1024));
    await fh.read(head, 0, head.length, 0);
    const key = `${size}:${createHash('sha256').update(head).digest('hex').slice(0, 32)}`;
    return { size, key, encoding: detectEncoding(head.subarray(0, 64 * 1024), head.length === size) };
  } finally {
    await fh.close();
  }
}

/** Decoded text of a file, chunk by chunk, from a byte offset. */
async function* decoded(file: string, encoding: Encoding, onBytes?: (n: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { ignoreBOM: false });
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    onBytes?.((chunk as Buffer).length);
    yield decoder.decode(chunk as Buffer, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** A run of consecutive lines of a file, without their line ends; each is decoded when asked for. */
export interface LineBlock {
  count: number;
  line(i: number): string;
}

/**
 * The file's lines, a read chunk (about 1 MB) at a time: the caller numbers them (from 1). An empty
 * last line is not reported. UTF-8 lines are cut at their newline bytes and decoded one by one as
 * they are used, so that no large decoded text is made or kept (a line decoded alone gives the same
 * text, replacement characters included, as the whole file decoded at once).
 */
export async function* lineBlocks(
  file: string,
  encoding: Encoding,
  onBytes?: (n: number) => void,
): AsyncGenerator<LineBlock> {
  if (encoding !== 'utf-8') {
    let carry = '';
    for await (const text of decoded(file, encoding, onBytes)) {
      const lines = (carry + text).split('\n');
      carry = lines.pop()!;
      for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
      if (lines.length) yield { count: lines.length, line: (i) => lines[i] };
    }
    if (carry.trim()) yield { count: 1, line: () => carry };
    return;
  }
  let carry: Buffer | null = null;
  let first = true;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    onBytes?.((chunk as Buffer).length);
    let buf: Buffer = carry ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    if (first) {
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3); // the byte-order mark
    }
    const starts: number[] = [];
    const ends: number[] = [];
    let start = 0;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
      starts.push(start);
      ends.push(nl > start && buf[nl - 1] === 13 ? nl - 1 : nl);
      start = nl + 1;
    }
    carry = start < buf.length ? buf.subarray(start) : null;
    const b = buf;
    if (starts.length) yield { count: starts.length, line: (i) => b.toString('utf8', starts[i], ends[i]) };
  }
  const last = carry?.toString('utf8') ?? '';
  if (last.trim()) yield { count: 1, line: () => last };
}

export type CsvItem = { line: number; row: Row; columns: string[] } | { line: number; error: string };

/** CSV records with a header row; a malformed record is reported with its line and parsing goes on. */
export async function* csvRecords(
  file: string,
  encoding: Encoding,
  onBytes?: (n: number) => void,
): AsyncGenerator<CsvItem> {
  const parser = parse({
    columns: (header: string[]) => header.map((h) => h.trim()),
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    max_record_size: 1024 * 1024,
  });
  const skipped: Array<{ line: number; error: string }> = [];
  parser.on('skip', (err: { lines?: number; message: string }) =>
    skipped.push({ line: err.lines ?? 0, error: err.message }),
  );
  let columns: string[] = [];
  const feed = (async () => {
    try {
      for await (const text of decoded(file, encoding, onBytes))
        if (!parser.write(text)) await new Promise((r) => parser.once('drain', r));
      parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();
  for await (const item of parser as AsyncIterable<{ record: Row; info: { lines: number } }>) {
    while (skipped.length) yield skipped.shift()!;
    if (!columns.length) columns = Object.keys(item.record);
    yield { line: item.info.lines, row: item.record, columns };
  }
  await feed;
  while (skipped.length) yield skipped.shift()!;
}
