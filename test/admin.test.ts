// Staff accounts and campaign editing through the real forms.
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { totpAt } from '../src/core/accounts/credentials.ts';
import { csrfFrom, form, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff, PASSWORD, post, signIn, type Signed } from './helpers/staff.ts';

const campaignForm = (over: Record<string, string> = {}) => ({
  slug: 'qyz-qorgany',
  title_kk: 'Қыз қорғаны',
  title_ru: 'Защита девушек',
  title_en: 'Protect girls',
  summary_kk: 'Қысқаша',
  summary_ru: 'Кратко',
  summary_en: 'Short',
  body_en: 'Some **bold** text.',
  hashtags: '#ҚызҚорғаны #ЗащитаДевушек #ProtectGirls',
  starts_on: '2026-11',
  ...over,
});

describe('staff area', () => {
  let t: TestApp;
  let admin: Signed;
  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
    const a = await createStaff(t.services, 'admin', 'admin@dauys.test');
    admin = await signIn(t, a.email);
  });
  after(() => t.close());

  test('the staff area asks visitors to sign in', async () => {
    const res = await t.app.inject('/kk/admin');
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/kk\/admin\/login\?next=/);
  });

  test('admins must enrol in two-factor and then pass it at every sign-in', async () => {
    assert.ok(admin.totpSecret, 'enrolment happened at first sign-in');
    const again = await signIn(t, 'admin@dauys.test', { totpSecret: admin.totpSecret });
    assert.ok(again.cookie);
    const users = await t.services.accounts.listUsers();
    assert.equal(users.find((u) => u.email === 'admin@dauys.test')?.totpEnabled, true);
  });

  test('a password-only session cannot reach admin pages before the second factor', async () => {
    const page = await t.app.inject('/en/admin/login');
    const res = await t.app.inject({
      method: 'POST',
      url: '/en/admin/login',
      ...form({ email: 'admin@dauys.test', password: PASSWORD, _csrf: csrfFrom(page.body) }),
    });
    assert.equal(res.headers.location, '/en/admin/login/verify');
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    const blocked = await t.app.inject({ url: '/en/admin/users', headers: { cookie } });
    assert.equal(blocked.statusCode, 303);
    assert.equal(blocked.headers.location, '/en/admin/login/verify');
    const verify = await t.app.inject({ url: '/en/admin/login/verify', headers: { cookie } });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/en/admin/login/verify',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `code=000000&_csrf=${encodeURIComponent(csrfFrom(verify.body))}`,
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /not correct/);
  });

  test('a TOTP code cannot be replayed', async () => {
    assert.equal(await t.services.accounts.loadSession(undefined), null);
    const user = await createStaff(t.services, 'caseworker', 'replay@dauys.test');
    const first = await t.services.accounts.login(user.email, PASSWORD);
    assert.equal(first.status === 'ok' && first.next, 'setup-second-factor');
    const enrolling = (await t.services.accounts.loadSession((first as { token: string }).token))!;
    const { secret } = await t.services.accounts.beginTotpSetup(enrolling);
    assert.ok(await t.services.accounts.confirmTotpSetup(enrolling, totpAt(secret, Date.now() - 30_000)));
    const code = totpAt(secret, Date.now());
    const login = async () => {
      const r = await t.services.accounts.login(user.email, PASSWORD);
      assert.equal(r.status, 'ok');
      return (await t.services.accounts.loadSession((r as { token: string }).token))!;
    };
    assert.equal(await t.services.accounts.verifySecondFactor(await login(), code), true);
    assert.equal(await t.services.accounts.verifySecondFactor(await login(), code), false);
  });

  test('wrong passwords lock the account after five tries, without revealing which emails exist', async () => {
    await createStaff(t.services, 'analyst', 'locked@dauys.test');
    for (let i = 0; i < 5; i++)
      assert.equal((await t.services.accounts.login('locked@dauys.test', 'wrong password!')).status, 'invalid');
    assert.equal((await t.services.accounts.login('locked@dauys.test', PASSWORD)).status, 'locked');
    assert.equal((await t.services.accounts.login('nobody@dauys.test', PASSWORD)).status, 'invalid');
  });

  test('forms without a valid CSRF token, or posted from another site, are refused', async () => {
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/en/admin/campaigns',
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(campaignForm()).toString(),
    });
    assert.equal(noToken.statusCode, 403);
    const crossSite = await t.app.inject({
      method: 'POST',
      url: '/en/admin/campaigns',
      headers: {
        cookie: admin.cookie,
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'cross-site',
      },
      payload: new URLSearchParams({ ...campaignForm(), _csrf: admin.csrf }).toString(),
    });
    assert.equal(crossSite.statusCode, 403);
    const foreignOrigin = await t.app.inject({
      method: 'POST',
      url: '/en/admin/campaigns',
      headers: {
        cookie: admin.cookie,
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      payload: new URLSearchParams({ ...campaignForm(), _csrf: admin.csrf }).toString(),
    });
    assert.equal(foreignOrigin.statusCode, 403);
    assert.match(crossSite.body, /expired or came from another site/);
  });

  test('an anonymous token from the sign-in page is refused alongside a staff cookie, and nothing changes', async () => {
    const anonymous = csrfFrom((await t.app.inject('/en/admin/login')).body);
    const post = (url: string, values: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...values, _csrf: anonymous }).toString(),
      });
    const campaign = await post('/en/admin/campaigns', campaignForm({ slug: 'csrf-anonymous' }));
    assert.equal(campaign.statusCode, 403);
    assert.match(campaign.body, /expired or came from another site/);
    const user = await post('/en/admin/users', {
      email: 'planted@dauys.test',
      name: 'Planted',
      role: 'admin',
      password: 'a long enough password',
    });
    assert.equal(user.statusCode, 403);
    assert.equal(
      await t.services.db.selectFrom('campaigns').select('id').where('slug', '=', 'csrf-anonymous').executeTakeFirst(),
      undefined,
    );
    assert.equal(
      (await t.services.accounts.listUsers()).some((u) => u.email === 'planted@dauys.test'),
      false,
    );
  });

  test('an invalid campaign form comes back with messages and everything typed kept', async () => {
    const res = await post(
      t,
      admin,
      '/ru/admin/campaigns',
      campaignForm({ slug: 'Bad Slug!', ends_on: '2020-01', body_kk: 'Менің мәтінім <b>сақталады</b>' }),
    );
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<html lang="ru"/);
    assert.match(res.body, /id="error-summary"/);
    assert.match(res.body, /value="Bad Slug!"/);
    assert.match(res.body, /Менің мәтінім &lt;b>сақталады&lt;\/b>|Менің мәтінім &lt;b&gt;сақталады&lt;\/b&gt;/);
    assert.match(res.body, /value="Защита девушек"/);
    assert.match(res.body, /aria-invalid="true"/);
  });

  test('create → edit → preview → publish, with the audit log recording each step', async () => {
    const created = await post(t, admin, '/en/admin/campaigns', campaignForm());
    assert.equal(created.statusCode, 303);
    const editUrl = String(created.headers.location).split('?')[0];
    const id = editUrl.split('/').pop()!;

    assert.equal((await t.app.inject('/en/campaigns/qyz-qorgany')).statusCode, 404, 'drafts are not public');
    const preview = await t.app.inject({ url: `/en/admin/campaigns/${id}/preview`, headers: { cookie: admin.cookie } });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /Protect girls/);
    assert.match(preview.body, /<strong>bold<\/strong>/);

    const edit = await t.app.inject({ url: editUrl, headers: { cookie: admin.cookie } });
    assert.match(edit.body, /name="version" value="1"/);
    const saved = await post(t, admin, editUrl, { ...campaignForm({ title_en: 'Protect girls now' }), version: '1' });
    assert.equal(saved.statusCode, 303);
    const stale = await post(t, admin, editUrl, { ...campaignForm({ title_en: 'Lost update' }), version: '1' });
    assert.equal(stale.statusCode, 409, 'a stale version is refused');
    assert.match(stale.body, /value="Lost update"/, 'and the typed text is kept');

    const published = await post(t, admin, `/en/admin/campaigns/${id}/status`, { status: 'live' });
    assert.equal(published.statusCode, 303);
    const page = await t.app.inject('/kk/campaigns/qyz-qorgany');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Қыз қорғаны/);
    assert.match(page.body, /#ҚызҚорғаны/);

    const search = await t.app.inject('/en/campaigns?q=' + encodeURIComponent('кыз корганы'));
    assert.match(search.body, /qyz-qorgany/);

    const actions = (await t.services.audit.list({ subjectId: id })).map((e) => e.action).sort();
    assert.deepEqual(actions, ['campaign.create', 'campaign.status', 'campaign.update']);
    const auditPage = await t.app.inject({ url: '/en/admin/audit', headers: { cookie: admin.cookie } });
    assert.match(auditPage.body, /campaign\.status/);
  });

  test('publishing refuses a campaign missing a language, and says which', async () => {
    const created = await post(
      t,
      admin,
      '/en/admin/campaigns',
      campaignForm({ slug: 'only-english', title_kk: '', title_ru: '', summary_kk: '', summary_ru: '' }),
    );
    const id = String(created.headers.location).split('?')[0].split('/').pop()!;
    const res = await post(t, admin, `/en/admin/campaigns/${id}/status`, { status: 'live' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Needed in this language/);
    assert.equal((await t.services.campaigns.getById(id)).status, 'draft');
  });

  test('organisers edit their own campaigns only; analysts cannot edit at all', async () => {
    const org = await createStaff(t.services, 'organiser');
    const s = await signIn(t, org.email);
    const own = await post(t, s, '/en/admin/campaigns', campaignForm({ slug: 'organiser-own' }));
    assert.equal(own.statusCode, 303);
    const reference = await t.services.campaigns.getBySlug('nemolchi');
    const other = await t.app.inject({ url: `/en/admin/campaigns/${reference.id}`, headers: { cookie: s.cookie } });
    assert.equal(other.statusCode, 403);
    const users = await t.app.inject({ url: '/en/admin/users', headers: { cookie: s.cookie } });
    assert.equal(users.statusCode, 403);

    const analyst = await signIn(t, (await createStaff(t.services, 'analyst')).email);
    const create = await post(t, analyst, '/en/admin/campaigns', campaignForm({ slug: 'analyst-try' }));
    assert.equal(create.statusCode, 403);
  });

  test('admins create staff accounts from the users page, with validation', async () => {
    const bad = await post(t, admin, '/en/admin/users', {
      email: 'not-an-email',
      name: 'X',
      role: 'admin',
      password: 'short',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="not-an-email"/);
    const ok = await post(t, admin, '/en/admin/users', {
      email: 'Moderator@Dauys.test',
      name: 'Mod',
      role: 'moderator',
      password: 'a long enough password',
    });
    assert.equal(ok.statusCode, 303);
    assert.ok(
      (await t.services.accounts.listUsers()).some((u) => u.email === 'moderator@dauys.test' && u.role === 'moderator'),
    );
  });

  test('the audit log is append-only at the database level', async () => {
    await assert.rejects(sql`UPDATE audit_log SET action = 'x'`.execute(t.services.db));
    await assert.rejects(sql`DELETE FROM audit_log`.execute(t.services.db));
    assert.ok((await t.services.audit.list()).length > 0);
  });

  test('signing out ends the session', async () => {
    const s = await signIn(t, (await createStaff(t.services, 'moderator')).email);
    const out = await post(t, s, '/en/admin/logout', {});
    assert.equal(out.statusCode, 303);
    const after = await t.app.inject({ url: '/en/admin', headers: { cookie: s.cookie } });
    assert.equal(after.statusCode, 303);
    assert.match(String(after.headers.location), /\/en\/admin\/login/);
  });
});

describe('reference data and staff edits', () => {
  test('reloading the reference dataset never overwrites a campaign staff have edited', async () => {
    const t = await startTestApp({ seedIfEmpty: true });
    try {
      const s = await signIn(t, (await createStaff(t.services, 'admin')).email);
      const c = await t.services.campaigns.getBySlug('nemolchi');
      const edit = await t.app.inject({ url: `/en/admin/campaigns/${c.id}`, headers: { cookie: s.cookie } });
      const values = Object.fromEntries(
        [...edit.body.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [
          m[1],
          m[2].replace(/&quot;/g, '"').replace(/&amp;/g, '&'),
        ]),
      );
      const saved = await post(t, s, `/en/admin/campaigns/${c.id}`, {
        ...values,
        title_en: 'Edited by staff',
        summary_en: 'Kept',
        summary_kk: 'Сақталады',
        summary_ru: 'Сохраняется',
      });
      assert.equal(saved.statusCode, 303);
      const summary = await t.services.reference.load();
      assert.equal(summary.campaigns.updated, 0);
      assert.equal((await t.services.campaigns.getBySlug('nemolchi')).title.en, 'Edited by staff');
    } finally {
      await t.close();
    }
  });
});
