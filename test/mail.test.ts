// Mail through a real SMTP server started by the test (smtp-server), and the labelled development
// outbox that admins see when SMTP_URL is unset.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { csrfFrom, form, startTestApp, type TestApp } from './helpers/app.ts';
import { openPetition } from './helpers/petitions.ts';
import { bodyOf, startSmtp, type TestSmtp } from './helpers/smtp.ts';
import { createStaff, signIn } from './helpers/staff.ts';

describe('mail over real SMTP', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  before(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM: 'Dauys <no-reply@dauys.test>' },
    });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('a signature’s confirmation mail is delivered over SMTP and its link confirms', async () => {
    assert.equal(t.services.mail.mode, 'smtp');
    const { petitionId } = await openPetition(t.services);
    const page = await t.app.inject(`/ru/petitions/${petitionId}`);
    const res = await t.app.inject({
      method: 'POST',
      url: `/ru/petitions/${petitionId}/sign`,
      ...form({ _csrf: csrfFrom(page.body), name: 'Дина Иванова', email: 'dina@example.kz', region: 'KZ-71' }),
    });
    assert.equal(res.statusCode, 303);
    await t.services.petitions.flush();
    assert.equal(await t.services.mail.drain(), 1);
    assert.equal(smtp.received.length, 1);
    const msg = smtp.received[0];
    assert.deepEqual(msg.to, ['dina@example.kz']);
    assert.equal(msg.from, 'no-reply@dauys.test');
    const body = bodyOf(msg.raw);
    assert.match(body, /подписал петицию/, 'the mail is in the signer’s language');
    const link = /\/ru\/petitions\/confirm\/[A-Za-z0-9._-]+/.exec(body)?.[0];
    assert.ok(link, 'the mail carries the confirmation link');
    const confirmPage = await t.app.inject(link);
    const done = await t.app.inject({ method: 'POST', url: link, ...form({ _csrf: csrfFrom(confirmPage.body) }) });
    assert.equal(done.statusCode, 303);
    await t.services.petitions.tick();
    assert.equal((await t.services.petitions.get(petitionId)).count, 1);
    assert.equal((await t.services.mail.counts()).sent, 1);
    const stored = await t.services.db.selectFrom('mail_messages').selectAll().execute();
    assert.equal(stored[0].sealed, null, 'a sent message’s content is wiped');
  });

  test('a temporary SMTP failure is retried later, not lost', async () => {
    smtp.failNext.n = 1;
    await t.services.mail.queue(t.services.db, [
      { to: 'retry@example.kz', subject: 'Retry', text: 'Body', category: 'test' },
    ]);
    assert.equal(await t.services.mail.drain(), 0);
    const row = await t.services.db
      .selectFrom('mail_messages')
      .selectAll()
      .where('category', '=', 'test')
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'queued');
    assert.equal(row.attempts, 1);
    assert.match(row.last_error ?? '', /busy/);
    await t.services.db
      .updateTable('mail_messages')
      .set({ not_before: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', row.id)
      .execute();
    assert.equal(await t.services.mail.drain(), 1);
    assert.ok(smtp.received.some((m) => m.to.includes('retry@example.kz')));
  });
});

describe('development outbox without SMTP', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('mail lands in a clearly labelled outbox that only admins can read, and reading it is audited', async () => {
    assert.equal(t.services.mail.mode, 'outbox');
    await t.services.mail.queue(t.services.db, [
      { to: 'someone@example.kz', subject: 'Hello', text: 'Link: http://x/confirm', category: 'test' },
    ]);
    assert.equal(await t.services.mail.drain(), 0, 'nothing is sent');
    const admin = await signIn(t, (await createStaff(t.services, 'admin')).email);
    const page = await t.app.inject({ url: '/en/admin/outbox', headers: { cookie: admin.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /SMTP_URL is not set/);
    assert.match(page.body, /Not sent \(development outbox\)/);
    assert.match(page.body, /someone@example\.kz/);
    assert.equal((await t.services.audit.list({ action: 'mail.outbox.view' })).length, 1);
    const organiser = await signIn(t, (await createStaff(t.services, 'organiser')).email);
    assert.equal(
      (await t.app.inject({ url: '/en/admin/outbox', headers: { cookie: organiser.cookie } })).statusCode,
      403,
    );
    const raw = await t.services.db.selectFrom('mail_messages').select('sealed').executeTakeFirstOrThrow();
    assert.ok(!raw.sealed!.includes('someone@example.kz'), 'recipients are sealed at rest');
  });
});
