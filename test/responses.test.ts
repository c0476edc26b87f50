// Officials' responses end to end through app.inject(), on SQLite and PostgreSQL: an organiser records
// a response (with a document) on a petition; it shows on the page in kk/ru/en and in the API; only
// confirmed signers who asked for updates get exactly one mail each, in their language, with a stop
// link that works; bad dates, empty text, oversized or foreign documents and strangers are refused
// with nothing stored; an edit keeps the earlier version and mails again only when asked; appeals.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Staff } from '../src/core/accounts/roles.ts';
import { csrfFrom, form, multipart, startTestApp, type TestApp } from './helpers/app.ts';
import { campaignInput } from './helpers/petitions.ts';
import { createStaff, signIn, type Signed } from './helpers/staff.ts';

const tr = (s: string) => ({ kk: `${s} (kk)`, ru: `${s} (ru)`, en: s });
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
const today = () => new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);

describe('officials’ responses', () => {
  let t: TestApp;
  let organiser: Signed;
  let stranger: Signed;
  let orgStaff: Staff;
  let pid: string;
  let appealId: string;
  let ip = 1;

  const response = (values: Record<string, string>) => ({
    date: today(),
    name: 'A. Minister',
    position: 'Minister of Internal Affairs',
    body: 'Government of Kazakhstan',
    text_en: 'We will consider a stalking offence in the new code.',
    text_ru: 'Мы рассмотрим состав преследования в новом кодексе.',
    mail: 'on',
    ...values,
  });

  async function send(
    who: Signed | null,
    url: string,
    values: Record<string, string>,
    files: Parameters<typeof multipart>[1] = [],
  ) {
    const body = await multipart({ _csrf: who?.csrf ?? 'x', ...values }, files);
    return t.app.inject({
      method: 'POST',
      url,
      payload: body.payload,
      headers: { ...body.headers, ...(who ? { cookie: who.cookie } : {}) },
    });
  }

  async function sign(email: string, locale: string, updates: boolean) {
    const page = await t.app.inject(`/${locale}/petitions/${pid}`);
    const res = await t.app.inject({
      method: 'POST',
      url: `/${locale}/petitions/${pid}/sign`,
      remoteAddress: `10.9.${ip++}.1`,
      ...form({
        _csrf: csrfFrom(page.body),
        name: 'Signer',
        email,
        region: 'KZ-75',
        ...(updates ? { updates: 'on' } : {}),
      }),
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    await t.services.petitions.flush();
    const mail = (await t.services.mail.outbox(500)).find((m) => m.to === email)!;
    return /\/petitions\/confirm\/([A-Za-z0-9._-]+)/.exec(mail.text)![1];
  }

  const responseMails = async () =>
    (await t.services.mail.outbox(1000)).filter((m) => m.category === 'response.petition');
  const storedResponses = async () => t.services.responses.forSubject('petition', pid);

  before(async () => {
    t = await startTestApp({ env: { PETITION_POW_MAX_NUMBER: '500' } });
    const s = t.services;
    const admin = await createStaff(s, 'admin');
    orgStaff = await createStaff(s, 'organiser');
    organiser = await signIn(t, orgStaff.email);
    stranger = await signIn(t, (await createStaff(s, 'organiser')).email);
    const campaign = await s.campaigns.create(campaignInput('responses-test', 'Campaign', tr), orgStaff);
    await s.campaigns.setStatus(campaign.id, 'live', orgStaff);
    const settings = {
      title: tr('Criminalise stalking'),
      text: tr('Text'),
      addressee: tr('The Government'),
      goal: 1000,
      official_platform: 'none',
    };
    pid = (await s.campaigns.addComponent(campaign.id, 'petition', settings, orgStaff)).id;
    await s.petitions.transition(pid, 'moderation', orgStaff);
    await s.petitions.transition(pid, 'open', admin);
    await s.appeals.importCsv(
      'key;kind;body;name_kk;name_ru;name_en;position_ru;position_en;region;languages;email\n' +
        'min-1;person;government;Министр Ә.;Министр А.;Minister A.;Министр;Minister;KZ-71;kk,ru;m@gov.example',
      admin,
    );
    const appeal = await s.campaigns.addComponent(
      campaign.id,
      'appeal',
      { subject: tr('Support the law'), template: tr('Dear [[name]]'), target_mode: 'body', target_body: 'government' },
      orgStaff,
    );
    await s.campaigns.updateComponent(appeal.id, appeal.settings, 'published', orgStaff);
    appealId = appeal.id;

    // Confirmed with updates in each language; confirmed without updates; pending with updates.
    for (const [email, locale, updates] of [
      ['en@example.kz', 'en', true],
      ['ru@example.kz', 'ru', true],
      ['kk@example.kz', 'kk', true],
      ['quiet@example.kz', 'en', false],
      ['stopped@example.kz', 'ru', true],
    ] as const)
      await s.petitions.confirm(await sign(email, locale, updates));
    await sign('pending@example.kz', 'en', true);
    await s.petitions.flush();
  });
  after(() => t.close());

  test('the stop link of an update mail works: a page with a button, then no more updates', async () => {
    await t.services.petitions.sendUpdate(pid, { subject: 'News', text: 'We delivered it.' }, orgStaff);
    const update = (await t.services.mail.outbox(500)).find(
      (m) => m.to === 'stopped@example.kz' && m.category === 'petition.update',
    )!;
    const path = /https?:\/\/[^\s]+(\/ru\/petitions\/unsubscribe\/[^\s]+)/.exec(update.text)![1];
    const page = await t.app.inject(path);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Отказаться от новостей/);
    const done = await t.app.inject({ method: 'POST', url: path, ...form({ _csrf: csrfFrom(page.body) }) });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /Новостей больше не будет/);
    assert.equal((await t.app.inject('/en/petitions/unsubscribe/not-a-token')).statusCode, 400);
  });

  test('strangers, signers and anonymous visitors cannot record a response', async () => {
    const url = `/en/admin/responses/petition/${pid}`;
    assert.equal((await t.app.inject(url)).statusCode, 303, 'anonymous: sent to sign in');
    assert.equal((await send(null, url, response({}))).statusCode, 403, 'anonymous post refused');
    assert.equal((await t.app.inject({ url, headers: { cookie: stranger.cookie } })).statusCode, 403);
    assert.equal((await send(stranger, url, response({}), [])).statusCode, 403, "another campaign's organiser");
    assert.equal((await storedResponses()).length, 0);
  });

  test('a future date, a date before the start or an empty text is refused in the user’s language', async () => {
    const url = (l: string) => `/${l}/admin/responses/petition/${pid}`;
    const future = await send(organiser, url('ru'), response({ date: '2999-01-01' }));
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /Дата в будущем/);
    assert.match(future.body, /A\. Minister/, 'what was typed is kept');
    const early = await send(organiser, url('en'), response({ date: '2020-01-01' }));
    assert.match(early.body, /before the petition or appeal started/);
    const empty = await send(organiser, url('kk'), response({ text_en: '', text_ru: ' ' }));
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Жауап мәтінін кемінде бір тілде жазыңыз/);
    const notPdf = await send(organiser, url('en'), response({}), [
      { field: 'document', name: 'letter.pdf', type: 'application/pdf', data: Buffer.from('MZ not a pdf') },
    ]);
    assert.match(notPdf.body, /must be a PDF, PNG, JPEG or WebP/);
    assert.equal((await storedResponses()).length, 0, 'nothing stored');
  });

  test('a document over the cap is refused with the form kept', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024 + 10)]);
    const res = await send(organiser, `/en/admin/responses/petition/${pid}`, response({}), [
      { field: 'document', name: 'big.pdf', type: 'application/pdf', data: big },
    ]);
    assert.equal(res.statusCode, 413);
    assert.match(res.body, /The document is too large/);
    assert.match(res.body, /Minister of Internal Affairs/);
    assert.equal((await storedResponses()).length, 0);
  });

  test('recorded: shown in kk, ru and en and in the API; mailed once to each opted-in confirmed signer', async () => {
    const res = await send(organiser, `/en/admin/responses/petition/${pid}`, response({}), [
      { field: 'document', name: 'C:\\scans\\answer.pdf', type: 'application/pdf', data: PDF },
    ]);
    assert.equal(res.statusCode, 303, res.body.slice(0, 400));
    assert.equal((await responseMails()).length, 0, 'the request only queues the job');
    const [r] = await storedResponses();
    assert.equal(r.document?.name, 'answer.pdf');
    assert.match(r.document!.sha256, /^[0-9a-f]{64}$/);

    const pages = {
      en: /Official response[\s\S]*A\. Minister[\s\S]*We will consider a stalking offence/,
      ru: /Официальный ответ[\s\S]*Мы рассмотрим состав преследования/,
      kk: /Ресми жауап[\s\S]*Мы рассмотрим состав преследования/,
    };
    for (const [locale, re] of Object.entries(pages)) {
      const page = await t.app.inject(`/${locale}/petitions/${pid}`);
      assert.match(page.body, re, locale);
      assert.ok(page.body.includes(r.document!.sha256), `${locale}: hash shown`);
    }
    const doc = await t.app.inject(`/en/responses/${r.id}/document`);
    assert.equal(doc.statusCode, 200);
    assert.equal(doc.headers['content-type'], 'application/pdf');
    assert.match(String(doc.headers['content-disposition']), /^attachment; filename\*=UTF-8''answer\.pdf$/);
    assert.deepEqual(doc.rawPayload, PDF);
    const api = (await t.app.inject(`/api/v1/petitions/${pid}/responses`)).json();
    assert.equal(api.responses[0].responder.name, 'A. Minister');
    assert.equal(api.responses[0].document.sha256, r.document!.sha256);

    assert.ok((await t.services.jobs.drain()) >= 1);
    const mails = await responseMails();
    assert.deepEqual(mails.map((m) => m.to).sort(), ['en@example.kz', 'kk@example.kz', 'ru@example.kz']);
    const by = (to: string) => mails.find((m) => m.to === to)!;
    assert.match(by('en@example.kz').subject, /^Official response: Criminalise stalking$/);
    assert.match(by('ru@example.kz').subject, /^Официальный ответ: Criminalise stalking \(ru\)$/);
    assert.match(by('kk@example.kz').text, /Бұл хатты қол қойғанда жаңалық сұрағаныңыз үшін алдыңыз/);
    assert.match(
      by('kk@example.kz').text,
      /мына тілде жазылған/,
      'Kazakh readers are told the text is in another language',
    );
    assert.match(by('ru@example.kz').text, /Мы рассмотрим/);
    assert.ok(by('en@example.kz').text.includes(r.document!.sha256));

    // The job running again (after a crash, say) mails nobody twice.
    const [mailing] = await t.services.responses.mailings(r.id);
    assert.equal(mailing.queued, 3);
    assert.equal(await t.services.responses.runMailing(mailing.id), 0);
    assert.equal((await responseMails()).length, 3);

    // The stop link in the response mail works too.
    const path = /https?:\/\/[^\s]+(\/en\/petitions\/unsubscribe\/[^\s]+)/.exec(by('en@example.kz').text)![1];
    const page = await t.app.inject(path);
    const stop = await t.app.inject({ method: 'POST', url: path, ...form({ _csrf: csrfFrom(page.body) }) });
    assert.equal(stop.statusCode, 200, stop.body.slice(0, 300));

    const audit = await t.services.audit.list({ action: 'response.record' });
    assert.equal(audit.length, 1);
  });

  test('an edit keeps the earlier version, shows "edited", and mails again only when asked', async () => {
    const [r] = await storedResponses();
    const url = `/en/admin/responses/edit/${r.id}`;
    const form1 = await t.app.inject({ url, headers: { cookie: organiser.cookie } });
    assert.equal(form1.statusCode, 200);
    const edited = await send(organiser, url, response({ revision: '1', mail: '', text_en: 'Corrected text.' }));
    assert.equal(edited.statusCode, 303, edited.body.slice(0, 300));
    await t.services.jobs.drain();
    assert.equal((await responseMails()).length, 3, 'no second mail');
    const page = await t.app.inject(`/en/petitions/${pid}`);
    assert.match(page.body, /Corrected text\./);
    assert.match(page.body, /edited /);
    const history = await t.services.responses.history(r.id);
    assert.equal(history.length, 1);
    assert.equal(history[0].version.text.en, 'We will consider a stalking offence in the new code.');
    assert.equal((await t.services.responses.get(r.id)).document?.sha256, r.document?.sha256, 'document kept');
    const stale = await send(organiser, url, response({ revision: '1' }));
    assert.equal(stale.statusCode, 409, 'an edit from an old form is refused');

    const again = await send(organiser, url, response({ revision: '2', mail: 'on', text_en: 'Final text.' }));
    assert.equal(again.statusCode, 303);
    await t.services.jobs.drain();
    const mails = await responseMails();
    const perAddress: Record<string, number> = {};
    for (const m of mails) perAddress[m.to] = (perAddress[m.to] ?? 0) + 1;
    assert.deepEqual(
      perAddress,
      { 'en@example.kz': 1, 'kk@example.kz': 2, 'ru@example.kz': 2 },
      'asked: mailed again, without the signer who stopped updates',
    );
    const adminPage = await t.app.inject({ url, headers: { cookie: organiser.cookie } });
    assert.match(adminPage.body, /Version 2, replaced/);
    assert.match(adminPage.body, /Version 1, replaced/);
  });

  test('an appeal: the official chosen from the directory, shown on its page, nobody mailed', async () => {
    const officials = await t.services.responses.officials();
    const minister = officials.find((o) => o.name.en === 'Minister A.')!;
    const url = `/ru/admin/responses/appeal/${appealId}`;
    const page = await t.app.inject({ url, headers: { cookie: organiser.cookie } });
    assert.match(page.body, /Участники обращения не оставляют адреса/);
    const res = await send(organiser, url, { date: today(), official: minister.id, text_kk: 'Заң жобасын қолдаймыз.' });
    assert.equal(res.statusCode, 303, res.body.slice(0, 400));
    const [r] = await t.services.responses.forSubject('appeal', appealId);
    assert.equal(r.responder.name, 'Министр А.');
    assert.equal(r.officialId, minister.id);
    for (const locale of ['kk', 'ru', 'en']) {
      const body = (await t.app.inject(`/${locale}/appeals/${appealId}`)).body;
      assert.match(body, /Заң жобасын қолдаймыз\./, locale);
    }
    const edit = await t.app.inject({ url: `/en/admin/responses/edit/${r.id}`, headers: { cookie: organiser.cookie } });
    assert.ok(edit.body.includes(`/en/admin/recipients/${minister.id}`), 'links to the directory entry');
  });

  test('a photographed letter is published without its EXIF (the GPS position); a damaged photo is refused', async () => {
    const [r] = await storedResponses();
    const url = `/en/admin/responses/edit/${r.id}`;
    for (const [locale, hint] of [
      ['en', /A photo or scan loses its location/],
      ['ru', /С фото или скана сначала удаляются место съёмки/],
      ['kk', /Фото не сканнан алдымен орны/],
    ] as const) {
      const page = await t.app.inject({
        url: `/${locale}/admin/responses/edit/${r.id}`,
        headers: { cookie: organiser.cookie },
      });
      assert.match(page.body, hint, `${locale}: the form says what is removed`);
    }
    const seg = (marker: number, data: Buffer) =>
      Buffer.concat([Buffer.from([0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff]), data]);
    const jpeg = Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
      seg(0xe1, Buffer.from('Exif\0\0GPS 43.2389N 76.8897E ORGANISER-PHONE')),
      Buffer.from([0xff, 0xda, 0, 8, 1, 2, 3, 4, 5, 6]),
      Buffer.from('SCANDATA'),
      Buffer.from([0xff, 0xd9]),
    ]);
    const res = await send(organiser, url, response({ revision: String(r.revision), mail: '' }), [
      { field: 'document', name: 'IMG_0042.jpg', type: 'image/jpeg', data: jpeg },
    ]);
    assert.equal(res.statusCode, 303, res.body.slice(0, 400));
    const published = (await t.app.inject(`/en/responses/${r.id}/document`)).rawPayload;
    assert.ok(!published.includes('43.2389N') && !published.includes('ORGANISER-PHONE'), 'no EXIF published');
    assert.ok(published.includes('SCANDATA') && published.includes('JFIF'), 'the picture itself is kept');
    const stored = (await t.services.responses.get(r.id)).document!;
    assert.equal(stored.bytes, published.length, 'size and hash are those of the published file');
    assert.equal(createHash('sha256').update(published).digest('hex'), stored.sha256);

    for (const [locale, message] of [
      ['en', /seems damaged/],
      ['ru', /похоже, повреждён/],
      ['kk', /бүлінген сияқты/],
    ] as const) {
      const cut = await send(
        organiser,
        `/${locale}/admin/responses/edit/${r.id}`,
        response({ revision: String(r.revision + 1), mail: '' }),
        [{ field: 'document', name: 'cut.jpg', type: 'image/jpeg', data: jpeg.subarray(0, 12) }],
      );
      assert.equal(cut.statusCode, 400, locale);
      assert.match(cut.body, message, locale);
    }
    assert.equal((await t.services.responses.get(r.id)).document?.sha256, stored.sha256, 'nothing replaced');
  });
});
