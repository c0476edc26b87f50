// Aggregate statistics with small-cell suppression: any count below 5 is hidden, and when a
// dimension would hide exactly one cell, the next smallest is hidden too, so no hidden count can be
// worked out from the total. Rates are shown only when both sides of the ratio are large enough.
import type { StatsRow } from './testimony.repository.ts';

export const MIN_CELL = 5;

export interface Cell {
  key: string;
  count: number | null; // null: suppressed
}

export interface Statistics {
  total: number | null;
  byYear: Cell[];
  byRegion: Cell[];
  byRelationship: Cell[];
  byDelay: Cell[];
  police: { reported: number | null; rate: number | null };
}

export const DELAYS = ['under_month', 'under_year', 'one_to_five', 'over_five', 'unknown'] as const;

export function delayBucket(months: number | null): (typeof DELAYS)[number] {
  if (months === null || months < 0) return 'unknown';
  if (months < 1) return 'under_month';
  if (months < 12) return 'under_year';
  if (months <= 60) return 'one_to_five';
  return 'over_five';
}

export function suppress(counts: Map<string, number>, order?: readonly string[]): Cell[] {
  const keys = order ? order.filter((k) => counts.has(k)) : [...counts.keys()].sort();
  const cells: Cell[] = keys.map((key) => ({ key, count: counts.get(key)! }));
  const hidden = new Set(cells.filter((c) => c.count! < MIN_CELL).map((c) => c.key));
  if (hidden.size === 1 && cells.length > 1) {
    const next = cells.filter((c) => !hidden.has(c.key)).sort((a, b) => a.count! - b.count!)[0];
    if (next) hidden.add(next.key);
  }
  return cells.map((c) => (hidden.has(c.key) ? { key: c.key, count: null } : c));
}

const tally = (rows: StatsRow[], pick: (r: StatsRow) => string | null) => {
  const m = new Map<string, number>();
  for (const r of rows) {
    const k = pick(r) ?? 'unknown';
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
};

export function computeStatistics(
  rows: StatsRow[],
  order: { regions: readonly string[]; relationships: readonly string[] },
): Statistics {
  const total = rows.length;
  const known = rows.filter((r) => r.police !== null);
  const reported = known.filter((r) => r.police === 1).length;
  const rateOk = reported >= MIN_CELL && known.length - reported >= MIN_CELL;
  const years = [...new Set(rows.map((r) => String(r.incident_year ?? 'unknown')))].sort();
  // With fewer records than a cell may hold, even which categories exist would say too much.
  if (total < MIN_CELL)
    return {
      total: null,
      byYear: [],
      byRegion: [],
      byRelationship: [],
      byDelay: [],
      police: { reported: null, rate: null },
    };
  return {
    total: total >= MIN_CELL ? total : null,
    byYear: suppress(
      tally(rows, (r) => (r.incident_year === null ? null : String(r.incident_year))),
      years,
    ),
    byRegion: suppress(
      tally(rows, (r) => r.region),
      [...order.regions, 'unknown'],
    ),
    byRelationship: suppress(
      tally(rows, (r) => r.relationship),
      [...order.relationships, 'unknown'],
    ),
    byDelay: suppress(
      tally(rows, (r) => delayBucket(r.delay_months)),
      DELAYS,
    ),
    police: { reported: rateOk ? reported : null, rate: rateOk ? reported / known.length : null },
  };
}
