// The admin page of the ledger's witnesses: admins only, validation errors in the reader's language,
// POST-redirect-GET, every change audited.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateKey } from '../src/ledger/log/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff, post, signIn, type Signed } from './helpers/staff.ts';

const PAGE = '/admin/ledger/witnesses';

describe('ledger witnesses admin page', () => {
  let t: TestApp;
  let admin: Signed;
  before(async () => {
    t = await startTestApp({ env: { BASE_URL: 'https://dauys.example' } });
    admin = await signIn(t, (await createStaff(t.services, 'admin')).email);
  });
  after(() => t.close());

  test('admins only: visitors sign in first, other staff get a 403; the page shows our witness key', async () => {
    const anon = await t.app.inject(`/en${PAGE}`);
    assert.equal(anon.statusCode, 303);
    assert.match(String(anon.headers.location), /\/en\/admin\/login/);
    const organiser = await signIn(t, (await createStaff(t.services, 'organiser')).email);
    assert.equal((await t.app.inject({ url: `/en${PAGE}`, headers: { cookie: organiser.cookie } })).statusCode, 403);
    const refused = await post(t, organiser, `/en${PAGE}/peers`, { name: 'x', vkey: 'x', url: 'https://x.example/' });
    assert.equal(refused.statusCode, 403);
    assert.equal((await t.services.ledgerWitness.service.overview()).peers.length, 0);

    const page = await t.app.inject({ url: `/en${PAGE}`, headers: { cookie: admin.cookie } });
    assert.equal(page.statusCode, 200);
    const [vkey] = await t.services.ledgerWitness.keys.verifierKeys();
    assert.match(vkey, /^dauys\.example\/witness\+/);
    assert.ok(page.body.includes(vkey));
    assert.ok(page.body.includes('https://dauys.example/ledger/witness/'));
    const nav = await t.app.inject({ url: '/en/admin', headers: { cookie: admin.cookie } });
    assert.ok(nav.body.includes(`href="/en${PAGE}"`), 'the staff navigation links the page');
    const orgNav = await t.app.inject({ url: '/en/admin', headers: { cookie: organiser.cookie } });
    assert.ok(!orgNav.body.includes(`href="/en${PAGE}"`));
  });

  test('bad keys and addresses are refused in kk, ru and en, with what was typed kept', async () => {
    const logKey = generateKey('partner.example/ledger').verifierKey;
    const words = {
      kk: ['куәгердің (cosignature) тексеру кілті емес', 'https:// (немесе http://)'],
      ru: ['не ключ проверки свидетеля', 'начинающийся с https://'],
      en: ['not a witness (cosignature) verifier key', 'starting with https://'],
    };
    for (const [lang, [badKey, badUrl]] of Object.entries(words)) {
      // A log key is not a witness key; a javascript: address is not an address.
      const res = await post(t, admin, `/${lang}${PAGE}/peers`, {
        name: 'Partner',
        vkey: logKey,
        url: 'javascript:alert(1)',
      });
      assert.equal(res.statusCode, 400, lang);
      assert.ok(res.body.includes(`<html lang="${lang}"`));
      assert.ok(res.body.includes(badKey), `${lang}: bad key message`);
      assert.ok(res.body.includes(badUrl), `${lang}: bad URL message`);
      assert.ok(res.body.includes('value="Partner"'), 'what was typed is kept');
    }
    const witnessKey = generateKey('partner.example/witness', 0x04).verifierKey;
    const wrongLog = await post(t, admin, `/ru${PAGE}/logs`, { origin: 'partner.example/ledger', vkeys: witnessKey });
    assert.equal(wrongLog.statusCode, 400);
    assert.ok(wrongLog.body.includes('ключей проверки журнала (Ed25519)'));
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: `/en${PAGE}/peers`,
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ name: 'P', vkey: witnessKey, url: 'https://p.example/' }).toString(),
    });
    assert.equal(noCsrf.statusCode, 403);
    const o = await t.services.ledgerWitness.service.overview();
    assert.equal(o.peers.length + o.logs.length, 0, 'nothing stored');
  });

  test('adding and removing peers and logs, and rotating the key, redirect and are audited', async () => {
    const witnessKey = generateKey('partner.example/witness', 0x04).verifierKey;
    const logKey = generateKey('partner.example/ledger').verifierKey;
    const added = await post(t, admin, `/kk${PAGE}/peers`, {
      name: 'Partner',
      vkey: witnessKey,
      url: 'https://partner.example/ledger/witness/',
    });
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, `/kk${PAGE}?saved=1`);
    const again = await post(t, admin, `/en${PAGE}/peers`, {
      name: 'Twice',
      vkey: witnessKey,
      url: 'https://p.example/',
    });
    assert.equal(again.statusCode, 400);
    assert.ok(again.body.includes('already in the list'));
    assert.equal(
      (await post(t, admin, `/en${PAGE}/logs`, { origin: 'partner.example/ledger', vkeys: `${logKey}\n` })).statusCode,
      303,
    );
    const page = await t.app.inject({ url: `/ru${PAGE}?saved=1`, headers: { cookie: admin.cookie } });
    assert.ok(page.body.includes('Сохранено.'));
    assert.ok(page.body.includes(witnessKey) && page.body.includes(logKey));
    assert.ok(page.body.includes('Ещё не спрашивали'), 'a peer not asked yet says so');
    assert.ok(page.body.includes('Пока ничего не подписано'));

    const { peers } = await t.services.ledgerWitness.service.overview();
    assert.equal((await post(t, admin, `/en${PAGE}/peers/${peers[0].id}/remove`, {})).statusCode, 303);
    assert.equal(
      (await post(t, admin, `/en${PAGE}/logs/remove`, { origin: 'partner.example/ledger' })).statusCode,
      303,
    );
    const [oldKey] = await t.services.ledgerWitness.keys.verifierKeys();
    assert.equal((await post(t, admin, `/en${PAGE}/rotate-key`, {})).statusCode, 303);
    const keys = await t.services.ledgerWitness.keys.verifierKeys();
    assert.equal(keys.length, 2);
    assert.equal(keys[1], oldKey);

    const o = await t.services.ledgerWitness.service.overview();
    assert.equal(o.peers.length + o.logs.length, 0);
    for (const action of ['peer_add', 'peer_remove', 'log_add', 'log_remove', 'key_rotate']) {
      const entries = await t.services.audit.list({ action: `ledger.witness.${action}` });
      assert.equal(entries.length, 1, action);
    }
    const audit = await t.app.inject({ url: '/en/admin/audit', headers: { cookie: admin.cookie } });
    assert.ok(audit.body.includes('added the witness'), 'the audit log reads as a sentence');
  });
});
