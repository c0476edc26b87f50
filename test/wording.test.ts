// Wording a first-time user tripped over, through the real pages: the referral list that chose for
// the caseworker, raw job statuses, an audit log of codes and JSON, and a Markdown hint in English.
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff, post, signIn, type Signed } from './helpers/staff.ts';
import { orgKey, personalKey, submitInBrowserMode } from './helpers/testimony.ts';

describe('wording', () => {
  let t: TestApp;
  let admin: Signed;
  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
    admin = await signIn(t, (await createStaff(t.services, 'admin')).email);
  });
  after(() => t.close());
  const get = (url: string) => t.app.inject({ url, headers: { cookie: admin.cookie } });

  test('the referral list preselects no service; a referral without a choice is refused in her language', async () => {
    await orgKey(t, admin, await personalKey(t, admin));
    assert.equal(
      (await submitInBrowserMode(t, { story: 'I am afraid of the police.' }, { referral: true })).status,
      200,
    );
    const { id } = await t.services.db.selectFrom('testimonies').select('id').executeTakeFirstOrThrow();
    const page = await get(`/kk/admin/testimonies/${id}`);
    assert.equal(page.statusCode, 200);
    const form = /<form[^>]*action="[^"]*\/referral"[\s\S]*?<\/form>/.exec(page.body)![0];
    const options = [...form.matchAll(/<option([^>]*)>([^<]*)</g)];
    assert.ok(options.length > 2, 'the services are listed');
    assert.match(options[0][1], /^ value(="")?$/, 'the first option is the empty "choose" one');
    assert.equal(options[0][2], '— Қызметті таңдаңыз —');
    assert.ok(!/\b(selected|checked)\b/.test(form.replace(/<select[^>]*required[^>]*>/, '')), 'nothing chosen for her');
    assert.match(page.body, /Өшірілетін күні/, 'the deletion day is still to come');

    for (const [locale, message] of [
      ['kk', 'Оны қай қызметке жолдайтыныңызды таңдаңыз'],
      ['ru', 'Выберите службу, в которую вы её направляете'],
      ['en', 'Choose the service you are referring her to'],
    ]) {
      const refused = await post(t, admin, `/${locale}/admin/testimonies/${id}/referral`, { service: '' });
      assert.equal(refused.statusCode, 400, locale);
      assert.ok(refused.body.includes(message), `${locale}: ${refused.body.slice(0, 300)}`);
    }
    const row = await t.services.db
      .selectFrom('testimonies')
      .select(['referral_service_id', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { referral_service_id: null, status: 'new' });
  });

  test('the jobs page says every status and job in words, in each language', async () => {
    const { jobs } = t.services;
    jobs.define(
      'test.broken',
      async () => {
        throw new Error('boom');
      },
      { maxAttempts: 1 },
    );
    await jobs.enqueue('petition.reconcile');
    await jobs.enqueue('test.broken');
    await jobs.drain();
    await jobs.enqueue('core.purge', {}, { runAt: new Date(Date.now() + 3_600_000) });
    await jobs.enqueue('appeal.maintain', {}, { runAt: new Date(Date.now() + 3_600_000) });
    await sql`UPDATE jobs SET status = 'running' WHERE name = 'appeal.maintain'`.execute(t.services.db);
    // Earlier tests' testimonies leave a queued notice job too: each status is counted once here.
    assert.deepEqual([...new Set((await jobs.status()).counts.map((c) => c.status))].sort(), [
      'done',
      'failed',
      'queued',
      'running',
    ]);
    const expected = {
      kk: ['Кезекте', 'Орындалуда', 'Орындалды', 'Сәтсіз аяқталды'],
      ru: ['В очереди', 'Выполняется', 'Выполнено', 'Не удалось'],
      en: ['Waiting', 'Running', 'Done', 'Failed'],
    };
    for (const [locale, statuses] of Object.entries(expected)) {
      const page = await get(`/${locale}/admin/jobs`);
      assert.equal(page.statusCode, 200);
      const cells = [...page.body.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
      for (const code of ['queued', 'running', 'done', 'failed'])
        assert.ok(
          !cells.includes(code) && !page.body.includes(`<code>${code}</code>`),
          `${locale}: raw status ${code}`,
        );
      for (const status of statuses) assert.ok(cells.includes(status), `${locale}: ${status}`);
      for (const name of ['petition.reconcile', 'core.purge', 'appeal.maintain', 'testimony.retention'])
        assert.ok(!page.body.includes(name), `${locale}: raw job name ${name}`);
      assert.ok(page.body.includes('<code>test.broken</code>'), 'a job without words yet shows its name');
    }
    assert.match((await get('/en/admin/jobs')).body, /Petitions: recount signatures/);
    assert.match((await get('/ru/admin/jobs')).body, /остановлено после 1 попытки: boom/);
  });

  test('the audit log reads as sentences in each language; the raw entries stay one click away', async () => {
    const dana = await createStaff(t.services, 'analyst', 'dana@dauys.test');
    await post(t, admin, `/en/admin/users/${dana.id}/disable`, {});
    await t.app.inject({
      method: 'POST',
      url: '/en/admin/login',
      payload: 'email=dana%40dauys.test&password=wrong',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await t.services.audit.record({ system: 'test' }, 'example.added_later', null, { answer: 42 });
    const sentences = {
      en: [
        'disabled the account of analyst; its sessions were ended.',
        'The system (test): an action this version has no words for:',
      ],
      ru: [
        'отключил(а) учётную запись analyst; её сеансы завершены.',
        'Система (test): действие, для которого в этой версии нет описания:',
      ],
      kk: ['analyst тіркелгісін өшірді; оның сеанстары аяқталды.', 'Жүйе (test): бұл нұсқада сипаттамасы жоқ әрекет:'],
    };
    for (const [locale, expected] of Object.entries(sentences)) {
      const page = await get(`/${locale}/admin/audit`);
      assert.equal(page.statusCode, 200);
      for (const sentence of expected) assert.ok(page.body.includes(sentence), `${locale}: ${sentence}`);
      const shown = page.body.replace(/<details>[\s\S]*?<\/details>/g, '');
      assert.doesNotMatch(shown, /\{&quot;|\{"/, `${locale}: no JSON outside the raw entries`);
      assert.deepEqual(
        [...shown.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1]),
        ['example.added_later'],
        `${locale}: only the code without words shows as a code`,
      );
      assert.match(
        page.body,
        /<details><summary>[^<]+<\/summary><code class="details">\{&quot;action&quot;:&quot;account.disable&quot;/,
        'the raw entry is still there',
      );
    }
  });

  test('the Markdown hint under staff text areas is in the reader’s language', async () => {
    const campaign = await t.services.campaigns.getBySlug('nemolchi');
    const hints = {
      kk: 'Markdown: **қалың**, _көлбеу_, [сілтеме](https://…)',
      ru: 'Markdown: **полужирный**, _курсив_, [ссылка](https://…)',
      en: 'Markdown: **bold**, _italic_, [link](https://…)',
    };
    for (const [locale, hint] of Object.entries(hints)) {
      for (const form of [
        `/${locale}/admin/campaigns/new`,
        `/${locale}/admin/observatory/new?kind=case`,
        `/${locale}/admin/campaigns/${campaign.id}/components/new?type=petition`,
      ]) {
        const page = await get(form);
        assert.equal(page.statusCode, 200, form);
        assert.ok(page.body.includes(hint), `${form}: the hint in its language`);
        if (locale !== 'en') assert.ok(!page.body.includes('**bold**'), `${form}: no English hint`);
      }
    }
  });
});
