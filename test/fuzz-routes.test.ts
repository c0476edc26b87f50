// Every POST route in Fastify's own route table, in every language it exists in, gets a fixed set of
// malformed bodies, anonymously and with a signed-in admin: never a 5xx, never a hang, and where the
// answer is a page, a page in the request's language. New routes are covered without editing this
// file: the table is what the app registered (src/http/route-table.ts).
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { uuidv7 } from 'uuidv7';
import { createCsrf } from '../src/http/csrf.ts';
import { routeTable } from '../src/http/route-table.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { openPetition } from './helpers/petitions.ts';
import { createStaff, signIn, type Signed } from './helpers/staff.ts';

const MAX_MS = 2000;
const HANG_MS = 10_000;
const MEGABYTE = Buffer.alloc(1024 * 1024, 'a');
const BOUNDARY = 'fuzzBoundary7MA4YWxkTrZu0gW';
// Field names most forms use, for routes whose form lives on a page this test cannot guess.
const COMMON_FIELDS = [
  'name',
  'email',
  'password',
  'code',
  'title_en',
  'text',
  'status',
  'region',
  'slug',
  'csv',
  'receipt',
  'lookup',
  'story',
  'consent',
  'reason',
];

interface Body {
  label: string;
  contentType?: string;
  payload: string | Buffer;
}

const urlencoded = 'application/x-www-form-urlencoded';
const enc = (pairs: Array<[string, string]>) =>
  pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
const part = (name: string, value: string | Buffer, file?: string) =>
  Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file}"\r\nContent-Type: application/octet-stream` : ''}\r\n\r\n`,
    ),
    Buffer.from(value),
    Buffer.from('\r\n'),
  ]);
const multipartOf = (parts: Buffer[], close = true) =>
  Buffer.concat([...parts, Buffer.from(close ? `--${BOUNDARY}--\r\n` : '')]);

/** The fixed set of malformed bodies, with a valid token unless the case is about the token. */
function malformedBodies(
  fields: string[],
  token: string,
  foreignTokens: Array<[label: string, token: string]>,
): Body[] {
  const csrf: Array<[string, string]> = [['_csrf', token]];
  const bad = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]);
  const rawPairs = (value: Buffer) =>
    Buffer.concat([
      Buffer.from(`_csrf=${encodeURIComponent(token)}`),
      ...fields.map((f) => Buffer.concat([Buffer.from(`&${f}=`), value])),
    ]);
  const mp = { contentType: `multipart/form-data; boundary=${BOUNDARY}` };
  return [
    { label: 'no content type', payload: enc([...csrf, ...fields.map((f): [string, string] => [f, 'x'])]) },
    { label: 'text/plain', contentType: 'text/plain', payload: `_csrf=${token}&${fields[0]}=x` },
    { label: 'unknown type', contentType: 'application/x-fuzz', payload: 'x' },
    {
      label: 'JSON with nested values',
      contentType: 'application/json',
      payload: JSON.stringify({
        _csrf: token,
        ...Object.fromEntries(fields.map((f, i) => [f, i % 2 ? { a: [1, { b: null }] } : [1, 2]])),
      }),
    },
    { label: 'broken JSON', contentType: 'application/json', payload: '{"_csrf": "' },
    { label: 'empty form', contentType: urlencoded, payload: '' },
    { label: 'invalid UTF-8, raw', contentType: `${urlencoded}; charset=utf-8`, payload: rawPairs(bad) },
    {
      label: 'invalid UTF-8, percent-encoded',
      contentType: urlencoded,
      payload:
        `_csrf=${encodeURIComponent(token)}&` + fields.map((f) => `${f}=%FF%FE%C3%28%ED%A0%80&${f}_=%`).join('&'),
    },
    { label: 'NUL bytes', contentType: urlencoded, payload: rawPairs(Buffer.from('a\0b%00c')) },
    {
      label: 'duplicate fields',
      contentType: urlencoded,
      payload: enc([
        ...csrf,
        ...fields.flatMap((f): Array<[string, string]> => [
          [f, '1'],
          [f, '2'],
        ]),
      ]),
    },
    {
      label: 'nested fields',
      contentType: urlencoded,
      payload: enc([
        ...csrf,
        ...fields.flatMap((f): Array<[string, string]> => [
          [`${f}[b]`, '1'],
          [`${f}[]`, '2'],
          [`a[${f}][0]`, '3'],
        ]),
      ]),
    },
    {
      label: 'duplicate token',
      contentType: urlencoded,
      payload: enc([...csrf, ...csrf, ...fields.map((f): [string, string] => [f, 'x'])]),
    },
    { label: 'no token', contentType: urlencoded, payload: enc(fields.map((f) => [f, 'x'])) },
    ...foreignTokens.map(([label, foreign]) => ({
      label,
      contentType: urlencoded,
      payload: enc([['_csrf', foreign], ...fields.map((f): [string, string] => [f, 'x'])]),
    })),
    {
      label: '1 MB field',
      contentType: urlencoded,
      payload: Buffer.concat([Buffer.from(`${enc(csrf)}&${fields[0]}=`), MEGABYTE]),
    },
    {
      label: 'multipart cut off',
      ...mp,
      payload: multipartOf(
        [
          part('_csrf', token),
          part(fields[0], 'x'),
          Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${fields[1] ?? 'x'}"\r\n\r\npartial da`),
        ],
        false,
      ),
    },
    {
      label: 'multipart, duplicates and a stray file',
      ...mp,
      payload: multipartOf([
        part('_csrf', token),
        ...fields.flatMap((f) => [part(f, bad), part(f, 'a\0b'), part(f, 'x', 'x.bin')]),
      ]),
    },
    { label: 'multipart, 1 MB field', ...mp, payload: multipartOf([part('_csrf', token), part(fields[0], MEGABYTE)]) },
    { label: 'multipart without boundary', contentType: 'multipart/form-data', payload: 'x' },
  ];
}

/** The answer, or null when none came in HANG_MS (reported, and the walk goes on). */
async function answerOrHang<T>(answer: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), HANG_MS)));
  try {
    return await Promise.race([answer, hang]);
  } finally {
    clearTimeout(timer);
  }
}

describe('route-table fuzz: malformed bodies on every POST route', () => {
  let t: TestApp;
  let admin: Signed;
  const ids: Record<string, string> = {};
  let ip = 0;

  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
    const db = t.services.db;
    admin = await signIn(t, (await createStaff(t.services, 'admin')).email);
    const other = await createStaff(t.services, 'organiser');
    // The seeded petitions are closed and there are no appeals yet: an open petition and a published
    // appeal with one official reach the deeper paths.
    const { petitionId, campaignId, admin: owner } = await openPetition(t.services);
    const tr = (s: string) => ({ kk: s, ru: s, en: s });
    const appeal = await t.services.campaigns.addComponent(
      campaignId,
      'appeal',
      { subject: tr('Support the law'), template: tr('Dear Senator,\n\n[[Why it matters]]') },
      owner,
    );
    await t.services.campaigns.updateComponent(appeal.id, appeal.settings, 'published', owner);
    await t.services.appeals.importCsv(
      'key;kind;body;name_kk;name_ru;name_en;region;languages;email\nsen-1;person;senate;А.;А.;A.;KZ-71;kk,ru;a@senate.example',
      owner,
    );
    const recipient = await db.selectFrom('appeal_recipients').select('id').executeTakeFirstOrThrow();
    const help = await db.selectFrom('help_services').select('id').executeTakeFirstOrThrow();
    const entity = await db.selectFrom('obs_entities').select('id').executeTakeFirstOrThrow();
    const link = await db.selectFrom('obs_links').select('id').executeTakeFirstOrThrow();
    Object.assign(ids, {
      petition: petitionId,
      campaign: campaignId,
      appeal: appeal.id,
      recipient: recipient.id,
      help: help.id,
      entity: entity.id,
      link: link.id,
      user: other.id,
    });
  });
  after(() => t.close());

  /** Concrete values for a route's path parameters: seeded records where the route needs one. */
  function concrete(url: string): string {
    const pick = (param: string, before: string): string => {
      if (/\/petitions$/.test(before) || param === 'cid') return ids.petition;
      if (/\/appeals$/.test(before)) return ids.appeal;
      if (/\/campaigns$/.test(before)) return ids.campaign;
      if (/\/help$/.test(before)) return ids.help;
      if (/\/observatory\/links$/.test(before)) return ids.link;
      if (/\/observatory$/.test(before)) return ids.entity;
      if (/\/users$/.test(before)) return ids.user;
      if (/\/recipients$/.test(before)) return ids.recipient;
      return param === 'token' ? `${uuidv7()}.${'x'.repeat(20)}` : uuidv7();
    };
    return url.replace(/:([A-Za-z]+)/g, (_m, param: string, offset: number) => pick(param, url.slice(0, offset - 1)));
  }

  /** The field names of the form that posts there (the same in every language), plus common ones. */
  const fieldCache = new Map<string, string[]>();
  async function fieldsOf(route: string, url: string, cookie?: string): Promise<string[]> {
    const key = `${cookie ? 'admin' : 'anonymous'} ${route.replace(/^\/(kk-latn|kk|ru|en)\//, '/')}`;
    if (!fieldCache.has(key)) fieldCache.set(key, await scrapeFields(url, cookie));
    return fieldCache.get(key)!;
  }
  async function scrapeFields(url: string, cookie?: string): Promise<string[]> {
    const names = new Set<string>();
    for (let u = url; u.split('/').length > 2; u = u.slice(0, u.lastIndexOf('/'))) {
      const page = await t.app.inject({ url: u, headers: cookie ? { cookie } : {} });
      if (page.statusCode !== 200) continue;
      for (const m of page.body.matchAll(/name="([^"]+)"/g))
        if (!['_csrf', 'viewport', 'referrer', 'robots', 'description'].includes(m[1])) names.add(m[1]);
      if (names.size) break;
    }
    return [...new Set([...names].slice(0, 40).concat(COMMON_FIELDS))];
  }

  /** After a route that signed the admin out (logout, a disabled account), a fresh admin goes on. */
  async function stillSignedIn(): Promise<void> {
    const session = await t.services.accounts.loadSession(admin.cookie.slice(admin.cookie.indexOf('=') + 1));
    if (session?.stage !== 'full') admin = await signIn(t, (await createStaff(t.services, 'admin')).email);
  }

  test('no 5xx, no hang, a page in the request language', { timeout: 240_000 }, async () => {
    const posts = routeTable(t.app).filter((r) => r.method === 'POST');
    assert.ok(posts.length > 30, `the route table lists the app's POST routes (${posts.length})`);
    const foreignSecret = createCsrf('a-different-installation-secret-0123456789abcdef');
    const failures: string[] = [];
    let requests = 0;
    let slowest = 0;
    for (const route of posts) {
      const lang = /^\/(kk-latn|kk|ru|en)\//.exec(route.url)?.[1] ?? 'ru';
      const url = concrete(route.url);
      for (const who of ['anonymous', 'admin'] as const) {
        const cookie = who === 'admin' ? admin.cookie : undefined;
        const token = who === 'admin' ? admin.csrf : t.services.csrf.tokenFor(null);
        const foreign: Array<[string, string]> = [
          ["another installation's public token", foreignSecret.tokenFor(null)],
          ["another installation's session token", foreignSecret.tokenFor('x')],
          who === 'admin'
            ? ['a public token with a session', t.services.csrf.tokenFor(null)]
            : ["a staff session's token without it", admin.csrf],
        ];
        for (const body of malformedBodies(await fieldsOf(route.url, url, cookie), token, foreign)) {
          const headers: Record<string, string> = { 'accept-language': lang };
          if (cookie) headers.cookie = cookie;
          if (body.contentType) headers['content-type'] = body.contentType;
          ip++;
          const started = performance.now();
          const res = await answerOrHang(
            t.app.inject({
              method: 'POST',
              url,
              headers,
              payload: body.payload,
              remoteAddress: `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`,
            }),
          );
          const ms = performance.now() - started;
          requests++;
          slowest = Math.max(slowest, ms);
          const what = `${who} POST ${route.url} (${body.label})`;
          if (!res) {
            failures.push(`${what}: no answer after ${HANG_MS} ms`);
            continue;
          }
          if (res.statusCode >= 500) failures.push(`${what}: ${res.statusCode}`);
          if (ms > MAX_MS) failures.push(`${what}: ${Math.round(ms)} ms`);
          const type = String(res.headers['content-type'] ?? '');
          if (
            type.startsWith('text/html') &&
            !res.body.includes(`<html lang="${lang === 'kk-latn' ? 'kk-Latn' : lang}"`)
          )
            failures.push(`${what}: ${res.statusCode} page not in ${lang}`);
        }
        if (who === 'admin') await stillSignedIn();
      }
    }
    assert.deepEqual(
      failures,
      [],
      `${failures.length} of ${requests} requests failed (slowest ${Math.round(slowest)} ms)`,
    );
    assert.equal((await t.app.inject('/healthz')).statusCode, 200, 'the app still answers');
  });
});
