// Kazakh in Latin letters (/kk-latn/) through app.inject(): pages in Latin letters with their lang
// tags and the switcher's "Qazaqşa"; Russian-only records stay Russian; searches in the observatory,
// the help directory and the monitor cross scripts both ways; hashtags meet their campaign in either
// script; and the data migrations turn stored Cyrillic-folded keys into the shared search key.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { up as helpSearchUp } from '../src/help/migrations/2026-12-10T0120_help_search_latin.ts';
import { up as monitorSkeletonUp } from '../src/monitor/migrations/2026-12-10T0130_monitor_tag_skeleton.ts';
import { up as observatorySearchUp } from '../src/observatory/migrations/2026-12-10T0110_observatory_search_latin.ts';
import { fold, searchFold } from '../src/i18n/fold.ts';
import { skeleton } from '../src/monitor/normalise.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { envelope, instagramItem, ndjson, tmpFile, xItem } from './helpers/monitor.ts';
import { createStaff, post, signIn, type Signed } from './helpers/staff.ts';

const SYSTEM = { system: 'test' };
const text = (html: string) =>
  html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/g, ' ')
    .replace(/\s+/g, ' ');
/** The words of a page's interface in Cyrillic, the language switcher's own names aside. */
const cyrillicWords = (html: string) =>
  text(html.replace(/<nav class="langs"[\s\S]*?<\/nav>/, '')).match(/[\p{L}]*[\u0400-\u04ff][\p{L}]*/gu) ?? [];

describe('kk-Latn: Kazakh in Latin letters', () => {
  let t: TestApp;
  let caseworker: Signed;
  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
    caseworker = await signIn(t, (await createStaff(t.services, 'caseworker')).email);
  });
  after(() => t.close());

  test('pages render in Latin letters with lang="kk-Latn", alternates and "Qazaqşa" in the switcher', async () => {
    for (const path of ['/', '/campaigns', '/observatory', '/help', '/tell', '/observatory/cases/nukenova-2023']) {
      const res = await t.app.inject(`/kk-latn${path}`);
      assert.equal(res.statusCode, 200, path);
      assert.match(res.body, /<html lang="kk-Latn"/, path);
      assert.match(
        res.body,
        /<a href="\/kk-latn[^"]*" hreflang="kk-Latn" lang="kk-Latn" aria-current="true">Qazaqşa<\/a>/,
      );
      assert.match(
        res.body,
        new RegExp(`<a href="/kk${path.replace(/[/?]/g, '\\$&')}" hreflang="kk" lang="kk">Қазақша</a>`),
      );
      assert.match(
        res.body,
        new RegExp(`<link rel="alternate" hreflang="kk" href="/kk${path.replace(/[/?]/g, '\\$&')}"/>`),
      );
      assert.doesNotMatch(res.body, /hreflang="kk-Latn" href=/, 'no alternate points at the page itself');
      // The site's own words are all in Latin letters; Cyrillic remains only where content has no Kazakh.
      const cyr = cyrillicWords(res.body);
      assert.ok(cyr.length < 40, `${path}: ${cyr.slice(0, 20).join(' ')}`);
    }
    const home = await t.app.inject('/kk-latn/');
    assert.match(text(home.body), /Nauqandar/);
    assert.match(text(home.body), /Observatoria/, 'the reviewed override, not Observatoriia');
    const kk = await t.app.inject('/kk/');
    assert.match(kk.body, /<link rel="alternate" hreflang="kk-Latn" href="\/kk-latn\/"\/>/);
    assert.match(kk.body, /<a href="\/kk-latn\/" hreflang="kk-Latn" lang="kk-Latn">Qazaqşa<\/a>/);
  });

  test('the campaign page shows its Kazakh hashtag in Latin letters, the Russian one as written', async () => {
    const res = await t.app.inject('/kk-latn/campaigns/changethelaw');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<li class="tag" lang="kk-Latn">#ZañdyÖzgert<\/li>/);
    assert.match(res.body, /<li class="tag" lang="ru">#МеняйЗакон<\/li>/);
    assert.match(res.body, /<li class="tag" lang="en">#ChangeTheLaw<\/li>/);
  });

  test('a record with only Russian text shows it in Russian, marked lang="ru", never through the Kazakh table', async () => {
    const res = await post(t, caseworker, '/en/admin/help', {
      name_ru: 'Центр «Щит и меч»',
      description_ru: 'Юридическая помощь женщинам',
      kind: 'legal',
      region: 'KZ-75',
      phone: '+7 727 111 22 33',
      serves_women: 'on',
      needs_legal: 'on',
      lang_ru: 'on',
      cost: 'free',
      verified_on: '2026-11-01',
      status: 'published',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const page = await t.app.inject('/kk-latn/help?region=KZ-75');
    assert.match(page.body, /<[a-z0-9]+ [^>]*lang="ru"[^>]*>Центр «Щит и меч»</);
    assert.doesNotMatch(page.body, /Sentr «Şit i meş»/);
  });

  test('observatory search: a Latin query finds Cyrillic records, and Cyrillic and Russian-keyboard queries still do', async () => {
    for (const q of ['Nükenova', 'nukenova', 'Нүкенова', 'Нукенова', 'NÜKENOVA']) {
      const res = await t.app.inject(`/kk-latn/observatory/search?q=${encodeURIComponent(q)}`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /\/kk-latn\/observatory\/cases\/nukenova-2023/, q);
    }
    const api = await t.app.inject(`/api/v1/observatory/cases?q=${encodeURIComponent('Bişımbaev')}`);
    assert.equal(api.statusCode, 200);
    assert.match(api.body, /nukenova-2023/, 'the open-data API searches the same way');
  });

  test('help search: Cyrillic records from a Latin query, and a Latin-named record from a Cyrillic one', async () => {
    const created = await post(t, caseworker, '/en/admin/help', {
      name_en: 'Qamqor Crisis Line',
      kind: 'hotline',
      region: 'KZ-79',
      phone: '+7 717 000 11 22',
      serves_women: 'on',
      needs_psychological: 'on',
      lang_en: 'on',
      cost: 'free',
      verified_on: '2026-11-01',
      status: 'published',
    });
    assert.equal(created.statusCode, 303);
    const latin = await t.app.inject(`/kk-latn/help?q=${encodeURIComponent('senım telefony')}`);
    const cyrillic = await t.app.inject(`/kk/help?q=${encodeURIComponent('сенім телефоны')}`);
    assert.ok(text(latin.body).includes('111'), 'the national helpline, stored in Cyrillic');
    assert.equal(
      (latin.body.match(/class="card help-card"/g) ?? []).length,
      (cyrillic.body.match(/class="card help-card"/g) ?? []).length,
      'the same services whichever script the query is in',
    );
    const reverse = await t.app.inject(`/kk/help?q=${encodeURIComponent('Қамқор')}`);
    assert.match(reverse.body, /Qamqor Crisis Line/);
  });

  test('monitor: Latin hashtags match the Cyrillic campaign, hashtag-only posts get a language, search crosses scripts', async () => {
    const changeTheLaw = (await t.services.campaigns.getBySlug('changethelaw')).id;
    const nemolchi = (await t.services.campaigns.getBySlug('nemolchi')).id;
    const file = tmpFile(
      'latn.ndjson',
      ndjson([
        envelope('instagram.com', instagramItem({ code: 'Lat1', at: '2024-03-10T10:00:00Z', text: '#ZañdyÖzgert' })),
        envelope(
          'instagram.com',
          instagramItem({ code: 'Lat2', at: '2024-03-10T11:00:00Z', text: '#ZandyOzgert', user: '222' }),
        ),
        envelope(
          'instagram.com',
          instagramItem({ code: 'Lat3', at: '2024-03-10T12:00:00Z', text: '#NeMolşi', user: '333' }),
        ),
        envelope('x.com', xItem({ id: '9001', at: '2024-03-10T13:00:00Z', text: '#ForSaltanat #ChangeTheLaw' })),
      ]),
    );
    const s = await t.services.monitor.importFile({ file, format: 'zeeschuimer' }, SYSTEM);
    assert.equal(s.inserted, 4);
    const posts = await t.services.db.selectFrom('monitor_posts').selectAll().execute();
    const by = (id: string) => posts.find((p) => p.external_id === id)!;
    assert.deepEqual(JSON.parse(by('Lat1').campaign_ids), [changeTheLaw]);
    assert.deepEqual(JSON.parse(by('Lat2').campaign_ids), [changeTheLaw]);
    assert.deepEqual(JSON.parse(by('Lat3').campaign_ids), [nemolchi], 'ч written ş (the 2021 table) meets НеМолчи');
    assert.equal(by('Lat1').lang, 'kk', 'a Latin Kazakh hashtag alone is Kazakh');
    assert.equal(by('9001').lang, 'en', 'camel case split: for saltanat change the law');

    const latin = await t.services.monitor.hashtags({ search: '#ЗаңдыӨзгерт' });
    assert.ok(
      latin.some((h) => h.tag === 'ZañdyÖzgert') && latin.some((h) => h.tag === 'ZandyOzgert'),
      JSON.stringify(latin),
    );
    await t.services.monitor.importFile(
      {
        file: tmpFile(
          'cyr.ndjson',
          ndjson([
            envelope(
              'instagram.com',
              instagramItem({ code: 'Cyr1', at: '2024-03-11T10:00:00Z', text: '#ЗаңдыӨзгерт' }),
            ),
          ]),
        ),
        format: 'zeeschuimer',
      },
      SYSTEM,
    );
    const cyrillic = await t.services.monitor.hashtags({ search: 'ZañdyÖzgert' });
    assert.ok(
      cyrillic.some((h) => h.tag === 'ЗаңдыӨзгерт'),
      JSON.stringify(cyrillic),
    );
  });

  test('the data migrations turn stored Cyrillic-folded keys into the shared search key', async () => {
    const db = t.services.db;
    const help = await db.selectFrom('help_services').select(['id', 'search_text']).executeTakeFirstOrThrow();
    const entity = await db.selectFrom('obs_entities').select(['id', 'search_text']).executeTakeFirstOrThrow();
    // As stored before: fold() of the same text (searchFold is latinKey of it).
    const old = 'ерлер зорлыкка карсы \u0001 нукенова';
    await db.updateTable('help_services').set({ search_text: old }).where('id', '=', help.id).execute();
    await db.updateTable('obs_entities').set({ search_text: old }).where('id', '=', entity.id).execute();
    await db
      .insertInto('monitor_tags')
      .values({
        key: 'немолчи',
        tag: 'НеМолчи',
        skeleton: 'nemolchi',
        posts: 1,
        first_at: '2024-01-01',
        last_at: '2024-01-01',
      })
      .onConflict((oc) => oc.column('key').doUpdateSet({ skeleton: 'nemolchi' }))
      .execute();
    await helpSearchUp(db);
    await observatorySearchUp(db);
    await monitorSkeletonUp(db);
    const want = searchFold('Ерлер зорлыққа қарсы \u0001 Нүкенова');
    assert.equal(want, 'erler zorlikka karsi \u0001 nukenova');
    assert.equal(fold('Ерлер зорлыққа қарсы \u0001 Нүкенова'), old);
    const h = await db
      .selectFrom('help_services')
      .select('search_text')
      .where('id', '=', help.id)
      .executeTakeFirstOrThrow();
    const e = await db
      .selectFrom('obs_entities')
      .select('search_text')
      .where('id', '=', entity.id)
      .executeTakeFirstOrThrow();
    assert.equal(h.search_text, want);
    assert.equal(e.search_text, want);
    const tag = await db
      .selectFrom('monitor_tags')
      .select('skeleton')
      .where('key', '=', 'немолчи')
      .executeTakeFirstOrThrow();
    assert.equal(tag.skeleton, 'nemolshi');
    assert.equal(tag.skeleton, skeleton('НеМолчи'), 'the frozen copy agrees with the monitor’s skeleton');
    // Running again changes nothing (a key is its own key).
    await helpSearchUp(db);
    const again = await db
      .selectFrom('help_services')
      .select('search_text')
      .where('id', '=', help.id)
      .executeTakeFirstOrThrow();
    assert.equal(again.search_text, want);
  });

  test('language prefixes: /kk-Latn/ and /kk_latn/ lead to /kk-latn/, Accept-Language kk-Latn too; admin paths are allowed', async () => {
    for (const p of ['/kk-Latn/help', '/kk_latn/help', '/KK-LATN/help']) {
      const res = await t.app.inject(p);
      assert.equal(res.statusCode, 302, p);
      assert.equal(res.headers.location, '/kk-latn/help', p);
    }
    const root = await t.app.inject({ url: '/', headers: { 'accept-language': 'kk-Latn-KZ,kk;q=0.8' } });
    assert.equal(root.headers.location, '/kk-latn/');
    const robots = await t.app.inject('/robots.txt');
    assert.match(robots.body, /Disallow: \/kk-latn\/admin/);
    const login = await t.app.inject('/kk-latn/admin/login');
    assert.equal(login.statusCode, 200);
    assert.match(login.body, /<html lang="kk-Latn"/);
  });
});
