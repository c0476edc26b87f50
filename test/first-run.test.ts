// The first day: the first-run checklist on the staff dashboard (each module's items, done and not
// done as the real state changes), "what is still missing before the public sees this" on the
// organiser pages of a campaign and its actions, and quick exit on every kind of public page.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { seal } from '../src/components/testimony/crypto.ts';
import { ready } from '../src/components/testimony/crypto.ts';
import { mailSetupCheck } from '../src/core/mail/mail.setup.ts';
import { createMailService } from '../src/core/mail/mail.service.ts';
import type { SetupCheck } from '../src/core/modules/module.ts';
import { createSetupChecklist, mergeChecks } from '../src/core/setup/setup.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff, post, signIn, type Signed } from './helpers/staff.ts';
import { campaignInput } from './helpers/petitions.ts';
import { orgKey, personalKey } from './helpers/testimony.ts';

const QUICK_EXIT = 'https://weather.example/almaty';

/** The checklist as the dashboard shows it: item id → done. */
async function checklist(t: TestApp, who: Signed, lang = 'en'): Promise<Record<string, boolean>> {
  const res = await t.app.inject({ url: `/${lang}/admin`, headers: { cookie: who.cookie } });
  assert.equal(res.statusCode, 200);
  return Object.fromEntries(
    [...res.body.matchAll(/data-setup-item="([^"]+)" data-done="(\d)"/g)].map((m) => [m[1], m[2] === '1']),
  );
}

describe('the first-run checklist', () => {
  let t: TestApp;
  let admin: Signed;
  let adminKey: { publicKey: Uint8Array };
  before(async () => {
    t = await startTestApp({ seedIfEmpty: true, env: { QUICK_EXIT_URL: QUICK_EXIT } });
    admin = await signIn(t, (await createStaff(t.services, 'admin')).email);
  });
  after(() => t.close());

  test('out of the box every item is missing, in order, each with why it matters and where to do it', async () => {
    const res = await t.app.inject({ url: '/en/admin', headers: { cookie: admin.cookie } });
    const items = await checklist(t, admin);
    assert.deepEqual(Object.keys(items), [
      'testimony.personal_key',
      'testimony.org_key',
      'testimony.grants',
      'mail',
      'help',
      'appeal.officials',
      'backup',
    ]);
    assert.ok(Object.values(items).every((done) => !done));
    assert.match(res.body, /7 steps are still missing/);
    assert.match(res.body, /the testimony form cannot accept anything/);
    assert.match(res.body, /Right now survivors who open the testimony form are told/);
    assert.match(res.body, /SMTP_URL is not set/);
    assert.match(res.body, /Only the national numbers 111, 150, 112 and 102/);
    assert.match(res.body, /Scheduled backups are off: set DAUYS_BACKUP_PASSPHRASE/);
    assert.match(res.body, /href="\/en\/admin\/testimony-keys">Go to: The organisation key</);
    assert.match(res.body, /href="\/en\/admin\/help">Go to: Help directory</);
    assert.match(res.body, /href="\/en\/admin\/recipients">Go to: Officials for appeals</);
    for (const lang of ['kk', 'ru']) {
      const page = await t.app.inject({ url: `/${lang}/admin`, headers: { cookie: admin.cookie } });
      assert.doesNotMatch(page.body, /setup\.|testimony\.setup|\{count/, `${lang}: every string translated`);
    }
    assert.match(
      (await t.app.inject({ url: '/ru/admin', headers: { cookie: admin.cookie } })).body,
      /Осталось 7 шагов/,
    );
  });

  test('the key items turn done one by one, and a new caseworker makes the grants item missing again', async () => {
    adminKey = await personalKey(t, admin);
    let items = await checklist(t, admin);
    assert.equal(items['testimony.personal_key'], true);
    assert.equal(items['testimony.org_key'], false);

    const org = await orgKey(t, admin, adminKey);
    items = await checklist(t, admin);
    assert.equal(items['testimony.org_key'], true);
    // The admin is the only one who handles cases, and making the key granted it to her.
    assert.equal(items['testimony.grants'], true);

    const cwStaff = await createStaff(t.services, 'caseworker');
    items = await checklist(t, admin);
    assert.equal(items['testimony.grants'], false);
    let page = (await t.app.inject({ url: '/en/admin', headers: { cookie: admin.cookie } })).body;
    assert.match(
      page,
      /1 of 2 people who handle cases hold the organisation key\. 1 of them has not made a personal key yet/,
    );

    const caseworker = await signIn(t, cwStaff.email);
    const cwItems = await checklist(t, caseworker);
    assert.deepEqual(Object.keys(cwItems), ['testimony.personal_key', 'help'], 'a caseworker sees only her own items');
    const cwKey = await personalKey(t, caseworker);
    assert.equal((await checklist(t, caseworker))['testimony.personal_key'], true);
    page = (await t.app.inject({ url: '/en/admin', headers: { cookie: admin.cookie } })).body;
    assert.match(page, /1 of 2 people who handle cases hold the organisation key\.</);

    const s = await ready();
    const granted = await post(t, admin, '/en/admin/testimony-keys/grant', {
      user: cwStaff.id,
      sealed: seal(org.privateKey, cwKey.publicKey, s),
    });
    assert.equal(granted.statusCode, 303);
    items = await checklist(t, admin);
    assert.equal(items['testimony.grants'], true);
    page = (await t.app.inject({ url: '/en/admin', headers: { cookie: admin.cookie } })).body;
    // Done items fold away but stay in the list.
    assert.match(page, /<details><summary><span aria-hidden="true">✓ <\/span>The organisation key/);
  });

  test('the keys page numbers the three steps, says which are done, and explains whose passphrase it asks for', async () => {
    const res = await t.app.inject({ url: '/en/admin/testimony-keys', headers: { cookie: admin.cookie } });
    assert.equal(res.statusCode, 200);
    const steps = [...res.body.matchAll(/data-key-step="([^"]+)" data-done="(\d)"/g)].map((m) => `${m[1]}:${m[2]}`);
    assert.deepEqual(steps, ['personal:1', 'org:1', 'grants:1']);
    assert.match(res.body, /<label for="unlock-pass">Your own passphrase<\/label>/);
    assert.match(res.body, /The organisation key has no passphrase of its own/);
    assert.match(res.body, /data-pass-open hidden/, 'the "open in this tab" note waits for the script');

    const fresh = await signIn(t, (await createStaff(t.services, 'caseworker')).email);
    const theirs = await t.app.inject({ url: '/en/admin/testimony-keys', headers: { cookie: fresh.cookie } });
    const theirSteps = [...theirs.body.matchAll(/data-key-step="([^"]+)" data-done="(\d)"/g)].map(
      (m) => `${m[1]}:${m[2]}`,
    );
    assert.deepEqual(theirSteps, ['personal:0', 'org:1', 'grants:0']);
    assert.match(theirs.body, /An admin grants you the organisation key/);
  });

  test('help and officials items are done once staff add their own entries', async () => {
    const actor = (await t.services.accounts.listUsers()).find((u) => u.role === 'admin')!;
    await t.services.appeals.saveRecipient(
      null,
      {
        kind: 'person',
        body: 'senate',
        name_ru: 'Ахметова А.',
        region: 'KZ-71',
        lang_ru: 'on',
        email: 'akhmetova@senate.example',
        active: 'on',
      },
      actor,
    );
    const res = await post(t, admin, '/en/admin/help', {
      name_ru: 'Кризисный центр',
      kind: 'crisis_centre',
      region: 'KZ-75',
      phone: '+7 727 000 00 00',
      serves_women: 'on',
      needs_shelter: 'on',
      lang_ru: 'on',
      cost: 'free',
      status: 'published',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const items = await checklist(t, admin);
    assert.equal(items.help, true);
    assert.equal(items['appeal.officials'], true);
    assert.equal(items.mail, false);
    assert.equal(items.backup, false);
    const page = (await t.app.inject({ url: '/en/admin', headers: { cookie: admin.cookie } })).body;
    assert.match(page, /1 service of your own is listed besides the national numbers/);
    // Still missing: mail, backups, and the key for the caseworker added by the keys-page test.
    assert.match(page, /3 steps are still missing/);
  });
});

describe('the checklist machinery', () => {
  const item = (id: string, over: Partial<SetupCheck> = {}): SetupCheck => ({
    id,
    order: 1,
    titleKey: 't',
    whyKey: 'w',
    check: async () => ({ done: true }),
    ...over,
  });
  const admin = { id: 'a', email: 'a@x', name: 'A', role: 'admin' as const };

  test('two modules contributing one item id is a mistake found at start', async () => {
    assert.deepEqual(
      mergeChecks([item('b', { order: 2 }), item('a', { order: 1 })]).map((c) => c.id),
      ['a', 'b'],
    );
    assert.throws(
      () => mergeChecks([item('backup'), item('backup')]),
      /Two modules contribute the set-up item "backup"/,
    );
    const list = createSetupChecklist();
    list.register([item('backup', { check: async () => ({ done: true, noteKey: 'backup.last' }) })]);
    assert.deepEqual(await list.evaluate(admin), [
      { id: 'backup', titleKey: 't', whyKey: 'w', href: undefined, done: true, noteKey: 'backup.last' },
    ]);
  });

  test('an item that fails or is slow is shown as not checked, without holding up the others', async () => {
    const warned: string[] = [];
    const list = createSetupChecklist({ timeoutMs: 50, warn: (_m, e) => warned.push(JSON.stringify(e)) });
    list.register([
      item('slow', { order: 1, check: () => new Promise(() => {}) }),
      item('broken', { order: 2, check: async () => Promise.reject(new Error('boom')) }),
      item('fine', { order: 3 }),
      item('staff-only', { order: 4, anyOf: ['ledger.approve'] }),
    ]);
    const started = Date.now();
    const got = await list.evaluate({ ...admin, role: 'organiser' });
    assert.ok(Date.now() - started < 1000);
    assert.deepEqual(
      got.map((g) => [g.id, g.done, g.noteKey]),
      [
        ['slow', false, 'setup.state.unknown'],
        ['broken', false, 'setup.state.unknown'],
        ['fine', true, undefined],
      ],
    );
    assert.match(warned.join(), /broken.*boom/);
  });
});

describe('the mail item', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  let closed: Server;
  let smtpPort = 0;
  let closedPort = 0;
  before(async () => {
    t = await startTestApp();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData: (s, _x, cb) => s.resume().on('end', cb),
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    smtpPort = (smtp.server.address() as { port: number }).port;
    // A port that refuses: bound, then closed again.
    closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    closedPort = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
  });
  after(async () => {
    await new Promise<void>((r) => smtp.close(() => r()));
    await t.close();
  });

  const mailWith = (url: string | null) =>
    createMailService({ db: t.services.db, secret: t.config.secret, smtpUrl: url, from: 'Dauys <a@b.example>' });
  const admin = { id: 'a', email: 'a@x', name: 'A', role: 'admin' as const };

  test('without SMTP_URL it is not done: mail stays in the outbox', async () => {
    assert.deepEqual(await mailSetupCheck(mailWith(null)).check(admin), { done: false, noteKey: 'mail.setup.outbox' });
  });

  test('with a server that answers it is done once the background check has run', async () => {
    const mail = mailWith(`smtp://127.0.0.1:${smtpPort}`);
    const first = await mailSetupCheck(mail).check(admin);
    assert.deepEqual(first, { done: false, noteKey: 'mail.setup.checking' }, 'the first look only starts the check');
    await mail.probe();
    assert.deepEqual(await mailSetupCheck(mail).check(admin), { done: true, noteKey: 'mail.setup.ok' });
    await mail.stop();
  });

  test('with a server that does not answer it is not done and says why, without the password', async () => {
    const mail = mailWith(`smtp://user:secret-pass@127.0.0.1:${closedPort}`);
    await mail.probe();
    const state = await mailSetupCheck(mail).check(admin);
    assert.equal(state.done, false);
    assert.equal(state.noteKey, 'mail.setup.unreachable');
    assert.match(String(state.values?.error), /ECONNREFUSED|ECONNECTION/);
    assert.doesNotMatch(String(state.values?.error), /secret-pass/);
    await mail.stop();
  });
});

describe('before the public sees this', () => {
  let t: TestApp;
  let organiser: Signed;
  let moderator: Signed;
  let campaignId = '';
  let slug = '';
  before(async () => {
    t = await startTestApp();
    const org = await createStaff(t.services, 'organiser');
    organiser = await signIn(t, org.email);
    moderator = await signIn(t, (await createStaff(t.services, 'moderator')).email);
    slug = 'first-day';
    campaignId = (await t.services.campaigns.create(campaignInput(slug, 'First day'), org)).id;
  });
  after(() => t.close());

  const missing = (html: string) => [...html.matchAll(/data-missing="([^"]+)"/g)].map((m) => m[1]);
  const page = async (url: string, who: Signed = organiser) =>
    (await t.app.inject({ url, headers: { cookie: who.cookie } })).body;

  test('a petition: each of its steps is listed until done, then it is live with its public link', async () => {
    const added = await post(t, organiser, `/en/admin/campaigns/${campaignId}/components`, {
      _type: 'petition',
      title_en: 'Stop it',
      text_en: 'The text.',
      addressee_en: 'The Senate',
      goal: '1000',
      official_platform: 'none',
    });
    assert.equal(added.statusCode, 303);
    const id = String(added.headers.location).split('/').pop()!;
    const form = `/en/admin/components/${id}`;

    let html = await page(form);
    assert.deepEqual(missing(html), ['campaign', 'petition.moderation', 'petition.approval']);
    assert.match(html, /The public does not see it yet\. 3 steps are still missing/);
    assert.match(html, /Approve the petition in moderation[^<]*<\/a> \(needs a moderator or an admin\)/);
    assert.match(html, new RegExp(`href="/en/admin/campaigns/${campaignId}">Publish the campaign</a>`));
    assert.match(html, new RegExp(`href="/en/admin/petitions/${id}">Send the petition to moderation</a>`));
    assert.deepEqual(missing(await page(`/en/admin/campaigns/${campaignId}`)), missing(html), 'the campaign page too');
    assert.equal((await t.app.inject(`/en/petitions/${id}`)).statusCode, 404);

    assert.equal(
      (await post(t, organiser, `/en/admin/campaigns/${campaignId}/status`, { status: 'live' })).statusCode,
      303,
    );
    assert.deepEqual(missing(await page(form)), ['petition.moderation', 'petition.approval']);

    assert.equal((await post(t, organiser, `/en/admin/petitions/${id}/state`, { to: 'moderation' })).statusCode, 303);
    html = await page(form);
    assert.deepEqual(missing(html), ['petition.approval']);
    assert.match(html, /Already done: Publish the campaign; Send the petition to moderation\./);

    assert.equal((await post(t, moderator, `/en/admin/petitions/${id}/state`, { to: 'open' })).statusCode, 303);
    html = await page(form);
    assert.deepEqual(missing(html), []);
    assert.match(
      html,
      new RegExp(`It is live: the public sees it at <a href="/en/petitions/${id}">/en/petitions/${id}</a>`),
    );
    assert.equal((await t.app.inject(`/en/petitions/${id}`)).statusCode, 200);

    // Hidden again by hand: visibility is a step of its own now.
    const hidden = await post(t, organiser, form, {
      title_en: 'Stop it',
      text_en: 'The text.',
      addressee_en: 'The Senate',
      goal: '1000',
      official_platform: 'none',
      _status: 'draft',
    });
    assert.equal(hidden.statusCode, 303);
    assert.deepEqual(missing(await page(form)), ['visibility']);
    for (const lang of ['kk', 'ru']) {
      const other = await page(`/${lang}/admin/components/${id}`);
      assert.doesNotMatch(other, /golive\./, `${lang}: translated`);
    }
  });

  test('an appeal and a call for testimonies: visibility, and the organisation key an admin makes', async () => {
    const appeal = await post(t, organiser, `/en/admin/campaigns/${campaignId}/components`, {
      _type: 'appeal',
      subject_en: 'Write to the Senate',
      template_en: 'Dear Senator, [[your words]]',
      target_mode: 'body',
      target_body: 'senate',
    });
    assert.equal(appeal.statusCode, 303, appeal.body.slice(0, 300));
    const appealId = String(appeal.headers.location).split('/').pop()!;
    assert.deepEqual(missing(await page(`/en/admin/components/${appealId}`)), ['visibility']);
    await t.services.campaigns.updateComponent(
      appealId,
      (await t.services.campaigns.getComponent(appealId)).settings,
      'published',
      { system: 'test' },
    );
    assert.match(await page(`/en/admin/components/${appealId}`), new RegExp(`href="/en/appeals/${appealId}"`));

    const call = await post(t, organiser, `/en/admin/campaigns/${campaignId}/components`, {
      _type: 'testimony',
      call_en: 'Tell us',
      _status: 'published',
    });
    assert.equal(call.statusCode, 303);
    const callId = String(call.headers.location).split('/').pop()!;
    const html = await page(`/en/admin/components/${callId}`);
    assert.deepEqual(missing(html), ['visibility', 'testimony.org_key']);
    assert.match(html, /Make the organisation key[^<]*<\/a> \(needs an admin\)/);
  });
});

describe('quick exit', () => {
  let t: TestApp;
  let admin: Signed;
  before(async () => {
    t = await startTestApp({ seedIfEmpty: true, env: { QUICK_EXIT_URL: QUICK_EXIT } });
    admin = await signIn(t, (await createStaff(t.services, 'admin')).email);
  });
  after(() => t.close());

  test('every kind of public page has it, as a plain link that works without JavaScript', async () => {
    const petition = (
      await t.services.campaigns.components((await t.services.campaigns.getBySlug('petition-2020')).id)
    ).find((c) => c.type === 'petition');
    const paths = [
      '/',
      '/about',
      '/campaigns',
      '/campaigns/changethelaw',
      ...(petition ? [`/petitions/${petition.id}`] : []),
      '/tell',
      '/tell/statistics',
      '/stories',
      '/help',
      '/observatory',
      '/observatory/timeline',
      '/ledger',
      '/no-such-page',
    ];
    assert.ok(petition, 'the reference data has a petition');
    for (const lang of ['kk', 'ru', 'en'])
      for (const path of paths) {
        const res = await t.app.inject(`/${lang}${path === '/' ? '/' : path}`);
        assert.ok([200, 404].includes(res.statusCode), `${path}: ${res.statusCode}`);
        assert.match(
          res.body,
          new RegExp(
            `<nav class="quick-exit-bar"[^>]*><a class="quick-exit" href="${QUICK_EXIT}" data-quick-exit rel="noreferrer">`,
          ),
          `${lang}${path}`,
        );
      }
  });

  test('search engines still index public pages other than the survivor-facing ones', async () => {
    assert.doesNotMatch((await t.app.inject('/en/campaigns')).body, /name="robots"/);
    assert.match((await t.app.inject('/en/help')).body, /name="robots" content="noindex, nofollow"/);
  });

  test('staff pages leave it out', async () => {
    for (const url of ['/en/admin', '/en/admin/login', '/en/admin/testimony-keys']) {
      const res = await t.app.inject({ url, headers: url.endsWith('login') ? {} : { cookie: admin.cookie } });
      assert.equal(res.statusCode, 200, url);
      assert.doesNotMatch(res.body, /class="quick-exit"/, url);
    }
  });
});
