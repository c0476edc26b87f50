// Reading query-string values defensively: one trimmed string per name, bounded page numbers.
export const one = (v: unknown): string =>
  (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim();
export const pageParam = (v: unknown): number => Math.min(Math.max(parseInt(one(v), 10) || 1, 1), 10_000);
