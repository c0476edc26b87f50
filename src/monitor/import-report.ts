// What an import did, in the reader's words: the counts, the count per reason and the first rejected
// lines. `dauys monitor import` prints it; an upload's status page shows it. Both write the reject
// list as the same CSV (`--rejects FILE`, the page's download).
import type { T } from '../i18n/translator.ts';
import type { RejectedLine } from './monitor.import.ts';

export interface ImportCounts {
  read: number;
  inserted: number;
  updated: number;
  rejected: number;
  reasons: Record<string, number>;
  rejects: RejectedLine[];
}

export interface ImportReport {
  read: number;
  inserted: number;
  updated: number;
  rejected: number;
  reasons: Array<{ reason: string; text: string; n: number }>;
  /** The first rejected lines, each with its reason (and the parser's detail) in words. */
  rejects: Array<{ line: number; text: string }>;
  /** Rejected lines not listed. */
  more: number;
}

/** Rejected lines listed with the summary; all of them (up to the thousand kept) are in the CSV. */
export const REPORT_REJECTS = 50;

export function importReport(s: ImportCounts, t: T, shown = REPORT_REJECTS): ImportReport {
  const rejects = s.rejects.slice(0, shown).map((r) => ({
    line: r.line,
    text: `${t(`monitor.reject.${r.reason}`)}${r.detail ? ` (${r.detail})` : ''}`,
  }));
  return {
    read: s.read,
    inserted: s.inserted,
    updated: s.updated,
    rejected: s.rejected,
    reasons: Object.entries(s.reasons).map(([reason, n]) => ({ reason, text: t(`monitor.reject.${reason}`), n })),
    rejects,
    more: Math.max(0, s.rejected - rejects.length),
  };
}

/** The rejected lines as CSV: line, reason, detail. */
export function rejectsCsv(rejects: RejectedLine[]): string {
  let out = 'line,reason,detail\n';
  for (const r of rejects) out += `${r.line},${r.reason},"${r.detail.replace(/"/g, '""')}"\n`;
  return out;
}
