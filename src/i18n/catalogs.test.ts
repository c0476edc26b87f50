// Fails when any catalog misses a key, has an extra one, or differs in placeholders or plurals.
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogFolders, loadCatalogs } from './catalogs.ts';
import { LOCALES } from './locales.ts';

const REQUIRED_PLURALS = { kk: ['one', 'other'], ru: ['one', 'few', 'many', 'other'], en: ['one', 'other'] } as const;

function walk(els: MessageFormatElement[], visit: (el: MessageFormatElement) => void) {
  for (const el of els) {
    visit(el);
    if (el.type === TYPE.plural || el.type === TYPE.select)
      for (const opt of Object.values(el.options)) walk(opt.value, visit);
    if (el.type === TYPE.tag) walk(el.children, visit);
  }
}
function placeholders(msg: string): string[] {
  const names = new Set<string>();
  walk(parse(msg), (el) => {
    if (el.type !== TYPE.literal && 'value' in el && typeof el.value === 'string') names.add(el.value);
  });
  return [...names].sort();
}

const catalogs = loadCatalogs();

test('there are catalogs to check', () => {
  assert.ok(catalogFolders().length >= 1);
  assert.ok(Object.keys(catalogs.en).length > 100);
});

for (const locale of LOCALES) {
  test(`${locale} has exactly the keys of the English catalog`, () => {
    const missing = Object.keys(catalogs.en).filter((k) => !(k in catalogs[locale]));
    const extra = Object.keys(catalogs[locale]).filter((k) => !(k in catalogs.en));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
  });

  test(`${locale} messages parse, keep the English placeholders and have the CLDR plural forms`, () => {
    const problems: string[] = [];
    for (const [key, en] of Object.entries(catalogs.en)) {
      const msg = catalogs[locale][key];
      if (msg === undefined) continue;
      if (!msg.trim()) problems.push(`${key}: empty`);
      let els: MessageFormatElement[];
      try {
        els = parse(msg);
      } catch (err) {
        problems.push(`${key}: ${(err as Error).message}`);
        continue;
      }
      if (placeholders(msg).join() !== placeholders(en).join())
        problems.push(`${key}: placeholders ${placeholders(msg)} ≠ ${placeholders(en)}`);
      walk(els, (el) => {
        if (el.type === TYPE.plural && el.pluralType === 'cardinal') {
          const missing = REQUIRED_PLURALS[locale].filter((c) => !(c in el.options));
          if (missing.length) problems.push(`${key}: plural lacks ${missing.join(', ')}`);
        }
      });
    }
    assert.deepEqual(problems, []);
  });
}

test('Kazakh text is written in Cyrillic', () => {
  const latinOnly = Object.entries(catalogs.kk).filter(
    ([k, v]) => /^[\x00-\x7f]+$/.test(v) && /[a-z]{4,}/i.test(v) && !k.startsWith('language.') && catalogs.en[k] !== v,
  );
  assert.deepEqual(latinOnly, []);
});
