import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDisposableDomain, normaliseEmail } from './address.ts';

test('gmail ignores case, dots and +tags, and googlemail is the same mailbox', () => {
  const a = normaliseEmail('Ai.Gul+petition@GoogleMail.com')!;
  assert.equal(a.normalised, 'aigul@gmail.com');
  assert.equal(a.domain, 'gmail.com');
  assert.equal(a.address, 'Ai.Gul+petition@googlemail.com');
  assert.equal(normaliseEmail('aigul@gmail.com')!.normalised, a.normalised);
});

test('yandex aliases, dots and hyphens are one login', () => {
  assert.equal(normaliseEmail('a-b.c+x@ya.ru')!.normalised, 'abc@yandex.ru');
  assert.equal(normaliseEmail('abc@yandex.kz')!.normalised, 'abc@yandex.ru');
});

test('other providers keep dots; unknown domains keep +tags', () => {
  assert.equal(normaliseEmail('a.b+x@mail.ru')!.normalised, 'a.b@mail.ru');
  assert.equal(normaliseEmail('a.b+x@ngo.kz')!.normalised, 'a.b+x@ngo.kz');
  assert.equal(normaliseEmail('First.Last@Outlook.com')!.normalised, 'first.last@outlook.com');
});

test('malformed and over-long addresses are refused', () => {
  for (const bad of [
    '',
    'no-at-sign',
    'a@b',
    'a@@b.kz',
    'a b@c.kz',
    '<a@b.kz>',
    'a\u0007b@c.kz',
    `${'x'.repeat(65)}@b.kz`,
    `a@${'x'.repeat(250)}.kz`,
    '+@gmail.com',
  ]) {
    assert.equal(normaliseEmail(bad), null, JSON.stringify(bad));
  }
});

test('disposable domains come from the maintained list, subdomains included', () => {
  assert.equal(isDisposableDomain('mailinator.com'), true);
  assert.equal(isDisposableDomain('x.mailinator.com'), true);
  assert.equal(isDisposableDomain('gmail.com'), false);
  assert.equal(isDisposableDomain('ngo.kz'), false);
});
