// How close an edited letter is to its template. Lawmakers' offices discard mass-identical mail, so
// a letter must be the supporter's own: the parts marked [[…]] replaced, and the whole not a
// near-copy (word 3-shingles, Jaccard similarity, after folding case, Kazakh letters and punctuation).
import { fold } from '../../i18n/fold.ts';

export const PLACEHOLDER_RE = /\[\[[^\]]{0,300}\]\]/g;
/** At or above this similarity to the template, a letter is refused as a copy. */
export const MAX_SIMILARITY = 0.75;

const words = (text: string) =>
  fold(text.replace(PLACEHOLDER_RE, ' '))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter(Boolean);

function shingles(text: string): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  if (w.length < 3) w.forEach((x) => out.add(x));
  for (let i = 0; i + 3 <= w.length; i++) out.add(w.slice(i, i + 3).join(' '));
  return out;
}

/** Jaccard similarity of the two texts' word 3-shingles: 1 = the same words in the same order. */
export function similarity(a: string, b: string): number {
  const x = shingles(a);
  const y = shingles(b);
  if (!x.size && !y.size) return 1;
  let inter = 0;
  for (const s of x) if (y.has(s)) inter++;
  return inter / (x.size + y.size - inter);
}

export const hasPlaceholders = (text: string) => /\[\[[^\]]{0,300}\]\]/.test(text);
