// Language identification accuracy: the labelled evaluation set (sentences.tsv in four shapes
// each) and the held-out sentences written afterwards, per language, with the misses listed.
import { readFileSync } from 'node:fs';
import { detectLanguage } from '../src/monitor/language.ts';
import { buildEvalSet } from '../src/monitor/langid/eval-set.ts';

function report(name: string, items: Array<{ label: string; text: string }>) {
  const by: Record<string, { n: number; ok: number }> = {};
  const misses: string[] = [];
  for (const it of items) {
    const got = detectLanguage(it.text).lang;
    const b = (by[it.label] ??= { n: 0, ok: 0 });
    b.n++;
    if (got === it.label) b.ok++;
    else misses.push(`  ${it.label} → ${got}: ${it.text}`);
  }
  console.log(name);
  for (const [l, b] of Object.entries(by))
    console.log(
      `  ${l.padEnd(6)} ${String(b.ok).padStart(4)}/${String(b.n).padEnd(4)} ${((100 * b.ok) / b.n).toFixed(1)}%`,
    );
  if (misses.length) console.log(misses.join('\n'));
  return Object.fromEntries(Object.entries(by).map(([l, b]) => [l, Math.round((1000 * b.ok) / b.n) / 10]));
}

const evalSet = report('evaluation set', buildEvalSet());
const heldOut = report(
  'held-out sentences',
  readFileSync(new URL('../src/monitor/langid/held-out.tsv', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => ({ label: l.split('\t')[0], text: l.split('\t')[1] })),
);
const texts = buildEvalSet().map((i) => i.text);
const t0 = performance.now();
for (let k = 0; k < 20; k++) for (const x of texts) detectLanguage(x);
const us = ((performance.now() - t0) * 1000) / (20 * texts.length);
console.log(`${us.toFixed(1)} µs per text`);
console.log(JSON.stringify({ bench: 'langid', evalSet, heldOut, microsecondsPerText: Math.round(us * 10) / 10 }));
