// The ledger's books through the real app, with the in-memory log standing in for the log module:
// two people for money, bad input refused with nothing half-stored, corrections, the bank statement
// import, campaign figures, and the public pages with their proofs, in kk, ru and en.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Staff } from '../src/core/accounts/roles.ts';
import { AppError, ValidationError } from '../src/core/errors.ts';
import type { LedgerBooksService } from '../src/ledger/index.ts';
import { fromBase64, leafHash, openCheckpoint, noteVerifier, verifyInclusion } from '../src/ledger/log/index.ts';
import { multipart, startTestApp, type TestApp } from './helpers/app.ts';
import { openPetition } from './helpers/petitions.ts';
import { createStaff, signIn, type Signed } from './helpers/staff.ts';

type Books = TestApp['services'] & {
  ledgerBooks: LedgerBooksService;
  ledgerLog: import('../src/ledger/index.ts').LedgerLog;
};

const today = new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10);

describe('ledger books', () => {
  let t: TestApp;
  let s: Books;
  let accountant: Staff;
  let treasurer: Staff;
  let acc: Signed;
  let tre: Signed;

  const send = (
    who: Signed,
    url: string,
    fields: Record<string, string>,
    files: Parameters<typeof multipart>[1] = [],
  ) =>
    multipart({ _csrf: who.csrf, ...fields }, files).then((body) =>
      t.app.inject({ method: 'POST', url, headers: { ...body.headers, cookie: who.cookie }, payload: body.payload }),
    );
  const postForm = (who: Signed, url: string, values: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: who.csrf, ...values }).toString(),
    });

  before(async () => {
    t = await startTestApp();
    s = t.services as Books;
    accountant = await createStaff(t.services, 'accountant');
    treasurer = await createStaff(t.services, 'treasurer');
    acc = await signIn(t, accountant.email);
    tre = await signIn(t, treasurer.email);
  });
  after(() => t.close());

  test('a treasurer must set up a second factor; an accountant need not', () => {
    assert.ok(tre.totpSecret, 'the treasurer enrolled a TOTP secret at first sign-in');
    assert.equal(acc.totpSecret, undefined);
  });

  test('an accountant records money received; her own entry waits; a treasurer approves it into the log', async () => {
    const res = await send(acc, '/en/admin/ledger/new/received', {
      amount: '12 500,50',
      currency: 'KZT',
      channel: 'kaspi',
      date: today,
      purpose: 'Crisis line for the winter',
      donor_reference: 'KASPI-TX-77',
    });
    assert.equal(res.statusCode, 200);
    const code = /(D1\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]+)/.exec(res.body)?.[1];
    assert.ok(code, 'the receipt code is shown once');
    assert.equal(res.headers['cache-control'], 'no-store');
    const [pending] = await s.ledgerBooks.pending();
    assert.equal(pending.record.kind, 'received');
    assert.equal((pending.record as { amount: number }).amount, 1_250_050);
    assert.ok(!JSON.stringify(pending.record).includes('KASPI-TX-77'), 'the donor reference is not stored');
    assert.equal(await s.ledgerLog.size(), 0, 'nothing public before approval');

    // Self-approval: refused by the service whatever the role, and on the page in the reader's language.
    await assert.rejects(
      s.ledgerBooks.approve(pending.id, { ...treasurer, id: accountant.id }),
      (e: AppError) => e.code === 'LEDGER_SELF_APPROVAL',
    );
    const own = await s.ledgerBooks.record(
      {
        kind: 'spent',
        amount: 500_000,
        date: today,
        category: 'legal_aid',
        payeeKind: 'person',
        description: 'Lawyer, court hearing',
      },
      treasurer,
    );
    const refused = await postForm(tre, `/ru/admin/ledger/pending/${own.id}/approve`, {});
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /Нельзя утвердить запись, которую вы сами внесли/);
    assert.equal(await s.ledgerLog.size(), 0);
    const forbidden = await postForm(acc, `/en/admin/ledger/pending/${pending.id}/approve`, {});
    assert.equal(forbidden.statusCode, 403, 'an accountant may not approve at all');

    const ok = await postForm(tre, `/en/admin/ledger/pending/${pending.id}/approve`, {});
    assert.equal(ok.statusCode, 303);
    assert.equal(await s.ledgerLog.size(), 1);
    const entry = (await s.ledgerLog.entry(0))!;
    assert.equal(JSON.parse(entry.json).amount, 1_250_050);
    assert.equal(entry.json, JSON.stringify(JSON.parse(entry.json), Object.keys(JSON.parse(entry.json)).sort()));
    assert.equal((await s.ledgerBooks.getPending(pending.id)).logIndex, 0);
    const again = await postForm(tre, `/en/admin/ledger/pending/${pending.id}/approve`, {});
    assert.equal(again.statusCode, 409, 'approving twice is refused');
    const actions = (await t.services.audit.list({})).map((a) => a.action);
    for (const a of ['ledger.record', 'ledger.approve']) assert.ok(actions.includes(a), a);

    // The donor alone can find her donation, with the code and nothing else.
    await s.ledgerLog.publish();
    const found = await s.ledgerBooks.checkReceipt(code!);
    assert.equal(found?.index, 0);
    const page = await t.app.inject({ method: 'GET', url: '/en/ledger/receipt' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const checked = await t.app.inject({
      method: 'POST',
      url: '/en/ledger/receipt',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, code: code! }).toString(),
    });
    assert.equal(checked.statusCode, 200);
    assert.match(checked.body, /Your donation is in the ledger: entry #0/);
    await s.ledgerBooks.reject(own.id, { ...treasurer, id: accountant.id }, 'Recorded twice');
  });

  test('bad input gets a clear error in the reader’s language and nothing is stored', async () => {
    const before = (await s.ledgerBooks.pending()).length;
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ amount: '-100' }, 'amount', /Сумма не может быть отрицательной/],
      [{ amount: '10,005' }, 'amount', /доли тиына/],
      [{ amount: '100', currency: 'XYZ' }, 'currency', /валюта не принимается/],
      [{ amount: '100', date: '2999-01-01' }, 'date', /Дата не может быть в будущем/],
    ];
    for (const [fields, field, message] of cases) {
      const res = await send(acc, '/ru/admin/ledger/new/received', {
        currency: 'KZT',
        channel: 'bank',
        date: today,
        purpose: 'General',
        ...fields,
      });
      assert.equal(res.statusCode, 400, JSON.stringify(fields));
      assert.match(res.body, new RegExp(`href="#f-${field}"`));
      assert.match(res.body, message);
    }
    await assert.rejects(
      s.ledgerBooks.record({ kind: 'received', amount: 10.5, channel: 'bank', date: today, purpose: 'x' }, accountant),
      (e: ValidationError) => e.fields.amount === 'ledger.error.fraction',
    );
    assert.equal((await s.ledgerBooks.pending()).length, before);
  });

  test('corrections reverse an entry by index, once; a missing entry or a correction cannot be corrected', async () => {
    const spent = await s.ledgerBooks.record(
      {
        kind: 'spent',
        amount: 300_000,
        date: today,
        category: 'shelter',
        payeeKind: 'organisation',
        description: 'Shelter beds, November',
        receipts: ['a'.repeat(64)],
      },
      accountant,
    );
    const i = await s.ledgerBooks.approve(spent.id, treasurer);
    const missing = await send(acc, '/kk/admin/ledger/new/correction', {
      corrects: '999',
      date: today,
      reason: 'typo',
    });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Журналда мұндай нөмірлі жазба жоқ/);
    const first = await s.ledgerBooks.record(
      { kind: 'correction', corrects: i, date: today, reason: 'Paid twice' },
      accountant,
    );
    const second = await s.ledgerBooks.record(
      { kind: 'correction', corrects: i, date: today, reason: 'Again' },
      accountant,
    );
    const c = await s.ledgerBooks.approve(first.id, treasurer);
    const size = await s.ledgerLog.size();
    await assert.rejects(
      s.ledgerBooks.approve(second.id, treasurer),
      (e: AppError) => e.code === 'LEDGER_ALREADY_REVERSED',
    );
    assert.equal(await s.ledgerLog.size(), size, 'the refused approval appended nothing');
    assert.equal((await s.ledgerBooks.getPending(second.id)).status, 'pending', 'and marked nothing approved');
    await assert.rejects(
      s.ledgerBooks.record({ kind: 'correction', corrects: c, date: today, reason: 'x' }, accountant),
      (e: ValidationError) => e.fields.corrects === 'ledger.error.corrects_correction',
    );
    const summary = await s.ledgerBooks.summary();
    assert.deepEqual(summary.currencies[0], { currency: 'KZT', received: 1_250_050, spent: 0, balance: 1_250_050 });
    await s.ledgerBooks.reject(second.id, treasurer, 'Already corrected');
  });

  test('a bank statement in Russian with a BOM, semicolons and decimal commas becomes pending entries; bad lines are named', async () => {
    const csv =
      '\uFEFFВыписка по счёту KZ00 1234\n' +
      'Дата;Номер документа;Приход;Расход;Назначение платежа\n' +
      '01.11.2026;101;15 000,00;;Пожертвование от Иванова А.\n' +
      '02.11.2026;102;;1 200,50;Комиссия банка\n' +
      '31.02.2026;103;100,00;;Ошибка даты\n' +
      '03.11.2026;104;;abc;Кривая сумма\n' +
      '04.11.2026;105;5,005;;Доли тиына\n' +
      'Итого;;15 100,00;1 200,50;\n';
    const res = await send(
      acc,
      '/ru/admin/ledger/import',
      { purpose: 'Пожертвования на горячую линию', category: 'other', payee_kind: 'organisation' },
      [{ field: 'file', name: 'statement.csv', type: 'text/csv', data: new TextEncoder().encode(csv) }],
    );
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Поставлено в ожидание: 2, отклонено строк: 3/);
    for (const line of ['5', '6', '7']) assert.match(res.body, new RegExp(`<td>${line}</td>`));
    const imported = (await s.ledgerBooks.pending()).filter((p) => p.source === 'import');
    assert.equal(imported.length, 2);
    const received = imported.find((p) => p.record.kind === 'received')!;
    assert.equal((received.record as { amount: number }).amount, 1_500_000);
    assert.ok(!JSON.stringify(received.record).includes('Иванова'), 'the sender’s name stays out');
    const fee = imported.find((p) => p.record.kind === 'spent')!;
    assert.equal((fee.record as { category: string }).category, 'bank_fees');
    const { approved } = await s.ledgerBooks.approveAll(treasurer);
    assert.equal(approved.length, 2);
  });

  test('a petition’s confirmed count and the export’s hash go into the log as a campaign figure', async () => {
    const { petitionId, admin } = await openPetition(t.services);
    const exported = new TextEncoder().encode('region_code,region,name\r\n');
    const res = await send(tre, `/en/admin/ledger/figures/${petitionId}`, {}, [
      { field: 'export', name: 'export.csv', type: 'text/csv', data: exported },
    ]);
    assert.equal(res.statusCode, 303);
    const index = Number(/published=(\d+)/.exec(String(res.headers.location))![1]);
    const fig = JSON.parse((await s.ledgerLog.entry(index))!.json);
    assert.equal(fig.kind, 'petition_milestone');
    assert.equal(fig.confirmed, 0);
    assert.equal(fig.export_sha256, createHash('sha256').update(exported).digest('hex'));
    // Marking the petition delivered publishes the figure again, on the day, by itself.
    const size = await s.ledgerLog.size();
    await t.services.petitions.transition(petitionId, 'closed', admin);
    assert.equal(await s.ledgerLog.size(), size);
    await t.services.petitions.transition(petitionId, 'delivered', admin);
    const onDelivery = JSON.parse((await s.ledgerLog.entry(size))!.json);
    assert.equal(onDelivery.kind, 'petition_milestone');
    assert.equal(onDelivery.petition, petitionId);
    const names = await t.services.petitions.exportCsv(await t.services.campaigns.getComponent(petitionId), 'names');
    assert.equal(onDelivery.export_sha256, createHash('sha256').update(names).digest('hex'));
  });

  test('the public page, entry pages with proofs, and the exports, in kk, ru and en', async () => {
    await s.ledgerLog.publish();
    const vkey = (await s.ledgerLog.verifierKeys())[0];
    for (const [lang, word] of [
      ['kk', 'Ашық есеп кітабы'],
      ['ru', 'Открытая книга учёта'],
      ['en', 'Public ledger'],
    ] as const) {
      const page = await t.app.inject(`/${lang}/ledger`);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(word), lang);
      assert.match(page.body, /<svg class="chart"/);
      assert.match(page.body, /href="\/\w\w\/ledger\/entries\/0"/);
      assert.ok(page.body.includes(vkey), 'the verifier key is on the page');
      assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(page.body), 'no inline script');
      const entry = await t.app.inject(`/${lang}/ledger/entries/1`);
      assert.equal(entry.statusCode, 200);
      assert.match(entry.body, /data-ledger-proof/);
      assert.match(entry.body, /src="\/assets\/js\/ledger\.[^"]+\.js"/);
    }
    const proof = JSON.parse((await t.app.inject('/en/ledger/proof/1')).body);
    const opened = openCheckpoint(proof.checkpoint, [noteVerifier(vkey)], proof.origin);
    const ok = verifyInclusion(
      leafHash(new TextEncoder().encode(proof.json)),
      proof.index,
      opened.checkpoint.size,
      proof.proof.map((p: string) => fromBase64(p)!),
      opened.checkpoint.root,
    );
    assert.ok(ok, 'the served proof verifies against the signed checkpoint');
    assert.equal((await t.app.inject('/en/ledger/entries/99999')).statusCode, 404);
    const csv = await t.app.inject('/en/ledger/export.csv');
    assert.match(csv.body, /^\uFEFFindex,kind,date,amount,currency/);
    assert.match(csv.body, /\n0,received,[^,]+,12500\.50,KZT,kaspi/);
    const json = JSON.parse((await t.app.inject('/en/ledger/export.json')).body);
    assert.equal(json.entries.length, await s.ledgerLog.size());
    assert.equal(json.entries[1].reversed_by, 2);
  });
});
