import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fold } from './fold.ts';
import { formatPartialDate } from './format.ts';
import { negotiate, pick } from './locales.ts';
import { createI18n } from './translator.ts';

test('fold maps Kazakh letters, case and ё to their plain Russian counterparts', () => {
  assert.equal(fold('ӘҒҚҢӨҰҮҺІ әғқңөұүһі'), 'агкноуухи агкноуухи');
  assert.equal(fold('ЗаңдыӨзгерт'), 'зандыозгерт');
  assert.equal(fold('Ёлка'), 'елка');
  assert.equal(fold('ChangeTheLaw'), 'changethelaw');
});

test('fold strips zero-width characters and collapses spaces', () => {
  assert.equal(fold('Не\u200bМолчи  \u00adКЗ'), 'немолчи кз');
  assert.equal(fold('е\u0301'), 'е\u0301'.normalize('NFC').toLowerCase());
});

test('a Kazakh word and its Russian-keyboard spelling fold to the same text', () => {
  assert.equal(fold('Қазақстан'), fold('Казакстан'));
  assert.equal(fold('Ерлер зорлыққа қарсы'), fold('ерлер зорлыкка карсы'));
});

test('negotiate picks the best supported language and falls back to Kazakh', () => {
  assert.equal(negotiate('ru-RU,ru;q=0.9,en;q=0.8'), 'ru');
  assert.equal(negotiate('de-DE,de;q=0.9,en;q=0.5'), 'en');
  assert.equal(negotiate('en;q=0.2, kk;q=0.8'), 'kk');
  assert.equal(negotiate('fr'), 'kk');
  assert.equal(negotiate(undefined), 'kk');
  assert.equal(negotiate('garbage;;;q=x'), 'kk');
});

test('pick falls back in order and says which language it used', () => {
  assert.deepEqual(pick({ kk: 'Сәлем', ru: 'Привет' }, 'en'), { text: 'Привет', lang: 'ru' });
  assert.deepEqual(pick({ ru: '  ', kk: 'Сәлем' }, 'ru'), { text: 'Сәлем', lang: 'kk' });
  assert.deepEqual(pick({}, 'kk'), { text: '', lang: 'kk' });
});

test('plural messages follow each language’s CLDR rules', () => {
  const i18n = createI18n();
  assert.equal(i18n.t('en', 'campaigns.count', { count: 1 }), '1 campaign');
  assert.equal(i18n.t('en', 'campaigns.count', { count: 3 }), '3 campaigns');
  const ru = [1, 2, 5, 21].map((n) => i18n.t('ru', 'campaigns.count', { count: n }));
  assert.equal(new Set(ru.map((s) => s.replace(/\d+\s*/, ''))).size, 3, `one/few/many differ in Russian: ${ru}`);
});

test('dates keep the precision the data has', () => {
  assert.equal(formatPartialDate('2024', 'en'), '2024');
  assert.equal(formatPartialDate('2024-04', 'en'), 'April 2024');
  assert.equal(formatPartialDate('2024-04-09', 'en'), 'April 9, 2024');
  assert.match(formatPartialDate('2024-04', 'kk'), /сәуір/);
  assert.match(formatPartialDate('2024-04-09', 'ru'), /апреля/);
});
