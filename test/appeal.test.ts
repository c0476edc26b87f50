// Appeals end to end through app.inject(): the officials directory and its CSV import, letters that
// must differ from the template, the three channels, per-sender and per-recipient limits, the
// 14-day follow-up and the public reply-rate table — on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../src/db/portable.ts';
import { csrfFrom, form, multipart, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff, post, signIn, type Signed } from './helpers/staff.ts';

const TEMPLATE =
  'Honourable Senator,\n\nI ask you to support the bill that makes domestic violence a crime again and to reject amendments that weaken it.\n\n[[Tell them in your own words why this matters to you.]]\n\nRespectfully,';
const OWN =
  'Honourable Senator,\n\nmy neighbour called the police four times last winter and each time her husband got a warning and came home the same night. ' +
  'I am writing from Almaty to ask you to vote for the bill as it stands, without the amendments that would let beatings end with a fine again. ' +
  'Women in our building are watching how you vote.';

const CSV = [
  'key;kind;body;name_kk;name_ru;name_en;position_ru;region;languages;email;term_start;term_end',
  'sen-astana;person;senate;Ахметова Ә.;Ахметова А.;Akhmetova A.;Депутат Сената;KZ-71;kk,ru;akhmetova@senate.example;2023-09-01;2029-08-31',
  'sen-almaty;person;senate;Бекова Г.;Бекова Г.;Bekova G.;Депутат Сената;KZ-75;ru;bekova@senate.example;2023-09-01;',
  'sen-old;person;senate;Ескі Д.;Старый Д.;Old D.;Депутат Сената;KZ-75;ru;old@senate.example;2017-09-01;2023-08-31',
  'msl-almaty;person;maslikhat;Нұрова С.;Нурова С.;Nurova S.;Депутат маслихата;KZ-75;kk;nurova@maslikhat.example;;',
  'bad-row;person;parliament;X;X;X;;KZ-75;ru;;;',
].join('\n');

describe('appeals', () => {
  let t: TestApp;
  let organiser: Signed;
  let campaignId: string;
  let aid: string;
  let ip = 1;

  async function startWrite(appealId: string, query = 'lang=en') {
    const page = await t.app.inject(`/en/appeals/${appealId}/write?${query}`);
    assert.equal(page.statusCode, 200, page.body.slice(0, 300));
    return page;
  }

  async function write(appealId: string, values: Record<string, string>, query = 'lang=en') {
    const page = await startWrite(appealId, query);
    return t.app.inject({
      method: 'POST',
      url: `/en/appeals/${appealId}/write`,
      remoteAddress: `198.51.100.${ip++}`,
      ...form({ _csrf: csrfFrom(page.body), lang: 'en', name: 'Aigerim S.', ...values }),
    });
  }

  async function addAppeal(values: Record<string, string>) {
    const res = await post(t, organiser, `/en/admin/campaigns/${campaignId}/components`, {
      _type: 'appeal',
      subject_en: 'Support the law',
      subject_ru: 'Поддержите закон',
      template_en: TEMPLATE,
      ...values,
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 400));
    const id = String(res.headers.location).split('/').pop()!;
    const pub = await post(t, organiser, `/en/admin/components/${id}`, {
      subject_en: 'Support the law',
      subject_ru: 'Поддержите закон',
      template_en: TEMPLATE,
      ...values,
      _status: 'published',
    });
    assert.equal(pub.statusCode, 303);
    return id;
  }

  const outbox = async (to: string) => (await t.services.mail.outbox(500)).filter((m) => m.to === to);

  before(async () => {
    t = await startTestApp();
    organiser = await signIn(t, (await createStaff(t.services, 'organiser')).email);
    const created = await post(t, organiser, '/en/admin/campaigns', {
      slug: 'saltanat-law',
      title_en: 'Saltanat’s law',
      title_ru: 'Закон Салтанат',
      title_kk: 'Салтанат заңы',
      summary_en: 'Letters to the Senate',
      summary_ru: 'Письма в Сенат',
      summary_kk: 'Сенатқа хаттар',
      body_en: 'Body',
      starts_on: '2026-11',
    });
    campaignId = String(created.headers.location).split('/').pop()!.split('?')[0];
    assert.equal(
      (await post(t, organiser, `/en/admin/campaigns/${campaignId}/status`, { status: 'live' })).statusCode,
      303,
    );
  });
  after(() => t.close());

  test('the directory imports CSV as people make it, reports bad rows by line, and re-imports by key', async () => {
    const res = await post(t, organiser, '/en/admin/recipients/import', { csv: '\uFEFF' + CSV });
    assert.equal(res.statusCode, 400, 'a file with a bad row is shown again with its problems');
    assert.match(res.body, /4 added, 0 updated, 1 row with problems/);
    assert.match(res.body, /Line 6, body: Unknown body/);
    const again = await post(t, organiser, '/en/admin/recipients/import', {
      csv: CSV.split('\n')
        .slice(0, 3)
        .join('\n')
        .replace('Бекова Г.;Бекова Г.;Bekova G.', 'Бекова Г.;Бекова Гульнара;Bekova Gulnara'),
    });
    assert.equal(again.statusCode, 200);
    assert.match(again.body, /0 added, 2 updated, 0 rows with problems/);
    const list = await t.app.inject({ url: '/en/admin/recipients?body=senate', headers: { cookie: organiser.cookie } });
    assert.match(list.body, /Bekova Gulnara/);
    assert.match(list.body, /not receiving letters/, 'a past term is kept but marked');
    assert.ok(!list.body.includes('Nurova'), 'filtered by body');
    const moderator = await signIn(t, (await createStaff(t.services, 'moderator')).email);
    assert.equal(
      (await t.app.inject({ url: '/en/admin/recipients', headers: { cookie: moderator.cookie } })).statusCode,
      403,
    );
    const empty = await post(t, organiser, '/en/admin/recipients/import', { csv: '   ' });
    assert.equal(empty.statusCode, 400);
  });

  test('the directory also takes the CSV as an uploaded file, in the encodings spreadsheets save', async () => {
    const upload = async (data: Uint8Array, name = 'recipients.csv') => {
      const body = await multipart({ _csrf: organiser.csrf, csv: '' }, [
        { field: 'file', name, type: 'text/csv', data },
      ]);
      return t.app.inject({
        method: 'POST',
        url: '/ru/admin/recipients/import',
        payload: body.payload,
        headers: { ...body.headers, cookie: organiser.cookie },
      });
    };
    // Windows-1251, as Excel in Russian saves "CSV (разделители — точки с запятой)".
    const cp1251 = (text: string) =>
      Uint8Array.from([...text].map((c) => (c >= 'А' && c <= 'я' ? c.charCodeAt(0) - 0x410 + 0xc0 : c.charCodeAt(0))));
    const legacy = await upload(cp1251('key;body;name_ru;region\r\nmin-int;ministry;Министерство внутренних дел;\r\n'));
    assert.equal(legacy.statusCode, 200, legacy.body.slice(0, 300));
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('key,body,name_ru\nmin-just,ministry,Министерство юстиции\n', 'utf16le'),
    ]);
    assert.equal((await upload(utf16)).statusCode, 200);
    const list = await t.app.inject({
      url: '/ru/admin/recipients?body=ministry',
      headers: { cookie: organiser.cookie },
    });
    assert.match(list.body, /Министерство внутренних дел/);
    assert.match(list.body, /Министерство юстиции/);
    const xlsx = await upload(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), 'recipients.xlsx');
    assert.equal(xlsx.statusCode, 400);
    assert.match(xlsx.body, /Сохранить как/, 'a spreadsheet file is refused with what to do instead');
    const huge = await upload(new Uint8Array(2_100_000).fill(0x41));
    assert.equal(huge.statusCode, 413);
    const unsigned = await t.app.inject({
      method: 'POST',
      url: '/ru/admin/recipients/import',
      ...(await multipart({ csv: 'key,body,name_ru\nx,senate,Y' })),
    });
    assert.equal(unsigned.statusCode, 403, 'without a session and its token nothing is imported');
    assert.doesNotMatch(
      (await t.app.inject({ url: '/ru/admin/recipients', headers: { cookie: organiser.cookie } })).body,
      />Y</,
    );
  });

  test('a recipient form refuses bad input with the values kept', async () => {
    const bad = await post(t, organiser, '/en/admin/recipients', {
      name_en: 'Minister X',
      body: 'ministry',
      kind: 'person',
      email: 'not-mail',
      lang_ru: 'on',
      term_start: '2025-01-01',
      term_end: '2024-01-01',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /id="e-email"/);
    assert.match(bad.body, /id="e-term_end"/);
    assert.match(bad.body, /value="Minister X"/);
    const ok = await post(t, organiser, '/en/admin/recipients', {
      name_en: 'Minister X',
      body: 'ministry',
      kind: 'person',
      email: 'minister@gov.example',
      lang_ru: 'on',
      active: 'on',
    });
    assert.equal(ok.statusCode, 303);
  });

  test('the appeal page lists current senators only, with counts and reply rates', async () => {
    aid = await addAppeal({ target_mode: 'body', target_body: 'senate' });
    const page = await t.app.inject(`/en/appeals/${aid}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Akhmetova A\./);
    assert.match(page.body, /Bekova Gulnara/);
    assert.ok(!page.body.includes('Old D.'), 'a finished term receives no letters');
    const campaignPage = await t.app.inject('/en/campaigns/saltanat-law');
    assert.match(campaignPage.body, new RegExp(`href="/en/appeals/${aid}"`));
    const editor = await startWrite(aid);
    assert.match(editor.body, /\[\[Tell them in your own words/);
  });

  test('copies of the template are refused with an explanation; the letter typed is kept', async () => {
    const asIs = await write(aid, { body: TEMPLATE, channel: 'mailto' });
    assert.equal(asIs.statusCode, 400);
    assert.match(asIs.body, /double brackets/);
    const cosmetic = await write(aid, {
      body: TEMPLATE.replace('[[Tell them in your own words why this matters to you.]]', 'Thank you very much.'),
      channel: 'mailto',
    });
    assert.equal(cosmetic.statusCode, 400);
    assert.match(cosmetic.body, /almost the same as the template/);
    assert.match(cosmetic.body, /Thank you very much\./, 'the text is not lost');
    const noChannel = await write(aid, { body: OWN, channel: 'fax' });
    assert.equal(noChannel.statusCode, 400);
    const smtpNoEmail = await write(aid, { body: OWN, channel: 'smtp' });
    assert.match(smtpNoEmail.body, /we need your email address/);
  });

  test('own mail app: mailto links per recipient, counted when the supporter says it was sent', async () => {
    const res = await write(aid, { body: OWN, channel: 'mailto', email: 'aigerim@example.kz', followup: 'on' });
    assert.equal(res.statusCode, 303);
    const prepared = await t.app.inject(String(res.headers.location));
    assert.equal(prepared.statusCode, 200);
    assert.match(
      prepared.body,
      /href="mailto:akhmetova%40senate\.example\?subject=Support%20the%20law&amp;body=Honourable%20Senator/,
    );
    assert.match(prepared.body, /mailto:bekova%40senate\.example/);
    assert.equal((await t.services.appeals.summary(aid)).letters.mailto, 0, 'preparing is not sending');
    const sent = await t.app.inject({
      method: 'POST',
      url: `${res.headers.location}/sent`,
      ...form({ _csrf: csrfFrom(prepared.body) }),
    });
    assert.equal(sent.statusCode, 303);
    assert.equal((await t.services.appeals.summary(aid)).letters.mailto, 1);
    const twice = await t.app.inject({
      method: 'POST',
      url: `${res.headers.location}/sent`,
      ...form({ _csrf: csrfFrom(prepared.body) }),
    });
    assert.equal(twice.statusCode, 303);
    assert.equal((await t.services.appeals.summary(aid)).letters.mailto, 1, 'not double-counted');
  });

  test('eOtinish: copy the text, open the portal, then count it', async () => {
    const res = await write(aid, { body: OWN.replace('Almaty', 'Shymkent'), channel: 'eotinish' });
    const prepared = await t.app.inject(String(res.headers.location));
    assert.match(prepared.body, /href="https:\/\/eotinish\.kz\/"/);
    assert.match(prepared.body, /<textarea id="letter-text"[^>]*readonly/);
    assert.match(prepared.body, /data-copy="letter-text"/);
    await t.app.inject({
      method: 'POST',
      url: `${res.headers.location}/sent`,
      ...form({ _csrf: csrfFrom(prepared.body) }),
    });
    assert.equal((await t.services.appeals.summary(aid)).letters.eotinish, 1);
  });

  test('through the server: sent only after the sender confirms by POST, replies go to the sender', async () => {
    const res = await write(aid, { body: OWN, channel: 'smtp', email: 'dana@example.kz', name: 'Dana K.' });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /check-email$/);
    const [confirm] = await outbox('dana@example.kz');
    const link = /\/en\/appeals\/send\/[A-Za-z0-9._-]+/.exec(confirm.text)![0];
    const page = await t.app.inject(link);
    assert.match(page.body, /<form method="post"/);
    assert.equal((await outbox('akhmetova@senate.example')).length, 0, 'nothing sent before the confirmation');
    const done = await t.app.inject({ method: 'POST', url: link, ...form({ _csrf: csrfFrom(page.body) }) });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /on its way/);
    const [letter] = await outbox('akhmetova@senate.example');
    assert.equal(letter.replyTo, 'dana@example.kz');
    assert.match(letter.text, /my neighbour called the police/);
    assert.match(letter.text, /Dana K\./);
    assert.equal((await t.services.appeals.summary(aid)).letters.smtp, 1);
    const replay = await t.app.inject({ method: 'POST', url: link, ...form({ _csrf: csrfFrom(page.body) }) });
    assert.equal((await outbox('akhmetova@senate.example')).length, 1, 'a replayed confirmation sends nothing again');
    assert.equal(replay.statusCode, 200);
  });

  test('limits: a few letters a day per sender through the server; officials are spared floods', async () => {
    for (let i = 0; i < 2; i++)
      assert.equal(
        (await write(aid, { body: OWN + ` (${i})`, channel: 'smtp', email: 'Dana@Example.kz' })).statusCode,
        303,
      );
    const fourth = await write(aid, { body: OWN + ' (again)', channel: 'smtp', email: 'dana@example.kz' });
    assert.equal(fourth.statusCode, 429);
    assert.match(fourth.body, /own mail app or eOtinish/);

    // Fill Bekova's current hour and the next to the cap (so an hour turning mid-test changes
    // nothing), then a confirmed letter waits for a later hour.
    const bekova = (await t.services.appeals.listRecipients({ body: 'senate' })).find(
      (r) => r.externalKey === 'sen-almaty',
    )!;
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    for (const slot of [hour, hour + 3_600_000]) {
      const at = new Date(slot).toISOString();
      for (let i = 0; i < 60; i++) {
        const id = newId();
        await t.services.db
          .insertInto('appeal_letters')
          .values({
            id,
            appeal_id: aid,
            channel: 'smtp',
            status: 'sent',
            locale: 'en',
            sender_key: null,
            sealed: null,
            similarity: 0,
            ip_hash: null,
            created_at: at,
            sent_at: at,
            followup_due_at: null,
            followup_sent_at: null,
            answered_at: null,
          })
          .execute();
        await t.services.db
          .insertInto('appeal_letter_recipients')
          .values({ letter_id: id, recipient_id: bekova.id, appeal_id: aid, sent_at: at, replied: null })
          .execute();
      }
    }
    await write(aid, { body: OWN + ' (queue)', channel: 'smtp', email: 'zhanna@example.kz' });
    const [confirm] = await outbox('zhanna@example.kz');
    const link = /\/en\/appeals\/send\/[A-Za-z0-9._-]+/.exec(confirm.text)![0];
    const page = await t.app.inject(link);
    const done = await t.app.inject({ method: 'POST', url: link, ...form({ _csrf: csrfFrom(page.body) }) });
    assert.match(done.body, /will be sent soon/);
    const queued = await t.services.db
      .selectFrom('mail_messages')
      .select(['not_before'])
      .where('category', '=', 'appeal.letter')
      .orderBy('not_before', 'desc')
      .executeTakeFirstOrThrow();
    assert.ok(
      queued.not_before >= new Date(hour + 2 * 3_600_000).toISOString(),
      'the letter to the busy official is scheduled for a later hour',
    );
  });

  test('after 14 days a follow-up asks about replies; the public table shows each recipient’s reply rate', async () => {
    const n = await t.services.appeals.followups(new Date(Date.now() + 15 * 86_400_000));
    assert.ok(n >= 2, 'mailto sender with follow-up and the smtp senders');
    const [mail] = (await outbox('aigerim@example.kz')).filter((m) => m.subject.startsWith('Did you get a reply'));
    const link = /\/en\/appeals\/replies\/[A-Za-z0-9._-]+/.exec(mail.text)![0];
    const page = await t.app.inject(link);
    assert.equal(page.statusCode, 200);
    const ids = [...page.body.matchAll(/name="r_([0-9a-f-]{36})" value="yes"/g)].map((m) => m[1]);
    assert.equal(ids.length, 2);
    const akhmetova = (await t.services.appeals.listRecipients({ body: 'senate' })).find(
      (r) => r.externalKey === 'sen-astana',
    )!;
    const answers = Object.fromEntries(ids.map((id) => [`r_${id}`, id === akhmetova.id ? 'yes' : 'no']));
    const saved = await t.app.inject({
      method: 'POST',
      url: link,
      ...form({ _csrf: csrfFrom(page.body), ...answers }),
    });
    assert.equal(saved.statusCode, 200);
    const row = await t.services.db
      .selectFrom('appeal_letters')
      .select(['sealed'])
      .where('followup_sent_at', 'is not', null)
      .executeTakeFirstOrThrow();
    assert.ok(row.sealed, 'only the reply-link data is kept');
    const table = await t.app.inject(`/en/appeals/${aid}`);
    assert.match(table.body, new RegExp(`data-rate="${akhmetova.id}">100%`));
    assert.equal(
      await t.services.appeals.followups(new Date(Date.now() + 16 * 86_400_000)),
      0,
      'each letter is followed up once',
    );
  });

  test('regional appeals write to the officials of the supporter’s region', async () => {
    const regional = await addAppeal({ target_mode: 'regional', target_body: 'maslikhat' });
    const page = await t.app.inject(`/en/appeals/${regional}`);
    assert.match(page.body, /name="region"/);
    assert.equal((await t.app.inject(`/en/appeals/${regional}/write?lang=en`)).statusCode, 400, 'a region is needed');
    const editor = await startWrite(regional, 'lang=en&region=KZ-75');
    assert.match(editor.body, /Nurova S\./);
    const res = await write(regional, { body: OWN, channel: 'mailto', region: 'KZ-75' }, 'lang=en&region=KZ-75');
    assert.equal(res.statusCode, 303);
    const nobody = await write(regional, { body: OWN, channel: 'mailto', region: 'KZ-71' }, 'lang=en&region=KZ-71');
    assert.equal(nobody.statusCode, 400);
    assert.match(nobody.body, /no current recipient/);
  });

  test('unsent letters expire and are erased', async () => {
    const res = await write(aid, { body: OWN + ' expiring', channel: 'eotinish' });
    const { expired } = await t.services.appeals.maintain(new Date(Date.now() + 8 * 86_400_000));
    assert.ok(expired >= 1);
    const gone = await t.app.inject(String(res.headers.location));
    assert.equal(gone.statusCode, 410);
  });
});
