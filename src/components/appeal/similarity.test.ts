import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasPlaceholders, MAX_SIMILARITY, similarity } from './similarity.ts';

const template =
  'Dear Senator, I ask you to support the law on protecting women and children from domestic violence. [[Say in your own words why it matters to you.]] Please vote for it without weakening amendments. Respectfully,';

test('the template itself, or with cosmetic changes, is a copy', () => {
  assert.equal(similarity(template, template), 1);
  const cosmetic = template
    .toUpperCase()
    .replace(/,/g, ' ;')
    .replace('[[Say in your own words why it matters to you.]]', 'Thank you.');
  assert.ok(similarity(cosmetic, template) >= MAX_SIMILARITY, String(similarity(cosmetic, template)));
});

test('a letter rewritten in the supporter’s own words passes', () => {
  const own =
    'Dear Senator, my sister lived with violence for years and the police sent her home with a warning each time. ' +
    'A law that makes beatings a crime again would have protected her. I ask you to vote for it as it stands, ' +
    'and to reject amendments that would let offenders off with a fine. Aigerim from Shymkent';
  assert.ok(similarity(own, template) < MAX_SIMILARITY, String(similarity(own, template)));
});

test('folding treats Kazakh letters and case alike', () => {
  assert.equal(similarity('Құрметті депутат, заңды қолдаңыз', 'құрметті ДЕПУТАТ заңды қолдаңыз!'), 1);
});

test('placeholders left in are found', () => {
  assert.equal(hasPlaceholders(template), true);
  assert.equal(hasPlaceholders('no marks here'), false);
});
