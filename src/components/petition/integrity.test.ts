import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createSigningLimiter,
  csvCell,
  displayName,
  HARD_FACTOR,
  LIMITS,
  nameMatcher,
  nameProblem,
  quarantineReasons,
  trendAlerts,
} from './integrity.ts';
import type { TrendReport } from './petition.ts';

test('names that a spreadsheet would run, or that carry links, are refused', () => {
  for (const bad of [
    '=HYPERLINK("x")',
    '+7 777',
    '-1',
    '@SUM(A1)',
    'Visit https://x.y',
    'Айгүл www.spam',
    'buy cheap.ru now',
    'a//b',
  ]) {
    assert.ok(nameProblem(bad), bad);
  }
  assert.equal(nameProblem('x'.repeat(101)), 'form.error.too_long');
  assert.equal(nameProblem('Ai\u0000gul'), 'form.error.control_chars');
  assert.equal(nameProblem('Ai\u202egul'), 'form.error.control_chars', 'bidi overrides are control characters too');
  assert.equal(nameProblem('12'), 'petition.error.name_short');
  for (const ok of ['Айгүл Нұрланқызы', 'Ольга Петрова-Ким', "O'Brien A.", 'Ә. Ж.'])
    assert.equal(nameProblem(ok), null, ok);
});

test('the public name is the first name and an initial', () => {
  assert.equal(displayName('  Айгүл   Нұрланқызы '), 'Айгүл Н.');
  assert.equal(displayName('әсел'), 'әсел');
  assert.equal(displayName('ольга ивановна петрова'), 'ольга П.');
});

test('CSV cells cannot become formulas and are quoted when needed', () => {
  assert.equal(csvCell('=1+1'), "'=1+1");
  assert.equal(csvCell('-2'), "'-2");
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell(42), '42');
});

test('name patterns fold case and Kazakh letters', () => {
  const m = nameMatcher('айгул*');
  assert.equal(m('Айгүл Н.'), true);
  assert.equal(m('Бота'), false);
  assert.equal(nameMatcher('*bot*')('Robot 1'), true);
  assert.equal(nameMatcher('a.b')('axb'), false, 'dots are literal');
});

test('rate limits quarantine first, then refuse; the no-JavaScript path is stricter', async () => {
  const limiter = createSigningLimiter();
  const t0 = Date.UTC(2026, 0, 1, 0, 0, 0);
  const results = [];
  for (let i = 0; i < LIMITS.plain.ipBurst * HARD_FACTOR + 1; i++)
    results.push(await limiter.check('p', 'ip1', 'net1', false, t0 + i));
  assert.deepEqual(results[0].reasons, []);
  assert.deepEqual(results[LIMITS.plain.ipBurst - 1].reasons, []);
  assert.ok(results[LIMITS.plain.ipBurst].reasons.includes('rate_ip_burst'));
  assert.equal(results[results.length - 1].refuse, true);
  // The same count with proof of work stays clean longer.
  const withPow = [];
  for (let i = 0; i < LIMITS.plain.ipBurst + 1; i++)
    withPow.push(await limiter.check('p', 'ip2', 'net2', true, t0 + i));
  assert.deepEqual(withPow[withPow.length - 1].reasons, []);
  // Other petitions and other addresses are counted separately.
  assert.deepEqual((await limiter.check('q', 'ip1', 'net1', false, t0 + 100)).reasons, []);
});

test('quarantine: a block beats an allow; an allow lifts the soft signals', () => {
  const base = {
    entries: [],
    domain: 'spam.kz',
    emailKey: 'k',
    prefixHash: 'n',
    disposable: false,
    honeypot: false,
    rateReasons: [] as string[],
  };
  assert.deepEqual(quarantineReasons(base), []);
  assert.deepEqual(quarantineReasons({ ...base, honeypot: true }), ['honeypot']);
  assert.deepEqual(quarantineReasons({ ...base, disposable: true, rateReasons: ['rate_prefix'] }), [
    'disposable_domain',
    'rate_prefix',
  ]);
  const allow = { kind: 'domain' as const, value: 'spam.kz', action: 'allow' as const };
  assert.deepEqual(
    quarantineReasons({ ...base, entries: [allow], disposable: true, rateReasons: ['rate_prefix'] }),
    [],
  );
  const block = { kind: 'domain' as const, value: 'spam.kz', action: 'block' as const };
  assert.deepEqual(quarantineReasons({ ...base, entries: [allow, block] }), ['blocked_domain']);
  assert.deepEqual(
    quarantineReasons({ ...base, domain: 'mx.spam.kz', entries: [block] }),
    ['blocked_domain'],
    'subdomains too',
  );
  assert.deepEqual(quarantineReasons({ ...base, entries: [{ kind: 'email', value: 'k', action: 'block' }] }), [
    'blocked_email',
  ]);
  assert.deepEqual(quarantineReasons({ ...base, entries: [{ kind: 'ip_prefix', value: 'n', action: 'block' }] }), [
    'blocked_network',
  ]);
});

test('trend alerts: a spike over the baseline, a dominant uncommon domain, IP or network, many quarantined', () => {
  const quiet: TrendReport = {
    hour: '2026-11-22T10:00:00.000Z',
    total: 99,
    confirmed: 0,
    quarantined: 19,
    withoutPow: 0,
    baselinePerHour: 0,
    domains: [{ key: 'gmail.com', n: 99 }],
    ipHashes: [{ key: 'ip', n: 19 }],
    ipPrefixes: [{ key: 'net', n: 99 }],
    regions: [],
  };
  assert.deepEqual(trendAlerts(quiet), []);
  assert.deepEqual(trendAlerts({ ...quiet, total: 100, baselinePerHour: 20 }), []);
  assert.deepEqual(
    trendAlerts({
      ...quiet,
      total: 200,
      quarantined: 50,
      baselinePerHour: 10,
      domains: [
        { key: 'spam.example', n: 60 },
        { key: 'other.example', n: 49 },
      ],
      ipHashes: [{ key: 'ip', n: 20 }],
      ipPrefixes: [{ key: 'net', n: 100 }],
    }),
    [
      { kind: 'spike', n: 200 },
      { kind: 'domain', key: 'spam.example', n: 60 },
      { kind: 'ip', key: 'ip', n: 20 },
      { kind: 'prefix', key: 'net', n: 100 },
      { kind: 'quarantine', n: 50 },
    ],
  );
});
