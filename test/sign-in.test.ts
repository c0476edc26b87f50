// Signing in under attack: the second factor's rate limit, the lockout against parallel and
// distributed guessing, trusted browsers, per-client limits for IPv6, two-step enrolment.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { totpAt } from '../src/core/accounts/credentials.ts';
import { cookieFrom, csrfFrom, form, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff, PASSWORD, post, signIn } from './helpers/staff.ts';

describe('signing in', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  /** Posts the sign-in form as a browser at `ip` would (a fresh form each time, like a real page load). */
  async function attempt(
    email: string,
    password: string,
    opts: { ip?: string; cookie?: string; locale?: string } = {},
  ) {
    const locale = opts.locale ?? 'en';
    const headers = opts.cookie ? { cookie: opts.cookie } : {};
    const page = await t.app.inject({ url: `/${locale}/admin/login`, remoteAddress: opts.ip, headers });
    const body = form({ email, password, _csrf: csrfFrom(page.body) });
    return t.app.inject({
      method: 'POST',
      url: `/${locale}/admin/login`,
      remoteAddress: opts.ip,
      payload: body.payload,
      headers: { ...body.headers, ...headers },
    });
  }

  const setCookies = (res: { headers: Record<string, unknown> }): string[] =>
    [res.headers['set-cookie'] ?? []].flat() as string[];
  const deviceCookieIn = (res: { headers: Record<string, unknown> }) =>
    setCookies(res)
      .find((c) => c.startsWith('dauys_device='))
      ?.split(';')[0];
  const sessionsOf = async (userId: string) =>
    (await t.services.db.selectFrom('sessions').select('id_hash').where('user_id', '=', userId).execute()).length;
  const failuresOf = async (userId: string) =>
    (await t.services.audit.list({ subjectId: userId, limit: 500 })).filter(
      (e) => e.action === 'account.sign_in_failed',
    ).length;

  /** Thirty wrong passwords at once, each from its own address, as a botnet sends them. */
  async function flood(email: string, from: string) {
    const csrf = csrfFrom((await t.app.inject('/en/admin/login')).body);
    return Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: '/en/admin/login',
          remoteAddress: `${from}.${i + 1}`,
          ...form({ email, password: `wrong guess number ${i}`, _csrf: csrf }),
        }),
      ),
    );
  }

  test('thirty wrong passwords sent at once from thirty addresses lock the account, each counted; the right one is then refused', async () => {
    const user = await createStaff(t.services, 'analyst', 'parallel@dauys.test');
    const answers = await flood(user.email, '198.51.100');
    // Counted before the password is checked: only five guesses are ever tried, the rest are refused.
    assert.deepEqual(answers.map((r) => r.statusCode).sort(), [...Array(5).fill(400), ...Array(25).fill(429)]);
    const entry = (await t.services.accounts.listUsers()).find((u) => u.id === user.id)!;
    assert.equal(entry.failedSignIns, 5);
    assert.equal(await failuresOf(user.id), entry.failedSignIns, 'the counter and the audit log agree');
    assert.ok(entry.lockedUntil && Date.parse(entry.lockedUntil) > Date.now() + 14 * 60_000);

    const right = await attempt(user.email, PASSWORD, { ip: '198.51.100.200' });
    assert.equal(right.statusCode, 429);
    assert.match(right.body, /this account is locked/);
    assert.deepEqual(setCookies(right), []);
    assert.equal(await sessionsOf(user.id), 0);
  });

  test('an unknown e-mail given the same failures gets the same locked answer: page, status, headers and time', async () => {
    const known = (await createStaff(t.services, 'organiser', 'known-lock@dauys.test')).email;
    const unknown = 'nobody-here@dauys.test';
    const shape = (res: Awaited<ReturnType<typeof attempt>>, email: string) => ({
      status: res.statusCode,
      type: res.headers['content-type'],
      retryAfter:
        res.headers['retry-after'] === undefined ? 'none' : Math.round(Number(res.headers['retry-after']) / 60),
      cookies: setCookies(res),
      body: res.body.replace(/name="_csrf" value="[^"]+"/, '').replaceAll(email, 'EMAIL'),
    });
    for (let i = 0; i < 5; i++) {
      const a = await attempt(known, 'not the password', { ip: `192.0.2.${100 + i}` });
      const b = await attempt(unknown, 'not the password', { ip: `192.0.2.${110 + i}` });
      assert.deepEqual(shape(b, unknown), shape(a, known), `failure ${i + 1}`);
      assert.equal(a.statusCode, 400);
    }
    const lockedKnown = await attempt(known, PASSWORD, { ip: '192.0.2.120' });
    const lockedUnknown = await attempt(unknown, PASSWORD, { ip: '192.0.2.121' });
    assert.equal(lockedKnown.statusCode, 429);
    assert.deepEqual(shape(lockedUnknown, unknown), shape(lockedKnown, known));

    // Time: neither locked answer checks a password, and both take the same path; a password check
    // (one argon2id verification, measured here) is the difference that would show.
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[xs.length >> 1];
    const timed = async (email: string, ip: string) => {
      const started = performance.now();
      await attempt(email, PASSWORD, { ip });
      return performance.now() - started;
    };
    const k: number[] = [];
    const u: number[] = [];
    const check: number[] = [];
    for (let i = 0; i < 7; i++) {
      k.push(await timed(known, '192.0.2.130'));
      u.push(await timed(unknown, '192.0.2.131'));
      check.push(await timed(`fresh-${i}@dauys.test`, `192.0.2.${140 + i}`));
    }
    assert.ok(
      Math.abs(median(k) - median(u)) < median(check) / 2,
      `locked known ${median(k).toFixed(1)} ms, locked unknown ${median(u).toFixed(1)} ms, a password check ${median(check).toFixed(1)} ms`,
    );

    const mails = (await t.services.mail.outbox()).filter(
      (m) => m.category === 'account.locked' && [known, unknown].includes(m.to),
    );
    assert.deepEqual(
      mails.map((m) => m.to),
      [known],
      'the owner is told; nothing goes anywhere for an unknown e-mail',
    );
  });

  test('the owner on her trusted browser still signs in while strangers are locked out; she is told, and an admin can unlock', async () => {
    const owner = await createStaff(t.services, 'organiser', 'owner@dauys.test');
    const first = await attempt(owner.email, PASSWORD, { ip: '203.0.113.5' });
    assert.equal(first.statusCode, 303);
    const device = deviceCookieIn(first);
    assert.ok(device, 'a browser that signed in gets a device cookie');
    assert.match(
      setCookies(first).find((c) => c.startsWith('dauys_device='))!,
      /; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+/,
    );

    await flood(owner.email, '203.0.113');
    assert.equal(
      (await attempt(owner.email, PASSWORD, { ip: '203.0.113.250' })).statusCode,
      429,
      'a stranger with the right password is locked out',
    );
    const forged = `${device!.split('=')[1].split('.')[0]}.${'A'.repeat(43)}`;
    assert.equal(
      (await attempt(owner.email, PASSWORD, { ip: '203.0.113.251', cookie: `dauys_device=${forged}` })).statusCode,
      429,
      'a forged device cookie is worth nothing',
    );
    const other = await createStaff(t.services, 'analyst', 'other-locked@dauys.test');
    await flood(other.email, '203.0.114');
    assert.equal(
      (await attempt(other.email, PASSWORD, { ip: '203.0.114.250', cookie: device })).statusCode,
      429,
      'a device cookie vouches for its own account only',
    );

    // Her own browser keeps its own count: a typo or four, then the right password.
    for (let i = 0; i < 4; i++)
      assert.equal(
        (await attempt(owner.email, 'typo typo typo', { ip: '203.0.113.5', cookie: device })).statusCode,
        400,
      );
    const mine = await attempt(owner.email, PASSWORD, { ip: '203.0.113.5', cookie: device });
    assert.equal(mine.statusCode, 303, 'the owner signs in from her trusted browser');
    assert.ok(deviceCookieIn(mine), 'and the browser gets a fresh device cookie');

    const mail = (await t.services.mail.outbox()).find((m) => m.to === owner.email && m.category === 'account.locked');
    assert.ok(mail, 'she is told by e-mail');
    assert.match(mail.text, /5 wrong passwords were entered/);
    assert.match(mail.text, /Неверный пароль к вашей учётной записи/);
    assert.match(mail.text, /қате құпиясөз 5 рет енгізілді/);

    const admin = await signIn(t, (await createStaff(t.services, 'admin')).email);
    const users = await t.app.inject({ url: '/en/admin/users', headers: { cookie: admin.cookie } });
    assert.match(users.body, /Sign-in from new browsers locked until/);
    const unlock = await post(t, admin, `/en/admin/users/${owner.id}/unlock`, {});
    assert.equal(unlock.statusCode, 303);
    assert.equal(
      (await attempt(owner.email, PASSWORD, { ip: '203.0.113.252' })).statusCode,
      303,
      'after the unlock a new browser signs in again',
    );
    assert.ok((await t.services.audit.list({ subjectId: owner.id })).some((e) => e.action === 'account.unlock'));
  });

  test('IPv6 addresses in one /64 share a sign-in limit; the next /64 does not', async () => {
    // A different e-mail each time, so that only the per-client limit can answer 429.
    for (let i = 1; i <= 10; i++)
      assert.equal(
        (await attempt(`probe-${i}@dauys.test`, 'wrong password', { ip: `2001:db8:5:6::${i.toString(16)}` }))
          .statusCode,
        400,
      );
    const same = await attempt('probe-11@dauys.test', 'wrong password', { ip: '2001:db8:5:6:ffff:1:2:3' });
    assert.equal(same.statusCode, 429);
    assert.match(same.body, /Too many sign-in attempts from your network/);
    assert.equal((await attempt('probe-12@dauys.test', 'wrong password', { ip: '2001:db8:5:7::1' })).statusCode, 400);
  });

  describe('two-step set-up', () => {
    const secretIn = (html: string) => /class="secret">([A-Z2-7 ]+)</.exec(html)![1].replace(/ /g, '');
    async function enrolling(role: 'caseworker' | 'admin', ip: string) {
      const user = await createStaff(t.services, role);
      const res = await attempt(user.email, PASSWORD, { ip });
      assert.equal(res.headers.location, '/en/admin/setup-2fa');
      const cookie = cookieFrom(res);
      const show = async () => {
        const page = await t.app.inject({ url: '/en/admin/setup-2fa', headers: { cookie } });
        assert.equal(page.statusCode, 200);
        return { secret: secretIn(page.body), csrf: csrfFrom(page.body) };
      };
      const { csrf } = await show(); // bound to the session, so good for every form below
      const send = async (url: string, values: Record<string, string>) => {
        const body = form({ ...values, _csrf: csrf });
        return t.app.inject({ method: 'POST', url, payload: body.payload, headers: { ...body.headers, cookie } });
      };
      return { user, show, send };
    }
    /** A code that is certainly wrong for this secret right now. */
    const wrongCodeFor = (secret: string) => {
      const right = new Set([-30_000, 0, 30_000].map((d) => totpAt(secret, Date.now() + d)));
      return ['000000', '111111', '222222', '333333'].find((c) => !right.has(c))!;
    };

    test('a reload and a wrong code keep the same secret; the right code for it then turns two-step on', async () => {
      const { user, show, send } = await enrolling('caseworker', '192.0.2.60');
      const { secret } = await show();
      assert.equal((await show()).secret, secret, 'a reload shows the same secret');
      const wrong = await send('/en/admin/setup-2fa', { code: wrongCodeFor(secret) });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /This code is not correct/);
      assert.equal(secretIn(wrong.body), secret, 'the error comes with the same secret');
      assert.equal((await show()).secret, secret);
      const done = await send('/en/admin/setup-2fa', { code: totpAt(secret, Date.now()) });
      assert.equal(done.statusCode, 200);
      assert.match(done.body, /Your recovery codes/);
      assert.equal((await t.services.accounts.listUsers()).find((u) => u.id === user.id)?.totpEnabled, true);
    });

    test('a new secret when she asks for one, or when the one shown is more than a day old', async () => {
      const { user, show, send } = await enrolling('admin', '192.0.2.61');
      const first = (await show()).secret;
      assert.equal((await send('/en/admin/setup-2fa/new', {})).statusCode, 303);
      const second = (await show()).secret;
      assert.notEqual(second, first);
      assert.equal(
        (await send('/en/admin/setup-2fa', { code: totpAt(first, Date.now()) })).statusCode,
        400,
        'the replaced secret no longer works',
      );
      await t.services.db
        .updateTable('users')
        .set({ totp_pending_since: new Date(Date.now() - 25 * 3_600_000).toISOString() })
        .where('id', '=', user.id)
        .execute();
      const third = (await show()).secret;
      assert.notEqual(third, second);
      assert.equal((await show()).secret, third);
      assert.equal((await send('/en/admin/setup-2fa', { code: totpAt(third, Date.now()) })).statusCode, 200);
    });
  });

  test('moderators, who can open cases, must set up two-step sign-in before reaching any of them', async () => {
    const mod = await createStaff(t.services, 'moderator');
    const res = await attempt(mod.email, PASSWORD, { ip: '192.0.2.12' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/en/admin/setup-2fa');
    const cases = await t.app.inject({ url: '/en/admin/testimonies', headers: { cookie: cookieFrom(res) } });
    assert.equal(cases.statusCode, 303);
    assert.equal(cases.headers.location, '/en/admin/setup-2fa');
  });

  test('the eleventh wrong second-factor code gets a localised 429 page with Retry-After, in every language', async () => {
    const user = await createStaff(t.services, 'caseworker', 'many-codes@dauys.test');
    const { totpSecret } = await signIn(t, user.email);
    assert.ok(totpSecret);
    const res = await attempt(user.email, PASSWORD, { ip: '192.0.2.11' });
    assert.equal(res.headers.location, '/en/admin/login/verify');
    const cookie = cookieFrom(res);
    const wrongCode = async (locale: string) => {
      const page = await t.app.inject({ url: `/${locale}/admin/login/verify`, headers: { cookie } });
      const body = form({ code: '000000', _csrf: csrfFrom(page.body) });
      return t.app.inject({
        method: 'POST',
        url: `/${locale}/admin/login/verify`,
        payload: body.payload,
        headers: { ...body.headers, cookie },
      });
    };
    for (let i = 0; i < 10; i++) assert.equal((await wrongCode('en')).statusCode, 400, `code ${i + 1}`);
    const expected = {
      en: /Too many wrong codes\. Wait \d+ seconds/,
      ru: /Слишком много неверных кодов\. Подождите \d+ секунд[уы]? и попробуйте снова/,
      kk: /Тым көп қате код енгізілді\. \d+ секунд күтіп/,
    };
    for (const [locale, text] of Object.entries(expected)) {
      const limited = await wrongCode(locale);
      assert.equal(limited.statusCode, 429, locale);
      assert.match(String(limited.headers['content-type']), /^text\/html/, locale);
      assert.match(limited.body, new RegExp(`<html lang="${locale}"`));
      assert.match(limited.body, text, locale);
      const seconds = Number(limited.headers['retry-after']);
      assert.ok(seconds > 0 && seconds <= 15 * 60, `Retry-After ${limited.headers['retry-after']}`);
      assert.match(limited.body, new RegExp(`\\b${seconds}\\b`), 'the page says how long, as the header does');
    }
  });
});
