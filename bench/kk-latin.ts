// kk-Latn's cost: transliteration throughput on the whole Kazakh catalog, the search key, and what
// rendering a page in Latin letters adds to the same page in Cyrillic (page cache off, same run).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeServices, createApp, createServices } from '../src/boot.ts';
import { loadConfig } from '../src/config.ts';
import { loadCatalogs } from '../src/i18n/catalogs.ts';
import { searchFold } from '../src/i18n/fold.ts';
import { kkLatin, toKkLatin } from '../src/i18n/kk-latin.ts';
import { createKkLatin, parseOverrides, parseTable } from '../src/i18n/kk-latin.ts';
import { readFileSync } from 'node:fs';

const catalog = Object.values(loadCatalogs().kk);
const chars = catalog.reduce((n, s) => n + s.length, 0);
const time = (rounds: number, f: () => void) => {
  f();
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) f();
  return (performance.now() - t0) / rounds;
};
// Cold: a fresh transliterator each round (nothing remembered); warm: the site's, texts seen before.
const table = parseTable(readFileSync(new URL('../src/i18n/kk-latin-2021.tsv', import.meta.url), 'utf8'));
const overrides = parseOverrides(readFileSync(new URL('../src/i18n/kk-latin-overrides.tsv', import.meta.url), 'utf8'));
const latinMs = time(20, () => {
  const k = createKkLatin(table, overrides);
  catalog.forEach((s) => k.transliterate(s));
});
kkLatin();
const warmMs = time(20, () => catalog.forEach((s) => toKkLatin(s)));
const foldMs = time(20, () => catalog.forEach((s) => searchFold(s)));
const mChars = (ms: number) => chars / ms / 1000;
console.log(`Kazakh catalog: ${catalog.length} messages, ${chars} characters`);
console.log(
  `transliteration ${latinMs.toFixed(2)} ms cold (${mChars(latinMs).toFixed(1)} M characters/s), ${warmMs.toFixed(2)} ms warm`,
);
console.log(`search key      ${foldMs.toFixed(2)} ms (${mChars(foldMs).toFixed(1)} M characters/s)`);

const dir = mkdtempSync(join(tmpdir(), 'dauys-bench-latn-'));
const config = loadConfig({
  DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
  DAUYS_VAR_DIR: dir,
  LOG_LEVEL: 'silent',
  JOBS_ENABLED: 'false',
  PAGE_CACHE_SECONDS: '0',
});
const services = await createServices(config, { migrate: true, seedIfEmpty: true });
const app = await createApp(services);
await app.ready();
const pages = ['/', '/campaigns', '/observatory', '/observatory/timeline', '/help', '/campaigns/changethelaw'];
const render: Record<string, Record<string, number>> = {};
const ROUNDS = 60;
for (const path of pages) {
  render[path] = {};
  const spent: Record<string, number> = { kk: 0, 'kk-latn': 0 };
  for (const lang of ['kk', 'kk-latn']) for (let i = 0; i < 5; i++) await app.inject(`/${lang}${path}`); // warm-up
  // Interleaved, so load from elsewhere on the machine falls on both alike.
  for (let i = 0; i < ROUNDS; i++)
    for (const lang of ['kk', 'kk-latn']) {
      const t0 = performance.now();
      await app.inject(`/${lang}${path}`);
      spent[lang] += performance.now() - t0;
    }
  for (const lang of ['kk', 'kk-latn']) render[path][lang] = Math.round((spent[lang] / ROUNDS) * 100) / 100;
  const r = render[path];
  console.log(
    `${path.padEnd(26)} kk ${r.kk.toFixed(2)} ms   kk-latn ${r['kk-latn'].toFixed(2)} ms   ×${(r['kk-latn'] / r.kk).toFixed(2)}`,
  );
}
await app.close();
await closeServices(services);
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    bench: 'kk-latin',
    catalogChars: chars,
    transliterateMCharsPerSec: Math.round(mChars(latinMs) * 10) / 10,
    catalogWarmMs: Math.round(warmMs * 100) / 100,
    searchKeyMCharsPerSec: Math.round(mChars(foldMs) * 10) / 10,
    renderMs: render,
  }),
);
