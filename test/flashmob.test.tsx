// The flashmob component: configured through the generated admin form, shown on the public
// campaign page with its live uptake from the monitor, its uptake as an SVG image and as tables.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { envelope, instagramItem, ndjson, tiktokItem, tmpFile } from './helpers/monitor.ts';
import { createStaff, post, signIn, type Signed } from './helpers/staff.ts';

describe('flashmob component', () => {
  let t: TestApp;
  let admin: Signed;
  let campaignId: string;
  let componentId: string;
  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
    admin = await signIn(t, (await createStaff(t.services, 'admin')).email);
    const c = await t.services.campaigns.getBySlug('nemolchi');
    campaignId = c.id;
    const items = [
      envelope(
        'instagram.com',
        instagramItem({ code: 'Fm1', at: '2024-03-31T10:15:00Z', text: 'Мен де үндемеймін #NeMolchi' }),
      ),
      envelope(
        'tiktok.com',
        tiktokItem({
          id: '7600000000000000001',
          at: '2024-04-01T11:00:00Z',
          text: 'Не молчи, расскажи свою историю #НеМолчи',
          tags: ['НеМолчи'],
          author: '555',
        }),
      ),
    ];
    await t.services.monitor.importFile(
      { file: tmpFile('fm.ndjson', ndjson(items)), format: 'zeeschuimer' },
      { system: 'test' },
    );
  });
  after(() => t.close());

  test('the settings form validates hashtags and dates and keeps what was typed', async () => {
    const bad = await post(t, admin, `/en/admin/campaigns/${campaignId}/components`, {
      _type: 'flashmob',
      ask_en: 'Post your story',
      hashtags_ru: '#НеМолчи #не-так',
      starts_on: '2024-04-10',
      ends_on: '2024-04-01',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="Post your story"|>Post your story</);
    assert.match(bad.body, /id="e-hashtags_ru"/);
    const ok = await post(t, admin, `/en/admin/campaigns/${campaignId}/components`, {
      _type: 'flashmob',
      ask_en: 'Post your story with the hashtags',
      ask_kk: 'Өз тарихыңызды хештегтермен жариялаңыз',
      samples_ru: 'Я тоже больше не молчу\nВы не одни',
      instructions_tiktok_en: 'Film a short video and add the hashtags.',
      show_uptake: 'on',
    });
    assert.equal(ok.statusCode, 303);
    componentId = String(ok.headers.location).split('/').pop()!;
    const published = await post(t, admin, `/en/admin/components/${componentId}`, {
      ask_en: 'Post your story with the hashtags',
      ask_kk: 'Өз тарихыңызды хештегтермен жариялаңыз',
      samples_ru: 'Я тоже больше не молчу\nВы не одни',
      instructions_tiktok_en: 'Film a short video and add the hashtags.',
      show_uptake: 'on',
      _status: 'published',
    });
    assert.equal(published.statusCode, 303);
  });

  test('the campaign page shows the kit and the live uptake, without JavaScript', async () => {
    const page = await t.app.inject('/kk/campaigns/nemolchi');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Өз тарихыңызды хештегтермен жариялаңыз/);
    assert.match(page.body, /#НеМолчи/, 'hashtags from the campaign alias group when the kit has none');
    assert.match(page.body, /<dt>Жарияланымдар<\/dt><dd>2<\/dd>/);
    assert.match(page.body, /<dt>Платформалар<\/dt><dd>2<\/dd>/);
    assert.match(
      page.body,
      new RegExp(`<img class="flashmob__chart" src="/kk/c/${componentId}/uptake.svg" alt="[^"]+"`),
    );
    const en = await t.app.inject('/en/campaigns/nemolchi');
    assert.match(en.body, /How to take part on TikTok/);
    assert.match(en.body, /lang="ru">Я тоже больше не молчу/);
  });

  test('the uptake image is an SVG with its colours as attributes, and the tables page lists the days', async () => {
    const svg = await t.app.inject(`/en/c/${componentId}/uptake.svg`);
    assert.equal(svg.statusCode, 200);
    assert.match(String(svg.headers['content-type']), /^image\/svg\+xml/);
    assert.match(svg.body, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg.body, /class="chart__bar chart__bar--tiktok" fill="#1d1b22"/);
    const tables = await t.app.inject(`/ru/c/${componentId}/uptake`);
    assert.equal(tables.statusCode, 200);
    assert.match(tables.body, /<td>TikTok<\/td><td>1<\/td>/);
    assert.equal((await t.app.inject('/en/c/00000000-0000-0000-0000-000000000000/uptake.svg')).statusCode, 404);
  });
});
