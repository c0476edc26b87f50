// Caseworkers' e-mail notices through a real SMTP server: a new testimony or reply is one generic
// mail (nothing of the case in it), a burst is one mail per interval, the digest goes once a local
// day, "never" sends nothing, a revoked or disabled key holder hears nothing, a deletion warning goes
// once, and a failing SMTP server is retried while her submission stands.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fromB64, ready, seal, toB64 } from '../src/components/testimony/crypto.ts';
import { createNotifier, localDayHour, NOTIFY_JOB } from '../src/components/testimony/notify.service.ts';
import type { Staff } from '../src/core/accounts/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { bodyOf, startSmtp, subjectOf, type TestSmtp } from './helpers/smtp.ts';
import { createStaff, post, signIn, type Signed } from './helpers/staff.ts';
import { orgKey, personalKey, submitInBrowserMode, unlock, type BrowserSubmission } from './helpers/testimony.ts';

const BASE = 'https://dauys.example';
const STORY = 'NOTIFY-CANARY-31c9: my neighbour in Taraz';
const REPLY = 'REPLY-CANARY-88aa: he came back';
const INBOX = ['kk', 'ru', 'en'].map((l) => `${BASE}/${l}/admin/testimonies`);
const SUBJECT = {
  en: 'Dauys: something is waiting in your inbox',
  ru: 'Dauys: во входящих вас кое-что ждёт',
  kk: 'Dauys: кіріс жәшігіңізде бір нәрсе күтіп тұр',
};
const MINUTE = 60_000;

describe('caseworkers’ e-mail notices', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  const people = {} as Record<'admin' | 'a' | 'revoked' | 'disabled' | 'digest' | 'expiry', Signed & Staff>;
  let org: { publicKey: Uint8Array };
  const submissions: BrowserSubmission[] = [];

  const mailsTo = (who: Staff) =>
    smtp.received
      .filter((m) => m.to.includes(who.email))
      .map((m) => ({ subject: subjectOf(m.raw), body: bodyOf(m.raw), raw: m.raw }));
  /**
   * Runs the delivery jobs an arrival scheduled now rather than at the end of their ten-second slot.
   * Run early, a slot's job would swallow later signals of the same slot (one job per slot is the
   * point), so it is then forgotten, as if its slot had ended.
   */
  const runSlotJobs = async () => {
    await t.services.db
      .updateTable('jobs')
      .set({ run_at: new Date(Date.now() - 1000).toISOString() })
      .where('name', '=', NOTIFY_JOB)
      .where('status', '=', 'queued')
      .where('run_at', '<=', new Date(Date.now() + 11_000).toISOString())
      .execute();
    await t.services.jobs.drain();
    const failed = await t.services.db
      .selectFrom('jobs')
      .select(['name', 'last_error'])
      .where('last_error', 'is not', null)
      .execute();
    assert.deepEqual(failed, [], 'no job failed');
    await t.services.db.deleteFrom('jobs').where('name', '=', NOTIFY_JOB).where('status', '=', 'done').execute();
    await t.services.mail.drain();
  };
  const counter = async (kind: string) =>
    Number(
      (
        await t.services.db
          .selectFrom('testimony_notify_counters')
          .select('seq')
          .where('kind', '=', kind)
          .executeTakeFirst()
      )?.seq ?? 0,
    );
  const submit = async () => {
    const s = await submitInBrowserMode(t, { story: STORY, contact: 'call me on +7 701 555 0101' });
    assert.equal(s.status, 200, 'her submission is stored');
    submissions.push(s);
    return s;
  };

  before(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, BASE_URL: BASE } });
    const sign = async (role: 'admin' | 'caseworker' | 'moderator') => {
      const user = await createStaff(t.services, role);
      return { ...(await signIn(t, user.email)), ...user } as Signed & Staff;
    };
    people.admin = await sign('admin');
    org = await orgKey(t, people.admin, await personalKey(t, people.admin));
    const s = await ready();
    const [[, orgPair]] = [...(await unlock(t, people.admin))];
    for (const name of ['a', 'revoked', 'disabled', 'digest', 'expiry'] as const) {
      people[name] = await sign(name === 'expiry' ? 'moderator' : 'caseworker');
      const own = await personalKey(t, people[name]);
      const res = await post(t, people.admin, '/en/admin/testimony-keys/grant', {
        user: people[name].id,
        sealed: seal(orgPair.sk, own.publicKey, s),
      });
      assert.equal(res.statusCode, 303);
    }
    assert.equal(
      (await post(t, people.admin, '/en/admin/testimony-keys/revoke', { user: people.revoked.id })).statusCode,
      303,
    );
    await t.services.accounts.setDisabled(people.disabled.id, true, people.admin);
    const choose = async (who: Signed, values: Record<string, string>) =>
      assert.equal((await post(t, who, '/en/admin/account/notifications', values)).statusCode, 303);
    await choose(people.admin, { arrivals: 'none', expiry: 'none', locale: 'en' });
    await choose(people.digest, { arrivals: 'digest', expiry: 'digest', locale: 'ru' });
    await choose(people.expiry, { arrivals: 'none', expiry: 'immediate', locale: 'kk' });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('the settings page: defaults, her choices kept, a wrong value refused in her language, audited', async () => {
    const page = await t.app.inject({ url: '/ru/admin/account/notifications', headers: { cookie: people.a.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /id="f-arrivals-immediate"[^>]*checked/, 'new items right away by default');
    assert.match(page.body, /id="f-expiry-digest"[^>]*checked/, 'deletion warnings in the digest by default');
    assert.match(page.body, /<option value="ru" selected/, 'the mails’ language defaults to the page’s');
    assert.match(page.body, /не чаще одного письма в 15 минут/);
    const account = await t.app.inject({ url: '/en/admin/account', headers: { cookie: people.a.cookie } });
    assert.match(account.body, /href="\/en\/admin\/account\/notifications"/, 'linked from her account page');
    const bad = await post(t, people.a, '/ru/admin/account/notifications', {
      arrivals: 'hourly',
      expiry: 'none',
      locale: 'en',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Выберите один из вариантов/);
    assert.match(bad.body, /id="f-expiry-none"[^>]*checked/, 'the valid choice stays chosen');
    assert.equal(await t.services.testimony.notify.preferences(people.a.id).then((p) => p.arrivals), 'immediate');
    assert.equal((await t.services.audit.list({ action: 'testimony.notify.preferences' })).length, 3);
    const analyst = await signIn(t, (await createStaff(t.services, 'analyst')).email);
    const denied = await t.app.inject({ url: '/en/admin/account/notifications', headers: { cookie: analyst.cookie } });
    assert.equal(denied.statusCode, 403);
    const analystAccount = await t.app.inject({ url: '/en/admin/account', headers: { cookie: analyst.cookie } });
    assert.ok(!analystAccount.body.includes('/admin/account/notifications'), 'not offered to who cannot read cases');
  });

  test('a new testimony: exactly one generic mail to the one key holder who wants it right away', async () => {
    const s = await submit();
    const job = await t.services.db
      .selectFrom('jobs')
      .selectAll()
      .where('name', '=', NOTIFY_JOB)
      .executeTakeFirstOrThrow();
    assert.ok(Date.parse(job.run_at) - Date.now() <= 10_000, 'delivered within the ten-second slot');
    assert.ok(!job.payload.includes('-'), 'the job carries nothing about the case');
    await runSlotJobs();
    assert.equal(smtp.received.length, 1, 'one mail in all');
    const [mail] = mailsTo(people.a);
    assert.ok(mail, 'to the caseworker with the default choice');
    assert.equal(mail.subject, `${SUBJECT.kk} / ${SUBJECT.ru} / ${SUBJECT.en}`, 'no language chosen: all three');
    assert.match(mail.body, /Something new is waiting for you in your Dauys inbox\./);
    const links = mail.body.match(/https?:\/\/\S+/g) ?? [];
    assert.deepEqual(links.sort(), [...INBOX].sort(), 'the inbox’s address and nothing else');
    const ids = (
      await t.services.db.selectFrom('testimonies').select(['id', 'survivor_pk', 'org_key_id']).execute()
    ).flatMap((r) => [r.id, r.survivor_pk, r.org_key_id]);
    for (const secret of [...ids, STORY, 'Taraz', s.receipt, s.keys.lookup, toB64(s.keys.publicKey), job.id])
      assert.ok(!mail.raw.includes(secret), `the mail does not carry ${secret.slice(0, 12)}…`);
    // Three digits can turn up by chance in a raw header (a Message-ID, a boundary): the story's
    // phone digits are looked for in what the reader sees.
    assert.ok(!(mail.subject + mail.body).includes('555'), 'the mail does not carry the story’s digits');
    const withoutLinks = mail.body.replace(/https?:\/\/\S+/g, '');
    assert.ok(!/\d/.test(withoutLinks + mail.subject), 'not even a count');
  });

  test('a burst is one mail per interval; a look at the inbox makes a held mail unnecessary', async () => {
    const notify = t.services.testimony.notify;
    for (let i = 0; i < 50; i++) await notify.arrived();
    const now = Date.now();
    assert.deepEqual(await notify.deliver(now), { sent: 0, held: 1 }, 'she was mailed a moment ago');
    const later = await t.services.db
      .selectFrom('jobs')
      .select('run_at')
      .where('name', '=', NOTIFY_JOB)
      .where('status', '=', 'queued')
      .execute();
    assert.ok(
      later.some((j) => Date.parse(j.run_at) >= now + 14 * MINUTE),
      'a delivery waits for the end of the interval',
    );
    assert.deepEqual(await notify.deliver(now + 15 * MINUTE + 1000), { sent: 1, held: 0 });
    assert.deepEqual(await notify.deliver(now + 45 * MINUTE), { sent: 0, held: 0 }, 'nothing new since');
    await t.services.mail.drain();
    assert.equal(mailsTo(people.a).length, 2, 'fifty-one arrivals, two mails');

    await notify.arrived();
    const inbox = await t.app.inject({ url: '/en/admin/testimonies', headers: { cookie: people.a.cookie } });
    assert.equal(inbox.statusCode, 200);
    assert.deepEqual(await notify.deliver(now + 90 * MINUTE), { sent: 0, held: 0 }, 'she has seen it');
  });

  test('a survivor’s reply through follow-up is news too', async () => {
    const notify = t.services.testimony.notify;
    const before = await counter('arrivals');
    const s = await ready();
    const mine = (await t.services.testimony.cases.open(submissions[0].keys.lookup))!;
    const sealed = (to: Uint8Array) => seal(JSON.stringify({ v: 1, text: REPLY, files: [] }), to, s);
    await t.services.testimony.cases.addMessage(mine, {
      forOrg: sealed(org.publicKey),
      forSurvivor: sealed(fromB64(mine.survivorPk)),
      files: [],
    });
    assert.equal(await counter('arrivals'), before + 1);
    const sent = await notify.deliver(Date.now() + 3 * 60 * MINUTE);
    assert.deepEqual(sent, { sent: 1, held: 0 });
    await t.services.mail.drain();
    const last = mailsTo(people.a).at(-1)!;
    assert.ok(!last.raw.includes(REPLY) && !last.raw.includes(mine.id));
  });

  test('the digest: once a local day from the configured hour, in her language; nothing for “never”', async () => {
    const notify = t.services.testimony.notify;
    // Local midnight in Asia/Almaty two days ahead (no daylight saving there).
    let midnight = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 2 * 86_400_000;
    while (localDayHour(midnight, 'Asia/Almaty').hour !== 0) midnight += 3_600_000;
    const at = (day: number, hour: number) => midnight + day * 86_400_000 + hour * 3_600_000 + 5 * MINUTE;

    assert.deepEqual(await notify.digest(at(0, 8)), { sent: 0 }, 'not before nine');
    assert.deepEqual(await notify.digest(at(0, 9)), { sent: 1 }, 'one digest for what gathered');
    assert.deepEqual(await notify.digest(at(0, 10)), { sent: 0 }, 'once a day');
    await notify.arrived();
    await notify.arrived();
    assert.deepEqual(await notify.digest(at(0, 23)), { sent: 0 }, 'the rest waits for tomorrow');
    assert.deepEqual(await notify.digest(at(1, 9)), { sent: 1 });
    await t.services.mail.drain();
    const digests = mailsTo(people.digest);
    assert.equal(digests.length, 2);
    assert.equal(digests[0].subject, SUBJECT.ru);
    assert.match(digests[0].body, /Ваша ежедневная сводка Dauys\.\n\nВо входящих Dauys вас ждёт что-то новое\./);
    assert.deepEqual(digests[0].body.match(/https?:\/\/\S+/g), [`${BASE}/ru/admin/testimonies`]);
    for (const who of [people.admin, people.expiry, people.revoked, people.disabled])
      assert.equal(mailsTo(who).length, 0, `${who.email}: nothing`);
  });

  test('a deletion warning goes once, right away to who chose that, with nothing of the case', async () => {
    const notify = t.services.testimony.notify;
    const [row] = await t.services.db.selectFrom('testimonies').select(['id', 'expires_on']).execute();
    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await t.services.db.updateTable('testimonies').set({ expires_on: soon }).where('id', '=', row.id).execute();
    assert.equal((await t.services.testimony.cases.runRetention()).warned, 1);
    await runSlotJobs();
    const mails = mailsTo(people.expiry);
    assert.equal(mails.length, 1);
    assert.equal(mails[0].subject, SUBJECT.kk);
    assert.match(mails[0].body, /жақында өшірілетін бір нәрсе бар/);
    assert.ok(!mails[0].raw.includes(row.id) && !mails[0].raw.includes(soon), 'neither the case nor its date');
    assert.ok(!/\d/.test(mails[0].body.replace(/https?:\/\/\S+/g, '')));

    assert.equal((await t.services.testimony.cases.runRetention()).warned, 0, 'flagged once');
    await notify.deliver(Date.now() + 24 * 60 * MINUTE);
    await t.services.mail.drain();
    assert.equal(mailsTo(people.expiry).length, 1, 'warned once');
    for (const who of [people.admin, people.revoked, people.disabled]) assert.equal(mailsTo(who).length, 0);
  });

  test('an SMTP failure is retried; her submission stood regardless', async () => {
    await t.services.db
      .updateTable('testimony_notify_state')
      .set({ last_mail_at: null })
      .where('user_id', '=', people.a.id)
      .execute();
    const before = mailsTo(people.a).length;
    smtp.failNext.n = 5;
    await submit();
    const stored = await t.services.db.selectFrom('testimonies').select('id').execute();
    assert.equal(stored.length, submissions.length, 'the testimony is stored');
    await runSlotJobs();
    const row = await t.services.db
      .selectFrom('mail_messages')
      .selectAll()
      .where('category', '=', 'testimony.notice')
      .where('status', '=', 'queued')
      .executeTakeFirstOrThrow();
    assert.equal(row.attempts, 1);
    assert.match(row.last_error ?? '', /busy/);
    smtp.failNext.n = 0;
    await t.services.db
      .updateTable('mail_messages')
      .set({ not_before: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', row.id)
      .execute();
    assert.equal(await t.services.mail.drain(), 1);
    assert.equal(mailsTo(people.a).length, before + 1);
  });

  test('a notice that cannot even be scheduled never fails the submission', async () => {
    const warnings: string[] = [];
    const broken = createNotifier({
      db: t.services.db,
      mail: t.services.mail,
      jobs: { enqueue: () => Promise.reject(new Error('queue unavailable')) },
      i18n: t.services.i18n,
      accounts: t.services.accounts,
      audit: t.services.audit,
      baseUrl: BASE,
      settings: t.services.testimony.notify.settings,
      log: (msg) => void warnings.push(msg),
    });
    await broken.arrived();
    assert.deepEqual(warnings, ['testimony notice not scheduled']);
  });
});
