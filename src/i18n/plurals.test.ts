// Counts agree with their nouns: English never reads "1 versions", and Russian puts every number
// English pluralises into a plural too (Kazakh nouns do not change after a numeral).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageArguments } from './arguments.ts';
import { loadCatalogs } from './catalogs.ts';
import { createI18n } from './translator.ts';

const catalogs = loadCatalogs();
// Arguments that name something rather than count it ("the {body} officials").
const NAMES = new Set(['body', 'actor', 'user']);
const i18n = createI18n(catalogs);

/** Each argument, and whether it is a cardinal count. */
const args = (msg: string) => new Map([...messageArguments(msg)].map(([name, kind]) => [name, kind === 'plural']));

test('no English message reads "1 <plural noun>" when its numbers are 1', () => {
  const bad: string[] = [];
  for (const [key, msg] of Object.entries(catalogs.en)) {
    const ones = Object.fromEntries([...args(msg).keys()].map((a) => [a, NAMES.has(a) ? 'X' : 1]));
    const text = i18n.t('en', key, ones);
    const m = /\b1 (?!is\b|has\b|was\b)[a-z]+s\b/.exec(text);
    if (m) bad.push(`${key}: …${m[0]}…`);
  }
  assert.deepEqual(bad, []);
});

test('Russian agrees every count that English pluralises', () => {
  const bad: string[] = [];
  for (const [key, en] of Object.entries(catalogs.en)) {
    const ru = args(catalogs.ru[key]);
    for (const [name, plural] of args(en)) if (plural && !ru.get(name)) bad.push(`${key}: {${name}}`);
  }
  assert.deepEqual(bad, []);
});

test('the key history says how many versions there are, in each language', () => {
  const say = (locale: 'kk' | 'ru' | 'en', count: number) =>
    i18n.t(locale, 'testimony.keys.org_active', { date: 'D', count });
  assert.equal(say('en', 1), 'The active key was made on D; it is the only version so far.');
  assert.equal(say('en', 3), 'The active key was made on D; there have been 3 versions in all.');
  assert.equal(say('ru', 21), 'Действующий ключ создан D; всего 21 версия.');
  assert.equal(say('ru', 5), 'Действующий ключ создан D; всего 5 версий.');
  assert.equal(say('kk', 1), 'Белсенді кілт D жасалған; әзірге бұл жалғыз нұсқа.');
});
