// Signing in under attack: the second factor's rate limit, the lockout against parallel and
// distributed guessing, trusted browsers, per-client limits for IPv6, two-step enrolment.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cookieFrom, csrfFrom, form, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff, PASSWORD, signIn } from './helpers/staff.ts';

describe('signing in', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  /** Posts the sign-in form as a browser at `ip` would (a fresh form each time, like a real page load). */
  async function attempt(email: string, password: string, opts: { ip?: string; cookie?: string; locale?: string } = {}) {
    const locale = opts.locale ?? 'en';
    const headers = opts.cookie ? { cookie: opts.cookie } : {};
    const page = await t.app.inject({ url: `/${locale}/admin/login`, remoteAddress: opts.ip, headers });
    const body = form({ email, password, _csrf: csrfFrom(page.body) });
    return t.app.inject({ method: 'POST', url: `/${locale}/admin/login`, remoteAddress: opts.ip, payload: body.payload, headers: { ...body.headers, ...headers } });
  }

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
      return t.app.inject({ method: 'POST', url: `/${locale}/admin/login/verify`, payload: body.payload, headers: { ...body.headers, cookie } });
    };
    for (let i = 0; i < 10; i++) assert.equal((await wrongCode('en')).statusCode, 400, `code ${i + 1}`);
    const expected = { en: /Too many wrong codes\. Wait \d+ seconds/, ru: /Слишком много неверных кодов\. Подождите \d+ сек\./, kk: /Тым көп қате код енгізілді\. \d+ секунд күтіп/ };
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
