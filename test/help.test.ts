// The help directory through app.inject(): reference hotlines, public search by region and need
// without JavaScript, staff create/edit with validation, versions and audit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff, post, signIn, type Signed } from './helpers/staff.ts';

const base = {
  name_kk: 'Қамқор дағдарыс орталығы',
  name_ru: 'Кризисный центр «Камкор»',
  kind: 'crisis_centre',
  region: 'KZ-75',
  city_ru: 'Алматы',
  phone: '+7 727 000 00 00',
  serves_women: 'on',
  serves_children: 'on',
  needs_shelter: 'on',
  needs_psychological: 'on',
  lang_kk: 'on',
  lang_ru: 'on',
  cost: 'free',
  verified_on: '2026-11-01',
  status: 'published',
};

describe('help directory', () => {
  let t: TestApp;
  let caseworker: Signed;
  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
    caseworker = await signIn(t, (await createStaff(t.services, 'caseworker')).email);
  });
  after(() => t.close());

  test('the reference data lists the national hotlines 111 and 150 in every language', async () => {
    for (const [lang, word] of [
      ['kk', 'сенім телефоны'],
      ['ru', 'телефон доверия'],
      ['en', 'helpline'],
    ] as const) {
      const res = await t.app.inject(`/${lang}/help`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /href="tel:111"/);
      assert.match(res.body, /href="tel:150"/);
      assert.ok(res.body.toLowerCase().includes(word), `${lang} text`);
      assert.match(res.body, /class="quick-exit"/);
    }
    const again = await t.services.reference.load();
    assert.deepEqual(again.help, { created: 0, updated: 0, unchanged: 4 });
  });

  test('staff create a regional service; bad input is re-shown with messages and nothing is lost', async () => {
    const bad = await post(t, caseworker, '/en/admin/help', {
      ...base,
      phone: 'call us',
      website: 'javascript:alert(1)',
      serves_women: '',
      serves_children: '',
      verified_on: '2999-01-01',
    });
    assert.equal(bad.statusCode, 400);
    for (const field of ['phone', 'website', 'serves', 'verified_on'])
      assert.match(bad.body, new RegExp(`href="#f-${field}"`), field);
    assert.match(bad.body, /value="Кризисный центр «Камкор»"/);
    const ok = await post(t, caseworker, '/en/admin/help', base);
    assert.equal(ok.statusCode, 303);
    const audit = await t.services.audit.list({ action: 'help.create' });
    assert.equal(audit.length, 1);
  });

  test('public search by region and need shows regional and national services', async () => {
    const almaty = await t.app.inject('/ru/help?region=KZ-75&need=shelter');
    assert.match(almaty.body, /Камкор/);
    assert.match(almaty.body, /tel:112/, 'national emergency line answers the shelter need too');
    assert.ok(!almaty.body.includes('tel:150'), '150 offers no shelter');
    const elsewhere = await t.app.inject('/ru/help?region=KZ-71&need=shelter');
    assert.ok(!elsewhere.body.includes('Камкор'));
    assert.equal(
      (await t.services.observatory.regionCounts('help'))?.['KZ-75'],
      1,
      'the observatory map has a help-services layer',
    );
    const folded = await t.app.inject(`/en/help?q=${encodeURIComponent('камкор')}`);
    assert.match(folded.body, /Камкор/, 'search folds Kazakh letters');
    const junk = await t.app.inject('/en/help?region=XX&need=nonsense&need=legal');
    assert.equal(junk.statusCode, 200);
    assert.match(junk.body, /tel:111/);
  });

  test('editing checks the version, hides entries and is audited', async () => {
    const [svc] = await t.services.help.search({ q: 'камкор', includeHidden: true });
    const form = await t.app.inject({ url: `/en/admin/help/${svc.id}`, headers: { cookie: caseworker.cookie } });
    assert.match(form.body, /name="version" value="1"/);
    const hidden = await post(t, caseworker, `/en/admin/help/${svc.id}`, { ...base, status: 'hidden', version: '1' });
    assert.equal(hidden.statusCode, 303);
    const stale = await post(t, caseworker, `/en/admin/help/${svc.id}`, { ...base, version: '1' });
    assert.equal(stale.statusCode, 409);
    assert.ok(!(await t.app.inject('/ru/help?region=KZ-75')).body.includes('Камкор'));
    assert.equal((await t.services.audit.list({ action: 'help.update' })).length, 1);
  });

  test('only staff who refer people may edit the directory', async () => {
    const analyst = await signIn(t, (await createStaff(t.services, 'analyst')).email);
    const res = await t.app.inject({ url: '/en/admin/help/new', headers: { cookie: analyst.cookie } });
    assert.equal(res.statusCode, 403);
    const anon = await t.app.inject('/en/admin/help');
    assert.equal(anon.statusCode, 303);
  });
});
