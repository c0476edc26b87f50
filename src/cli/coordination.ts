// `dauys coordination FILE --type …`: coordinated-account detection on a CSV in the QUT toolkit's
// preprocessed layout, standalone (no database, no services): researchers use QUT's tool this way.
import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import {
  CoordinationInputError,
  DEFAULT_WINDOW,
  detectCoordination,
  isType,
  readQutCsv,
  TYPES,
  writeClustersCsv,
  writeEdgesCsv,
  writeGexf,
  type Detection,
  type MessageSet,
  type Progress,
} from '../coordination/index.ts';
import { createI18n, type I18n, type T } from '../i18n/translator.ts';
import { isLocale, type Locale } from '../i18n/locales.ts';

/** The types a CSV can give (sounds and mentions come with monitor posts). */
const CSV_TYPES: readonly string[] = TYPES.filter((t) => t !== 'co-sound');

export interface CoordinationCliOptions {
  type: string;
  window?: string;
  minWeight?: string;
  loops?: boolean;
  clusters?: boolean;
  significant?: boolean;
  format?: string;
  output?: string;
  pseudonymise?: boolean;
  key?: string;
  lang?: string;
}

export interface Io {
  stdout: Writable;
  stderr: Writable;
  i18n?: I18n;
}

const number = (v: string | undefined, name: string, fallback: number, min: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min}`);
  return n;
};

/** Runs the command; the exit code is 0 (rows may still have been rejected: they are listed). */
export async function runCoordination(file: string, o: CoordinationCliOptions, io: Io): Promise<number> {
  if (!isType(o.type) || !CSV_TYPES.includes(o.type)) throw new Error(`--type must be one of ${CSV_TYPES.join(', ')}`);
  const format = o.format ?? 'csv';
  if (format !== 'csv' && format !== 'gexf') throw new Error('--format must be csv or gexf');
  const window = number(o.window, '--window', DEFAULT_WINDOW, 0);
  const minWeight = number(o.minWeight, '--min-weight', 2, 1);
  const locale: Locale = o.lang && isLocale(o.lang) ? o.lang : 'en';
  const t = (io.i18n ?? createI18n()).translator(locale);
  const err = (s: string) => io.stderr.write(s + '\n');
  const tty = 'isTTY' in io.stderr && (io.stderr as NodeJS.WriteStream).isTTY;
  const onProgress = tty
    ? (p: Progress) => io.stderr.write(`\r${p.stage} ${p.total ? Math.round((100 * p.done) / p.total) : 0}%\u001b[K`)
    : undefined;

  let result;
  try {
    result = await readQutCsv(file, { onProgress });
  } catch (e) {
    if (e instanceof CoordinationInputError) throw new Error(t(`coordination.error.${e.code}`, { detail: e.detail }));
    throw e;
  }
  if (tty) io.stderr.write('\r\u001b[K');
  const { set, read, rejected, rejects } = result;
  err(t('coordination.cli.summary', { file, read, messages: set.n, rejected }));
  const shown = rejects.slice(0, 50);
  for (const r of shown)
    err(
      `  ${t('coordination.cli.line', { line: r.line, reason: t(`coordination.reject.${r.reason}`) })}${r.detail ? ` (${r.detail})` : ''}`,
    );
  if (rejected > shown.length) err(`  ${t('coordination.cli.more', { count: rejected - shown.length })}`);

  const d = await detectCoordination(set, o.type, { window, minWeight: o.clusters ? 2 : minWeight, onProgress });
  if (tty) io.stderr.write('\r\u001b[K');
  err(resultLine(d, window, t));
  if (o.clusters) err(t('coordination.cli.caution'));

  await writeDetection(set, d, { ...o, format, minWeight, window }, io.stdout);
  return 0;
}

/** "co-link, window 60 s: … edges, … significant pairs, … clusters", in the reader's language. */
export function resultLine(d: Detection, window: number, t: T) {
  let significant = 0;
  for (let i = 0; i < d.edges.count; i++) if (d.edges.significant[i] && d.edges.src[i] < d.edges.dst[i]) significant++;
  return t('coordination.cli.result', {
    type: d.type,
    window,
    edges: d.edges.count,
    significant,
    clusters: d.clusters.length,
  });
}

/** Writes a detection as the command line's options ask: edges or clusters as CSV, or GEXF. */
export async function writeDetection(
  set: MessageSet,
  d: Detection,
  o: Pick<CoordinationCliOptions, 'loops' | 'clusters' | 'significant' | 'output' | 'pseudonymise' | 'key'> & {
    format: string;
    minWeight: number;
    window: number;
  },
  stdout: Writable,
): Promise<void> {
  const key = o.pseudonymise ? (o.key ?? cryptoKey()) : undefined;
  const out: Writable = o.output ? createWriteStream(o.output, { mode: 0o600 }) : stdout;
  const opts = {
    minWeight: o.minWeight,
    loops: !!o.loops,
    significantOnly: !!o.significant || !!o.clusters,
    pseudonymKey: key,
  };
  if (o.format === 'gexf')
    await writeGexf(out, set, d.edges, {
      ...opts,
      clusters: d.clusters,
      description: `${d.type} network, window ${o.window} s`,
    });
  else if (o.clusters) await writeClustersCsv(out, set, d.clusters, { pseudonymKey: key });
  else await writeEdgesCsv(out, set, d.edges, opts);
  if (o.output) await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
}

/** A fresh per-export key: pseudonyms then cannot be linked to another export's. */
function cryptoKey(): string {
  return globalThis.crypto
    .getRandomValues(new Uint8Array(16))
    .reduce((s, b) => s + b.toString(16).padStart(2, '0'), '');
}

/** The options both coordination commands share: the window and how the result is written. */
export function detectionOptions(command: Command): Command {
  return command
    .option('--window <seconds>', `co-occurrence window, inclusive (default ${DEFAULT_WINDOW})`)
    .option('--min-weight <n>', 'edges of at least this weight (default 2, as QUT)')
    .option('--loops', 'keep edges from an account to itself')
    .option('--clusters', 'print cluster,user_id,score from the significance scoring (no threshold needed)')
    .option('--significant', 'only edges found significant against chance')
    .option('--format <format>', 'csv|gexf', 'csv')
    .option('--output <file>', 'write here instead of stdout (readable by you only)')
    .option('--pseudonymise', 'replace accounts by keyed HMAC pseudonyms and leave names out')
    .option('--key <key>', 'pseudonym key (default: a fresh random key, so exports cannot be linked)')
    .option('--lang <lang>', 'kk|ru|en for the messages on stderr', 'en');
}

export function coordinationCommand(program: Command): void {
  const command = program.command('coordination <file>').requiredOption('--type <type>', CSV_TYPES.join('|'));
  detectionOptions(command).action(async (file: string, opts: CoordinationCliOptions) => {
    process.exitCode = await runCoordination(file, opts, { stdout: process.stdout, stderr: process.stderr });
  });
}
