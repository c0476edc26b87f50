import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStorageFull } from '../db/portable.ts';
import { createCsrf } from './csrf.ts';
import { errorCode } from './failure-log.ts';
import { maskPath, redactText } from './log.ts';
import { createRateLimit } from './rate-limit.ts';

test('rate limit allows the limit, refuses the next, and recovers after the window', async () => {
  const rl = createRateLimit({ limit: 3, windowMs: 1000 });
  const t0 = 10_000;
  const allowed = [];
  for (let i = 0; i < 3; i++) allowed.push((await rl.hit('k', t0)).allowed);
  assert.deepEqual(allowed, [true, true, true]);
  const refused = await rl.hit('k', t0 + 10);
  assert.equal(refused.allowed, false);
  assert.ok(refused.retryAfter >= 1);
  assert.equal((await rl.hit('other', t0)).allowed, true, 'keys are independent');
  assert.equal((await rl.hit('k', t0 + 2500)).allowed, true, 'two windows later the count is gone');
});

test('rate limit slides: hits from the previous window still count in part', async () => {
  const rl = createRateLimit({ limit: 10, windowMs: 1000 });
  for (let i = 0; i < 10; i++) await rl.hit('k', 900);
  // 100 ms into the next window, 90% of the previous ten still weigh in.
  assert.equal((await rl.hit('k', 1100)).allowed, true);
  assert.equal((await rl.hit('k', 1100)).allowed, false);
});

test('csrf tokens bind to the session, anonymous ones expire, and forgeries fail', () => {
  const csrf = createCsrf('s'.repeat(40));
  const t = csrf.tokenFor('session-secret');
  assert.equal(csrf.verify(t, 'session-secret'), true);
  assert.equal(csrf.verify(t, 'other-session'), false);
  assert.equal(csrf.verify(t, null), false);
  const a = csrf.tokenFor(null, 1_000_000);
  assert.equal(csrf.verify(a, null, 1_000_000 + 60_000), true);
  assert.equal(
    csrf.verify(a, 'session-secret', 1_000_000 + 60_000),
    false,
    'an anonymous token is refused when a staff session is present',
  );
  assert.equal(csrf.verify(a, null, 1_000_000 + 7 * 3_600_000), false, 'expired');
  assert.equal(csrf.verify(a.slice(0, -2) + 'xx', null, 1_000_000), false, 'tampered');
  assert.equal(createCsrf('t'.repeat(40)).verify(a, null, 1_000_000), false, 'other secret');
  assert.equal(csrf.verify(undefined, null), false);
});

test('log helpers drop query strings, tokens and emails', () => {
  assert.equal(maskPath('/kk/confirm/abcdefghijklmnopqrstuvwxyz?email=a@b.kz'), '/kk/confirm/:redacted');
  assert.equal(maskPath('/kk/tell/follow-up/1234567890123456'), '/kk/tell/follow-up/:redacted');
  assert.equal(maskPath('/en/campaigns/nemolchi'), '/en/campaigns/nemolchi');
  assert.equal(redactText('failed for aigul@mail.kz today'), 'failed for [email] today');
});

test('email masking hides addresses but not module paths in stack frames', () => {
  for (const frame of [
    '    at Parser.<anonymous> (/srv/dauys/node_modules/@fastify/multipart/index.js:120:14)',
    '    at file:///srv/dauys/node_modules/@node-rs/argon2/index.js:3:1',
    '    at C:\\dauys\\node_modules\\@fastify\\busboy\\lib\\main.js:9:2',
    '/srv/node_modules/.pnpm/@fastify+multipart@9.0.1/node_modules/@fastify/multipart/index.js',
  ])
    assert.equal(redactText(frame), frame);
  assert.equal(
    redactText('to first.last+tag@sub.example.org, <x_y-z@example.co.uk>; mailto:aigul@MAIL.KZ'),
    'to [email], <[email]>; mailto:[email]',
  );
  assert.equal(redactText('жіберілмеді: айгүл.сейтқали@пошта.қаз (қате)'), 'жіберілмеді: [email] (қате)');
});

test('a full disk is recognised on both databases; logged codes are never free text', () => {
  assert.equal(isStorageFull(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })), true);
  assert.equal(isStorageFull(Object.assign(new Error('could not extend file'), { code: '53100' })), true);
  for (const code of ['SQLITE_ERROR', '53200', '23505', undefined]) assert.equal(isStorageFull({ code }), false);
  assert.equal(isStorageFull(null), false);
  assert.equal(errorCode({ code: 'SQLITE_FULL' }), 'SQLITE_FULL');
  assert.equal(errorCode({ code: '53100' }), '53100');
  assert.equal(errorCode(new TypeError('Aigerim wrote x')), 'TypeError');
  assert.equal(errorCode({ code: 'she said: no', name: 'Error: from Aigerim' }), 'UNKNOWN');
});

test('cross-site detection trusts Sec-Fetch-Site, then compares Origin with Host', async () => {
  const { isCrossSite } = await import('./csrf.ts');
  const req = (headers: Record<string, string>) => ({ headers: { host: 'dauys.kz', ...headers } }) as never;
  assert.equal(isCrossSite(req({ 'sec-fetch-site': 'same-origin', origin: 'null' })), false);
  assert.equal(isCrossSite(req({ 'sec-fetch-site': 'none' })), false);
  assert.equal(isCrossSite(req({ 'sec-fetch-site': 'cross-site' })), true);
  assert.equal(isCrossSite(req({ 'sec-fetch-site': 'same-site' })), true);
  assert.equal(isCrossSite(req({ origin: 'https://dauys.kz' })), false);
  assert.equal(isCrossSite(req({ origin: 'https://evil.example' })), true);
  assert.equal(isCrossSite(req({ origin: 'null' })), false, 'no-referrer makes browsers send null for our own forms');
  assert.equal(isCrossSite(req({})), false);
});
