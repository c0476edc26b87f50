import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMarkdown } from '../../ui/markdown.ts';
import type { CampaignInput } from './campaign.ts';
import { formToInput } from './campaign-form.ts';
import { cleanTag, foldTag, guessTagLang, parseHashtagLines } from './hashtags.ts';
import { isPartialDate, validateCampaign } from './campaigns.validation.ts';

const base = (): CampaignInput => ({
  slug: 'test',
  startsOn: '2024-04',
  endsOn: null,
  organiser: {},
  title: { en: 'T' },
  summary: {},
  body: {},
  goals: [],
  figures: [],
  uncertainties: [],
  sources: [],
  hashtagGroups: [],
});

test('hashtags: cleaned of #, invisible characters; language guessed from the letters', () => {
  assert.equal(cleanTag('#ЗаңдыӨзгерт\u200b'), 'ЗаңдыӨзгерт');
  assert.equal(cleanTag('#bad-tag'), null);
  assert.equal(guessTagLang('ЗаңдыӨзгерт'), 'kk');
  assert.equal(guessTagLang('МеняйЗакон'), 'ru');
  assert.equal(guessTagLang('ChangeTheLaw'), 'en');
  assert.equal(foldTag('ЗАҢДЫӨЗГЕРТ'), foldTag('зандыозгерт'));
});

test('hashtag lines: one alias group per line, explicit language prefixes, bad tokens reported', () => {
  const { groups, invalid } = parseHashtagLines(
    '#ЗаңдыӨзгерт #МеняйЗакон, #ChangeTheLaw\nkk:#OrtashaEmes #НеСреднейТяжести\n#no-dash',
  );
  assert.deepEqual(groups, [
    [
      { tag: 'ЗаңдыӨзгерт', lang: 'kk' },
      { tag: 'МеняйЗакон', lang: 'ru' },
      { tag: 'ChangeTheLaw', lang: 'en' },
    ],
    [
      { tag: 'OrtashaEmes', lang: 'kk' },
      { tag: 'НеСреднейТяжести', lang: 'ru' },
    ],
  ]);
  assert.deepEqual(invalid, ['#no-dash']);
});

test('partial dates are real calendar dates', () => {
  for (const ok of ['2024', '2024-02', '2024-02-29']) assert.ok(isPartialDate(ok), ok);
  for (const bad of ['2023-02-29', '2024-13', '24-01-01', '2024-1-1', 'soon', '1800'])
    assert.ok(!isPartialDate(bad), bad);
});

test('validation names each bad field with a message key', () => {
  const bad = {
    ...base(),
    slug: 'Bad Slug',
    startsOn: '2024-05',
    endsOn: '2024-04',
    title: {},
    sources: [{ title: 'x', url: 'javascript:alert(1)' }],
  };
  const fields = validateCampaign(bad);
  assert.equal(fields.slug, 'campaign.error.slug');
  assert.equal(fields.ends_on, 'form.error.end_before_start');
  assert.equal(fields.title_kk, 'campaign.error.title_required');
  assert.equal(fields.sources, 'form.error.url');
  assert.deepEqual(validateCampaign(base()), {});
});

test('publishing needs a title and summary in all three languages', () => {
  const fields = validateCampaign({ ...base(), title: { en: 'T' }, summary: { en: 'S' } }, { publish: true });
  assert.deepEqual(Object.keys(fields).sort(), ['summary_kk', 'summary_ru', 'title_kk', 'title_ru']);
});

test('control characters are refused; single-line fields refuse newlines', () => {
  assert.equal(validateCampaign({ ...base(), title: { en: 'a\u0007b' } }).title_en, 'form.error.control_chars');
  assert.equal(validateCampaign({ ...base(), title: { en: 'a\nb' } }).title_en, 'form.error.control_chars');
  assert.deepEqual(validateCampaign({ ...base(), body: { en: 'para 1\n\npara 2' } }), {});
});

test('the campaign form zips per-language lines into items and parses sources and figures', () => {
  const { input, errors } = formToInput({
    slug: ' Test ',
    title_en: 'T',
    goals_en: 'one\ntwo',
    goals_ru: 'один\nдва',
    hashtags: '#A #Б',
    sources: 'Memo | PONARS | 2024-08 | https://example.org/memo',
    figures: '130000 | more_than | қол | подписей | signatures | S1',
  });
  assert.deepEqual(errors, {});
  assert.equal(input.slug, 'test');
  assert.deepEqual(input.goals, [
    { ru: 'один', en: 'one' },
    { ru: 'два', en: 'two' },
  ]);
  assert.deepEqual(input.sources, [
    { title: 'Memo', publisher: 'PONARS', date: '2024-08', url: 'https://example.org/memo' },
  ]);
  assert.deepEqual(input.figures, [
    { value: '130000', approx: 'more_than', label: { kk: 'қол', ru: 'подписей', en: 'signatures' }, source: 'S1' },
  ]);
});

test('markdown: raw HTML is escaped, unsafe links dropped, images become links', () => {
  const html = renderMarkdown(
    '<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](https://ok.kz) ![pic](https://tracker.example/p.png)',
  );
  assert.ok(!html.includes('<script>'), html);
  assert.ok(html.includes('&lt;script&gt;'));
  assert.ok(!html.includes('javascript:'));
  assert.match(html, /<a href="https:\/\/ok\.kz\/" rel="noopener noreferrer nofollow">y<\/a>/);
  assert.ok(!html.includes('<img'), 'no third-party image requests');
});
