// The petition component end to end through app.inject(): life cycle, signing with every
// integrity layer, confirmation by POST, batched counts and the count API, withdrawal, bulk
// invalidation, exports, reports, reconciliation and anonymisation — on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { solveChallenge } from 'altcha-lib/v1';
import { createLinkTokens } from '../src/core/privacy/link-tokens.ts';
import { csrfFrom, form, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff, post, signIn, type Signed } from './helpers/staff.ts';

const SECRET = 'test-secret-test-secret-test-secret-0123456789';

describe('petitions', () => {
  let t: TestApp;
  let organiser: Signed;
  let moderator: Signed;
  let admin: Signed;
  let campaignId: string;
  let pid: string;
  let ipCounter = 1;
  const nextIp = () => `10.${(ipCounter >> 8) & 255}.${ipCounter++ & 255}.7`;

  async function signPage(locale = 'en') {
    const page = await t.app.inject(`/${locale}/petitions/${pid}`);
    assert.equal(page.statusCode, 200);
    return page;
  }

  async function sign(values: Record<string, string>, opts: { ip?: string; locale?: string } = {}) {
    const page = await signPage(opts.locale);
    return t.app.inject({
      method: 'POST',
      url: `/${opts.locale ?? 'en'}/petitions/${pid}/sign`,
      remoteAddress: opts.ip ?? nextIp(),
      ...form({ _csrf: csrfFrom(page.body), region: 'KZ-75', ...values }),
    });
  }

  async function latestMailTo(address: string) {
    const mails = await t.services.mail.outbox(500);
    return mails.find((m) => m.to === address);
  }

  const linkIn = (text: string, kind: 'confirm' | 'withdraw') => {
    const m = new RegExp(`http://[^\\s]+(/[a-z]{2}/petitions/${kind}/[^\\s]+)`).exec(text);
    assert.ok(m, `no ${kind} link in mail`);
    return m[1];
  };

  async function confirmVia(path: string) {
    const page = await t.app.inject(path);
    assert.equal(page.statusCode, 200);
    return t.app.inject({ method: 'POST', url: path, ...form({ _csrf: csrfFrom(page.body) }) });
  }

  async function settle() {
    await t.services.petitions.flush();
    await t.services.petitions.tick();
  }

  async function publicCount(): Promise<number> {
    const res = await t.app.inject(`/api/v1/petitions/${pid}/count`);
    assert.equal(res.statusCode, 200);
    return res.json().total;
  }

  before(async () => {
    t = await startTestApp({ seedIfEmpty: true, env: { PETITION_POW_MAX_NUMBER: '500' } });
    const org = await createStaff(t.services, 'organiser');
    organiser = await signIn(t, org.email);
    moderator = await signIn(t, (await createStaff(t.services, 'moderator')).email);
    admin = await signIn(t, (await createStaff(t.services, 'admin')).email);
    const created = await post(t, organiser, '/en/admin/campaigns', {
      slug: 'stop-femicide',
      title_en: 'Stop femicide',
      title_ru: 'Остановить фемицид',
      title_kk: 'Фемицидті тоқтатыңдар',
      summary_en: 'A petition campaign',
      summary_ru: 'Кампания с петицией',
      summary_kk: 'Петициясы бар науқан',
      body_en: 'Body',
      organiser_en: 'Test NGO',
      starts_on: '2026-11-01',
    });
    assert.equal(created.statusCode, 303, created.body.slice(0, 300));
    campaignId = String(created.headers.location).split('/').pop()!.split('?')[0];
    const live = await post(t, organiser, `/en/admin/campaigns/${campaignId}/status`, { status: 'live' });
    assert.equal(live.statusCode, 303);
  });
  after(() => t.close());

  test('historical petitions from the seeds are closed, with their external counts and sources', async () => {
    const [component] = await t.services.campaigns.components(
      (await t.services.campaigns.getBySlug('petition-2020')).id,
      { publishedOnly: true },
    );
    assert.equal(component.type, 'petition');
    const page = await t.app.inject(`/en/petitions/${component.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /More than 130,000 signatures/);
    assert.match(page.body, /Closed/);
    assert.ok(!page.body.includes('name="email"'), 'no sign form on a closed petition');
    const campaignPage = await t.app.inject('/kk/campaigns/petition-2021');
    assert.match(campaignPage.body, /150\s000-нан астам қол/);
    assert.match((await t.app.inject(`/ru/petitions/${component.id}`)).body, /PONARS Eurasia/);
    const again = await t.services.reference.load();
    assert.deepEqual(again.petitions, { created: 0, updated: 0, unchanged: 2 }, 'loading twice changes nothing');
  });

  test('an organiser creates a petition; it stays hidden until a moderator opens it', async () => {
    const res = await post(t, organiser, `/en/admin/campaigns/${campaignId}/components`, {
      _type: 'petition',
      title_en: 'Criminalise stalking',
      title_kk: 'Аңдуды қылмыс деп танысын',
      addressee_en: 'The Majilis',
      text_en: 'We ask the **Majilis** to act.',
      goal: '3',
      milestones: '2',
      official_platform: 'epetition',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    pid = String(res.headers.location).split('/').pop()!;
    assert.equal((await t.app.inject(`/en/petitions/${pid}`)).statusCode, 404, 'drafts are not public');

    const manage = await t.app.inject({ url: `/en/admin/components/${pid}`, headers: { cookie: organiser.cookie } });
    assert.match(
      manage.body,
      new RegExp(`href="/en/admin/petitions/${pid}"`),
      'the generic form links to the petition page',
    );
    const adminPage = await t.app.inject({ url: `/en/admin/petitions/${pid}`, headers: { cookie: organiser.cookie } });
    assert.equal(adminPage.statusCode, 200);
    assert.ok(!adminPage.body.includes('value="open"'), 'organisers cannot approve');
    assert.equal((await post(t, organiser, `/en/admin/petitions/${pid}/state`, { to: 'open' })).statusCode, 403);
    assert.equal((await post(t, organiser, `/en/admin/petitions/${pid}/state`, { to: 'moderation' })).statusCode, 303);

    const reject = await post(t, moderator, `/en/admin/petitions/${pid}/state`, { to: 'rejected', reason: 'short' });
    assert.equal(reject.statusCode, 400, 'a rejection needs a real reason');
    assert.equal((await post(t, moderator, `/en/admin/petitions/${pid}/state`, { to: 'open' })).statusCode, 303);
    const page = await signPage();
    assert.match(page.body, /Criminalise stalking/);
    assert.match(page.body, /<strong>Majilis<\/strong>/, 'Markdown text');
    assert.match(page.body, /eGov digital signature/, 'explains the official e-petition');
    assert.match(page.body, /data-pow="\/api\/v1\/petitions\/challenge"/);
    assert.ok(!/\sstyle="/.test(page.body));
    const campaignPage = await t.app.inject('/en/campaigns/stop-femicide');
    assert.match(campaignPage.body, new RegExp(`href="/en/petitions/${pid}"`), 'opening publishes the block');
    assert.ok((await t.services.audit.list({ action: 'petition.state' })).length >= 2);
  });

  test('once open, the words people sign are locked; the goal and deadline can still change', async () => {
    const manage = await t.app.inject({ url: `/en/admin/components/${pid}`, headers: { cookie: organiser.cookie } });
    assert.match(manage.body, /<textarea id="f-text_en" name="text_en"[^>]* readonly/, 'the text is shown read-only');
    assert.match(manage.body, /people sign exactly these words/);
    const before = (await t.services.campaigns.getComponent(pid)).settings as {
      text: Record<string, string>;
      goal: number;
    };
    const values = {
      _type: 'petition',
      _status: 'published',
      title_en: 'Criminalise stalking',
      title_kk: 'Аңдуды қылмыс деп танысын',
      addressee_en: 'The Majilis',
      text_en: 'We ask the **Majilis** to act.',
      milestones: '2',
      official_platform: 'epetition',
    };
    const edited = await post(t, organiser, `/ru/admin/components/${pid}`, {
      ...values,
      goal: '3',
      text_en: 'We ask the Senate instead.',
    });
    assert.equal(edited.statusCode, 400);
    assert.match(edited.body, /люди подписывают именно этот текст/, 'the refusal is in the reader’s language');
    const added = await post(t, organiser, `/en/admin/components/${pid}`, {
      ...values,
      goal: '3',
      title_ru: 'Новый заголовок',
    });
    assert.equal(added.statusCode, 400, 'adding a translation is a change too');
    assert.deepEqual(
      (await t.services.campaigns.getComponent(pid)).settings.text,
      before.text,
      'nothing stored changed',
    );
    const raised = await post(t, organiser, `/en/admin/components/${pid}`, { ...values, goal: '4' });
    assert.equal(raised.statusCode, 303, raised.body.slice(0, 300));
    const back = await post(t, organiser, `/en/admin/components/${pid}`, { ...values, goal: '3' });
    assert.equal(back.statusCode, 303);
  });

  test('sign → check your email → confirm by POST → counted after one batch', async () => {
    const res = await sign(
      { name: 'Айгүл Нұрланқызы', email: 'Ai.Gul+x@gmail.com', show_name: 'on', updates: 'on' },
      { locale: 'kk' },
    );
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/kk/petitions/${pid}/check-email`);
    await settle();
    assert.equal(await publicCount(), 0, 'unconfirmed signatures do not count');

    const mail = await latestMailTo('Ai.Gul+x@gmail.com');
    assert.ok(mail, 'confirmation mail queued');
    assert.match(mail.subject, /Қолыңызды растаңыз/);
    const confirm = linkIn(mail.text, 'confirm');
    const getOnly = await t.app.inject(confirm);
    assert.equal(getOnly.statusCode, 200);
    assert.match(getOnly.body, /<form method="post"/, 'the link opens a page with a button');
    assert.equal(getOnly.headers['cache-control'], 'no-store');
    await settle();
    assert.equal(await publicCount(), 0, 'opening the link (as a mail scanner would) confirms nothing');

    const done = await confirmVia(confirm);
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/kk/petitions/${pid}/confirmed`);
    await settle();
    const api = await t.app.inject(`/api/v1/petitions/${pid}/count`);
    assert.deepEqual(
      { ...(api.json() as object), updated_at: null },
      { id: pid, total: 1, offline: 0, goal: 3, by_region: { 'KZ-75': 1 }, updated_at: null },
    );
    assert.match(String(api.headers['cache-control']), /public, max-age=5, stale-while-revalidate=30/);
    assert.equal(
      (
        await t.app.inject({
          url: `/api/v1/petitions/${pid}/count`,
          headers: { 'if-none-match': String(api.headers.etag) },
        })
      ).statusCode,
      304,
    );
    const page = await signPage();
    assert.match(page.body, /Айгүл Н\./, 'opted-in signer shown as first name and initial');
    assert.ok(!page.body.includes('Нұрланқызы'));
    assert.match(
      page.body,
      /<figure class="region-map" id="petition-map"/,
      'counts by region on the shared region map',
    );
    assert.match(page.body, /<th scope="row">Almaty \(city\)<\/th><td[^>]*>1</, 'and in its table');

    const replay = await t.app.inject({
      method: 'POST',
      url: confirm,
      ...form({ _csrf: t.services.csrf.tokenFor(null) }),
    });
    assert.equal(replay.statusCode, 200, 'a replayed link gets a clear page');
    assert.match(replay.body, /Already confirmed|бұрын расталған/);
    await settle();
    assert.equal(await publicCount(), 1, 'and is not double-counted');
  });

  test('duplicates by normalised email get the same neutral page and one row', async () => {
    const res = await sign({ name: 'Someone Else', email: 'aigul@googlemail.com' });
    assert.equal(res.statusCode, 303);
    assert.equal(
      res.headers.location,
      `/en/petitions/${pid}/check-email`,
      'nothing reveals that the address had signed',
    );
    await settle();
    const tally = await t.services.petitions.tally(pid);
    assert.equal(tally.confirmed + tally.pending, 1);
    const mail = await latestMailTo('aigul@googlemail.com');
    assert.match(mail!.subject, /already signed/, 'only the mailbox owner learns it, by mail');
  });

  test('bad input gets clear errors in the reader’s language, with what was typed kept', async () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ name: 'Ok Name', email: 'not-an-email' }, 'email', /value="not-an-email"/],
      [{ name: '=HYPERLINK("http://x")', email: 'a@ngo.kz' }, 'name', /cannot start with/],
      [{ name: 'Visit www.spam.com', email: 'a@ngo.kz' }, 'name', /web address/],
      [{ name: 'x'.repeat(120), email: 'a@ngo.kz' }, 'name', /too long|Too long/i],
      [{ name: 'Bad\u0007Name', email: 'a@ngo.kz' }, 'name', /not allowed/i],
      [{ name: 'Ok Name', email: 'a@ngo.kz', region: 'KZ-99' }, 'region', /id="e-region"/],
      [{ name: 'Ok Name', email: 'a@ngo.kz', region: '' }, 'region', /Outside Kazakhstan/],
    ];
    for (const [values, field, re] of cases) {
      const res = await sign(values);
      assert.equal(res.statusCode, 400, JSON.stringify(values));
      assert.match(res.body, new RegExp(`id="e-${field}"`), JSON.stringify(values));
      assert.match(res.body, re, JSON.stringify(values));
      assert.equal(res.headers['cache-control'], 'no-store');
    }
    const ru = await sign({ name: 'Ok', email: 'nope' }, { locale: 'ru' });
    assert.match(ru.body, /адрес/i);
    await settle();
    assert.equal((await t.services.petitions.tally(pid)).pending, 0, 'nothing stored');
  });

  test('the sign form marks every field it requires and explains the mark; a skipped region comes back at the top, in each language', async () => {
    for (const locale of ['kk', 'ru', 'en'] as const) {
      const { body } = await signPage(locale);
      const marker = t.services.i18n.t(locale, 'form.required');
      for (const field of ['name', 'email', 'region']) {
        assert.match(
          body,
          new RegExp(`<label for="f-${field}">[^<]*<span class="req"> \\(${marker}\\)</span>`),
          `${locale}: ${field} marked`,
        );
        assert.match(body, new RegExp(`<(input|select) id="f-${field}"[^>]* required`), `${locale}: ${field} required`);
      }
      assert.ok(body.includes(t.services.i18n.t(locale, 'form.required_note')), `${locale}: the marker is explained`);
      // Skipped, the region brings the form back with what was typed, and the errors open the page (a
      // page sent back without JavaScript opens at the top; on a phone the form is far below).
      const res = await sign({ name: 'Ләззат О.', email: 'lazzat@example.kz', region: '' }, { locale });
      assert.equal(res.statusCode, 400);
      assert.ok(res.body.includes(t.services.i18n.t(locale, 'petition.error.region_required')));
      assert.match(res.body, /<input id="f-name" name="name" type="text" value="Ләззат О\."/);
      assert.ok(
        res.body.indexOf('id="error-summary"') < res.body.indexOf('class="petition__grid"'),
        `${locale}: the errors come before the petition's text`,
      );
    }
  });

  test('broken, tampered and expired links get clear pages; closed petitions refuse', async () => {
    assert.equal((await t.app.inject(`/en/petitions/confirm/garbage`)).statusCode, 400);
    const res = await sign({ name: 'Late Signer', email: 'late@ngo.kz' });
    assert.equal(res.statusCode, 303);
    await t.services.petitions.flush();
    const link = linkIn((await latestMailTo('late@ngo.kz'))!.text, 'confirm');
    const tampered = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    assert.equal((await t.app.inject(tampered)).statusCode, 400);
    const id = link.split('/').pop()!.split('.')[0];
    const expired = createLinkTokens(SECRET).issue('confirm', id, Date.now() - 30 * 86_400_000);
    const page = await t.app.inject(`/en/petitions/confirm/${expired}`);
    assert.equal(page.statusCode, 410);
    assert.match(page.body, /expired/);
  });

  test('withdrawal takes the signature out of the count; old confirm links cannot bring it back', async () => {
    const res = await sign({ name: 'Бота Серікқызы', email: 'bota@ngo.kz' });
    assert.equal(res.statusCode, 303);
    await t.services.petitions.flush();
    const mail = (await latestMailTo('bota@ngo.kz'))!;
    await confirmVia(linkIn(mail.text, 'confirm'));
    await settle();
    assert.equal(await publicCount(), 2);
    const out = await confirmVia(linkIn(mail.text, 'withdraw'));
    assert.equal(out.statusCode, 303);
    assert.match(String(out.headers.location), /\/withdrawn$/);
    await settle();
    assert.equal(await publicCount(), 1);
    const replay = await t.app.inject(linkIn(mail.text, 'confirm'));
    assert.match(replay.body, /withdrawn/, 'a confirm link mailed before the withdrawal does not restore it');
    assert.ok(!replay.body.includes('<form method="post"'));
  });

  test('silent quarantine: honeypot, disposable and blocked domains follow the normal flow but never count', async () => {
    const add = await post(t, moderator, '/en/admin/petitions/lists', {
      kind: 'domain',
      value: 'bad-actors.kz',
      action: 'block',
      note: 'brigading',
    });
    assert.equal(add.statusCode, 303);
    for (const [email, extra] of [
      ['bot1@ngo.kz', { website: 'http://spam' }],
      ['throwaway@mailinator.com', {}],
      ['x@bad-actors.kz', {}],
    ] as const) {
      const res = await sign({ name: 'Normal Name', email, ...extra });
      assert.equal(res.statusCode, 303, email);
      assert.equal(res.headers.location, `/en/petitions/${pid}/check-email`);
      await t.services.petitions.flush();
      const confirmed = await confirmVia(linkIn((await latestMailTo(email))!.text, 'confirm'));
      assert.equal(confirmed.statusCode, 303, `${email}: the signer sees the normal flow`);
    }
    await settle();
    assert.equal(await publicCount(), 1);
    assert.equal((await t.services.petitions.tally(pid)).quarantined, 3);
    // An allow entry lifts the disposable signal, but never a block.
    await post(t, moderator, '/en/admin/petitions/lists', { kind: 'domain', value: 'mailinator.com', action: 'allow' });
    await post(t, moderator, '/en/admin/petitions/lists', { kind: 'domain', value: 'bad-actors.kz', action: 'allow' });
    await t.services.petitions.flush();
    const lists = await t.app.inject({ url: '/en/admin/petitions', headers: { cookie: moderator.cookie } });
    assert.match(lists.body, /bad-actors\.kz/);
    const bad = await post(t, moderator, '/en/admin/petitions/lists', {
      kind: 'domain',
      value: 'not a domain',
      action: 'block',
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(
      (await post(t, organiser, '/en/admin/petitions/lists', { kind: 'domain', value: 'x.kz', action: 'block' }))
        .statusCode,
      403,
    );
  });

  test('rate limits per IP-HMAC: stricter without proof of work, quarantine first, then 429', async () => {
    const ip = '192.0.2.10';
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++)
      statuses.push(
        (await sign({ name: `Plain Signer ${String.fromCharCode(97 + i)}`, email: `plain${i}@ngo.kz` }, { ip }))
          .statusCode,
      );
    assert.deepEqual(statuses.slice(0, 12), Array(12).fill(303), 'the signer sees the normal flow while quarantined');
    assert.equal(statuses[12], 429);
    const refused = await sign({ name: 'One More', email: 'more@ngo.kz' }, { ip });
    assert.equal(refused.statusCode, 429);
    assert.match(String(refused.headers['retry-after']), /^\d+$/);
    assert.match(refused.body, /Too many signatures/);
    await t.services.petitions.flush();
    const rows = await t.services.db
      .selectFrom('petition_signatures')
      .select(['quarantined', 'pow'])
      .where(
        'email_key',
        'in',
        (
          await t.services.db
            .selectFrom('petition_signatures')
            .select('email_key')
            .where('petition_id', '=', pid)
            .execute()
        ).map((r) => r.email_key),
      )
      .where('petition_id', '=', pid)
      .where('created_at', '>', new Date(Date.now() - 60_000).toISOString())
      .execute();
    assert.ok(rows.filter((r) => r.quarantined).length >= 9, 'beyond 3 per 10 minutes they are quarantined');

    // With the proof of work solved, the same address gets the looser limits.
    const powIp = '192.0.2.20';
    const quarantinedBefore = (await t.services.petitions.tally(pid)).quarantined;
    for (let i = 0; i < 5; i++) {
      const ch = (await t.app.inject('/api/v1/petitions/challenge')).json();
      const solution = await solveChallenge(ch.challenge, ch.salt, ch.algorithm, ch.maxnumber).promise;
      const payload = Buffer.from(
        JSON.stringify({
          algorithm: ch.algorithm,
          challenge: ch.challenge,
          number: solution!.number,
          salt: ch.salt,
          signature: ch.signature,
        }),
      ).toString('base64');
      assert.equal(
        (
          await sign(
            { name: `Pow Signer ${String.fromCharCode(97 + i)}`, email: `pow${i}@ngo.kz`, pow: payload },
            { ip: powIp },
          )
        ).statusCode,
        303,
      );
    }
    await t.services.petitions.flush();
    assert.equal(
      (await t.services.petitions.tally(pid)).quarantined,
      quarantinedBefore,
      '5 signatures with proof of work stay clean',
    );
  });

  test('bulk invalidation: preview, reason, audit, recount, and the crossed milestone is undone', async () => {
    for (const who of ['one', 'two']) {
      await sign({ name: `Brigade ${who}`, email: `${who}@brigade.example` });
      await t.services.petitions.flush();
      await confirmVia(linkIn((await latestMailTo(`${who}@brigade.example`))!.text, 'confirm'));
    }
    await settle();
    assert.equal(await publicCount(), 3);
    const reached = await t.services.petitions.get(pid);
    assert.ok(
      reached.milestonesReached['2'] && reached.milestonesReached['3'],
      'milestone 2 and the goal were crossed',
    );

    const preview = await t.app.inject({
      url: `/en/admin/petitions/${pid}?domain=brigade.example&preview=1`,
      headers: { cookie: moderator.cookie },
    });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /2 signatures match/);
    assert.match(preview.body, /B… b\.|B…/, 'sample names are masked');
    const noReason = await post(t, moderator, `/en/admin/petitions/${pid}/invalidate`, {
      domain: 'brigade.example',
      reason: '',
    });
    assert.equal(noReason.statusCode, 400);
    assert.equal(
      (
        await post(t, organiser, `/en/admin/petitions/${pid}/invalidate`, {
          domain: 'brigade.example',
          reason: 'organisers may not do this',
        })
      ).statusCode,
      403,
    );
    const done = await post(t, moderator, `/en/admin/petitions/${pid}/invalidate`, {
      domain: 'brigade.example',
      reason: 'Coordinated brigading from one domain',
    });
    assert.equal(done.statusCode, 303);
    assert.match(String(done.headers.location), /invalidated=2/);
    assert.equal(await publicCount(), 1, 'counts are recomputed at once');
    const after = await t.services.petitions.get(pid);
    assert.deepEqual(Object.keys(after.milestonesReached), [], 'crossed milestones are undone');
    const entries = await t.services.audit.list({ action: 'petition.invalidate' });
    assert.equal(entries[0].details.count, 2);
    assert.equal(entries[0].details.reason, 'Coordinated brigading from one domain');
    assert.ok((await t.services.audit.list({ action: 'petition.milestone.undone' })).length >= 2);
    // By name pattern (folded), limited to the quarantined ones.
    const byName = await t.services.petitions.previewInvalidation(
      pid,
      { namePattern: 'plain signer*', quarantinedOnly: true },
      (await t.services.accounts.listUsers()).find((u) => u.role === 'moderator')!,
    );
    assert.ok(byName.count >= 9);
  });

  test('exports: counts only, or names by region of those who agreed, never as formulas', async () => {
    const counts = await t.app.inject({
      url: `/en/admin/components/${pid}/export/counts`,
      headers: { cookie: organiser.cookie },
    });
    assert.equal(counts.statusCode, 200);
    assert.match(counts.body, /^region_code,region,signatures\r\nKZ-75,/);
    assert.ok(!counts.body.includes('@'), 'no emails');
    const names = await t.app.inject({
      url: `/en/admin/components/${pid}/export/names`,
      headers: { cookie: organiser.cookie },
    });
    assert.match(names.body, /KZ-75,[^,]+,Айгүл Нұрланқызы/);
    assert.ok(!names.body.includes('Бота'), 'only those who agreed to be named');
    assert.equal(
      (await t.app.inject({ url: `/en/admin/components/${pid}/export/names`, headers: { cookie: moderator.cookie } }))
        .statusCode,
      403,
    );
    const pack = await t.app.inject({
      url: `/en/admin/petitions/${pid}/delivery`,
      headers: { cookie: organiser.cookie },
    });
    assert.equal(pack.statusCode, 200);
    assert.match(pack.body, /1 signer agreed to be named/);
    assert.ok((await t.services.audit.list({ action: 'petition.delivery_pack' })).length === 1);
  });

  test('news to signers goes only to confirmed, counted signers who asked', async () => {
    const res = await post(t, organiser, `/en/admin/petitions/${pid}/update`, {
      subject: 'We delivered it',
      text: 'Thank you all.',
    });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /sent=1/);
    const mail = await latestMailTo('Ai.Gul+x@gmail.com');
    assert.equal(mail!.subject, 'We delivered it');
    assert.match(mail!.text, /petitions\/withdraw\//);
  });

  test('the hourly trending report finds a burst from one domain and alerts staff', async () => {
    for (let i = 0; i < 50; i++)
      await sign({
        name: `Wave Member ${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`,
        email: `w${i}@wave.example`,
      });
    await t.services.petitions.flush();
    const made = await t.services.petitions.trendingReport(new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000));
    assert.ok(made >= 1);
    const [report] = await t.services.petitions.reports(pid, 1);
    assert.ok(report.report.total >= 50);
    assert.ok(report.alerts.some((a) => a.kind === 'domain' && a.key === 'wave.example'));
    const alertMail = (await t.services.mail.outbox(500)).find((m) => m.category === 'petition.alert');
    assert.ok(alertMail, 'staff are alerted by mail');
    const page = await t.app.inject({ url: `/en/admin/petitions/${pid}`, headers: { cookie: admin.cookie } });
    assert.match(page.body, /wave\.example/);
  });

  test('the nightly reconciliation repairs a counter that drifted from the rows', async () => {
    await t.services.db.updateTable('petitions').set({ count_total: 999 }).where('component_id', '=', pid).execute();
    const { fixed } = await t.services.petitions.reconcile();
    assert.ok(fixed >= 1);
    assert.equal((await t.services.petitions.get(pid)).count, 1);
    assert.equal((await t.services.audit.list({ action: 'petition.count.reconciled' }))[0].details.before, 999);
  });

  test('closing, then anonymising after the configured months: only aggregate counts remain', async () => {
    assert.equal((await post(t, organiser, `/en/admin/petitions/${pid}/state`, { to: 'closed' })).statusCode, 303);
    const page = await signPage();
    assert.match(page.body, /closed on/);
    assert.ok(!page.body.includes('name="email"'), 'the sign form is gone');
    const closedSign = await t.app.inject({
      method: 'POST',
      url: `/en/petitions/${pid}/sign`,
      ...form({ _csrf: t.services.csrf.tokenFor(null), name: 'Too Late', email: 'toolate@ngo.kz', region: 'KZ-75' }),
    });
    assert.equal(closedSign.statusCode, 409, 'a closed petition refuses with a clear page');
    assert.match(closedSign.body, /not open for signatures/);
    const before = await t.services.petitions.get(pid);
    const soon = await t.services.petitions.maintain(new Date(Date.now() + 30 * 86_400_000));
    assert.equal(soon.anonymised, 0);
    const later = await t.services.petitions.maintain(new Date(Date.now() + 7 * 31 * 86_400_000));
    assert.ok(later.anonymised >= 1);
    const rows = await t.services.db
      .selectFrom('petition_signatures')
      .selectAll()
      .where('petition_id', '=', pid)
      .execute();
    assert.ok(rows.length > 0, 'rows are kept (append-only)');
    for (const r of rows) {
      assert.equal(r.email_sealed, null);
      assert.equal(r.name_sealed, null);
      assert.equal(r.display_name, null);
      assert.equal(r.ip_hash, null);
      assert.match(r.created_at, /T00:00:00\.000Z$/);
    }
    const after = await t.services.petitions.get(pid);
    assert.equal(after.count, before.count);
    assert.deepEqual(after.byRegion, before.byRegion);
    assert.deepEqual(after.recentSigners, []);
  });
});
