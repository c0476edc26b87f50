import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { latinKey, searchFold } from './fold.ts';
import {
  createKkLatin,
  kkLatin,
  latinUpper,
  parseOverrides,
  parseRussianLetters,
  parseTable,
  toKkLatin,
} from './kk-latin.ts';
import { asShown, langTag, negotiate, pick } from './locales.ts';
import { createI18n } from './translator.ts';

const TABLE = parseTable(readFileSync(new URL('./kk-latin-2021.tsv', import.meta.url), 'utf8'));
const OVERRIDES = parseOverrides(readFileSync(new URL('./kk-latin-overrides.tsv', import.meta.url), 'utf8'));
const plain = createKkLatin(TABLE);

test('the shipped table is the 2021 alphabet: every Kazakh letter in both cases, and the sources kept', () => {
  const text = readFileSync(new URL('./kk-latin-2021.tsv', import.meta.url), 'utf8');
  assert.match(text, /qazlat\.kz/);
  assert.match(text, /Turkish casing/);
  assert.equal(TABLE.length, 84);
  for (const c of 'аәбвгғдежзийкқлмнңоөпрстуұүфхһшыі') {
    assert.ok(
      TABLE.some((r) => r.cyrillic === c && !r.russianOnly),
      c,
    );
    assert.ok(
      TABLE.some((r) => r.cyrillic === c.toUpperCase()),
      c.toUpperCase(),
    );
  }
  assert.deepEqual(
    TABLE.filter((r) => r.russianOnly)
      .map((r) => r.cyrillic)
      .join(''),
    'ЦцЧчЩщЪъЬьЭэЮюЯяЁё',
  );
});

test('every row of the table transliterates alone to what the table says', () => {
  for (const r of TABLE) assert.equal(plain.transliterate(r.cyrillic), r.latin, r.cyrillic);
});

test('words: the campaign hashtag and the letters that differ most from Cyrillic habits', () => {
  assert.equal(plain.transliterate('ЗаңдыӨзгерт'), 'ZañdyÖzgert');
  assert.equal(plain.transliterate('Қазақстан'), 'Qazaqstan');
  assert.equal(plain.transliterate('жаңа ғасыр'), 'jaña ğasyr');
  assert.equal(plain.transliterate('Ұлттық Үкімет'), 'Ūlttyq Ükımet');
  assert.equal(plain.transliterate('шеші һәм хат'), 'şeşı häm hat');
});

test('casing follows the table caveat: İ/i from И, Й and I/ı from І, not JavaScript’s i → I', () => {
  assert.equal(plain.transliterate('ИІ иі Йод'), 'İI iı İod');
  assert.equal(plain.transliterate('ІЗДЕУ іздеу Іздеу'), 'IZDEU ızdeu Izdeu');
  assert.equal(latinUpper('iı'), 'İI');
  assert.notEqual('i'.toLocaleUpperCase('kk'), latinUpper('i'), 'the reason latinUpper exists');
});

test('a capital with a two-letter spelling is all capitals in an ALL CAPS word, Title case otherwise', () => {
  assert.equal(plain.transliterate('ЮРИСТ'), 'İURİST');
  assert.equal(plain.transliterate('Юрист'), 'İurist');
  assert.equal(plain.transliterate('юрист'), 'iurist');
  assert.equal(plain.transliterate('Я'), 'İa');
  assert.equal(plain.transliterate('ҚЫЗЫЛОРДА ЯНА'), 'QYZYLORDA İANA');
  assert.equal(plain.transliterate('ЖАҢАЯ'), 'JAÑAİA', 'the last letter follows the one before it');
});

test('links, e-mail addresses and code are left as they are; Latin text and digits are untouched', () => {
  const text = 'Қараңыз: https://kk.wikipedia.org/wiki/Қазақстан, хат: кеңес@мысал.қаз, `код қ`, 2024 Dauys';
  assert.equal(
    plain.transliterate(text),
    'Qarañyz: https://kk.wikipedia.org/wiki/Қазақстан, hat: кеңес@мысал.қаз, `код қ`, 2024 Dauys',
  );
});

test('Russian-only letters follow the table unless configured otherwise', () => {
  assert.equal(plain.transliterate('Цой, чай, щука, объект, эх, Ёлка'), 'Soi, şai, şuka, obekt, eh, İolka');
  const custom = createKkLatin(TABLE, [], parseRussianLetters('ц=ts, ч=ch, щ=shch, ъ=, ю=yu, я=ya, ё=yo'));
  assert.equal(custom.transliterate('Цой чай щука объект Юрист ЯНА Ёлка'), 'Tsoi chai shchuka obekt Yurist YANA Yolka');
  assert.equal(custom.transliterate('ЗаңдыӨзгерт'), 'ZañdyÖzgert', 'Kazakh letters are not configurable');
  assert.throws(() => parseRussianLetters('қ=q'), /Russian-only letter/);
  assert.throws(() => parseRussianLetters('ц'), /Russian-only letter/);
});

test('every reviewed override has a reason and is applied, in the word’s case, to whole words and stems', () => {
  assert.ok(OVERRIDES.length >= 5);
  const site = createKkLatin(TABLE, OVERRIDES);
  for (const o of OVERRIDES) {
    const got = site.transliterate(o.word);
    assert.equal(got.toLowerCase(), o.latin.toLowerCase(), o.word);
    if (o.latin === o.latin.toLowerCase())
      assert.notEqual(got, plain.transliterate(o.word), `${o.word} changes something`);
  }
  assert.equal(site.transliterate('Петициялар'), 'Petisialar');
  assert.equal(site.transliterate('ПЕТИЦИЯ'), 'PETİSİA');
  assert.equal(site.transliterate('петицияға қол қойыңыз'), 'petisiağa qol qoiyñyz');
  assert.equal(site.transliterate('Инстаграмда'), 'Instagramda', 'a brand keeps its own spelling');
  assert.equal(site.transliterate('ютуб'), 'YouTube');
  assert.equal(plain.transliterate('Петициялар'), 'Petisiialar', 'what the table alone gives');
  assert.throws(() => parseOverrides('слово\tslovo'), /reason/);
});

test('pick on kk-latn: Kazakh in Latin letters; a Russian or English fallback as written, with its lang', () => {
  assert.deepEqual(pick({ kk: 'Заңды өзгерт', ru: 'Меняй закон' }, 'kk-latn'), {
    text: 'Zañdy özgert',
    lang: 'kk-latn',
  });
  assert.deepEqual(pick({ ru: 'Меняй закон', en: 'Change the law' }, 'kk-latn'), { text: 'Меняй закон', lang: 'ru' });
  assert.deepEqual(pick({ en: 'Change the law' }, 'kk-latn'), { text: 'Change the law', lang: 'en' });
  assert.deepEqual(pick({}, 'kk-latn'), { text: '', lang: 'kk-latn' });
  assert.deepEqual(asShown('ЗаңдыӨзгерт', 'kk', 'kk-latn'), { text: 'ZañdyÖzgert', lang: 'kk-Latn' });
  assert.deepEqual(asShown('МеняйЗакон', 'ru', 'kk-latn'), { text: 'МеняйЗакон', lang: 'ru' });
  assert.deepEqual(asShown('ЗаңдыӨзгерт', 'kk', 'kk'), { text: 'ЗаңдыӨзгерт', lang: 'kk' });
  assert.equal(langTag('kk-latn'), 'kk-Latn');
});

test('kk-latn messages: the Kazakh catalog in Latin letters, placeholders kept, Kazakh plural rules', () => {
  const i18n = createI18n();
  assert.equal(i18n.t('kk-latn', 'nav.skip'), toKkLatin(i18n.t('kk', 'nav.skip')));
  assert.doesNotMatch(i18n.t('kk-latn', 'nav.skip'), /[\u0400-\u04ff]/);
  for (const n of [1, 2, 5, 21]) {
    const latn = i18n.t('kk-latn', 'campaigns.count', { count: n });
    assert.equal(latn, toKkLatin(i18n.t('kk', 'campaigns.count', { count: n })));
    assert.match(latn, new RegExp(`^${n}\\b`));
  }
  // A value is never transliterated: it may be a Russian fallback or a name.
  const withValue = i18n.t('kk-latn', 'content.fallback', { language: 'Русский' });
  assert.match(withValue, /Русский/);
  assert.doesNotMatch(withValue.replace('Русский', ''), /[\u0400-\u04ff]/);
});

test('negotiate knows kk-Latn in any spelling and still prefers Cyrillic Kazakh for plain kk', () => {
  assert.equal(negotiate('kk-Latn,kk;q=0.9'), 'kk-latn');
  assert.equal(negotiate('kk_latn_KZ'), 'kk-latn');
  assert.equal(negotiate('kk-KZ,ru;q=0.8'), 'kk');
  assert.equal(negotiate('en;q=0.5, kk-Latn;q=0.9'), 'kk-latn');
});

test('search folding: qazaq, қазақ and казак meet, and so do the spellings of one hashtag', () => {
  for (const s of ['қазақ', 'казак', 'Qazaq', 'QAZAQ', 'kazak']) assert.equal(searchFold(s), 'kazak', s);
  const tag = searchFold('ЗаңдыӨзгерт');
  for (const s of ['ZañdyÖzgert', 'ZandyOzgert', 'zandyozgert', toKkLatin('ЗаңдыӨзгерт')])
    assert.equal(searchFold(s), tag, s);
  for (const s of ['NeMolchi', 'НеМолчи', 'NeMolşi', 'NeMolçi'])
    assert.equal(searchFold(s), searchFold('#НеМолчи'.slice(1)), s);
  assert.equal(searchFold('Жезқазған'), searchFold('Zhezkazgan'));
  assert.equal(searchFold('Жезқазған'), searchFold('Jezqazğan'));
  assert.equal(searchFold('Шымкент'), searchFold('Shymkent'));
  assert.equal(searchFold('Юрист'), searchFold('Yurist'));
  assert.equal(searchFold('İnstagram'), 'instagram', 'the dotted capital İ lowers to plain i');
  assert.equal(searchFold('111 2000'), '111 2000', 'digits are never merged');
  assert.notEqual(searchFold('қазақ'), searchFold('казах'));
  // Every word of the table, in both cases: its key is the key of its Latin spelling.
  for (const r of TABLE.filter((r) => !r.russianOnly)) {
    const word = `а${r.cyrillic}а`;
    assert.equal(searchFold(word), searchFold(plain.transliterate(word)), r.cyrillic);
  }
});

test('latinKey applied to fold()’s output is searchFold: what the stored-column migrations rely on', () => {
  const text = 'Ерлер зорлыққа қарсы — ЗаңдыӨзгерт, Щучинск, объект, ЁЛКА';
  assert.equal(
    latinKey(
      text
        .normalize('NFC')
        .toLowerCase()
        .replace(
          /[әғқңөұүһіё]/g,
          (c) => ({ ә: 'а', ғ: 'г', қ: 'к', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', һ: 'х', і: 'и', ё: 'е' })[c]!,
        ),
    ),
    searchFold(text),
  );
});

test('the site transliterator reads the shipped files once', () => {
  assert.equal(kkLatin(), kkLatin());
  assert.equal(toKkLatin('Петиция'), 'Petisia');
});
