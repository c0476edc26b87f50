// The monitor's staff pages through the real app: permissions, filters with errors in the
// reader's language, SVG charts without scripts, exports (audited, pseudonymised on request).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { envelope, instagramItem, ndjson, tiktokItem, tmpFile } from './helpers/monitor.ts';
import { createStaff, signIn, type Signed } from './helpers/staff.ts';

describe('monitor pages', () => {
  let t: TestApp;
  let analyst: Signed;
  let campaignId: string;
  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
    campaignId = (await t.services.campaigns.getBySlug('changethelaw')).id;
    const items = [
      envelope(
        'instagram.com',
        instagramItem({
          code: 'Cp1',
          at: '2024-03-31T10:15:00Z',
          text: 'Біз заңды өзгертуді талап етеміз #ЗаңдыӨзгерт @aigerim_kz',
          likes: 30,
        }),
      ),
      envelope(
        'tiktok.com',
        tiktokItem({
          id: '7400000000000000001',
          at: '2024-04-01T11:00:00Z',
          text: 'Мы требуем изменить закон #МеняйЗакон',
          tags: ['МеняйЗакон'],
        }),
      ),
    ];
    await t.services.monitor.importFile(
      { file: tmpFile('p.ndjson', ndjson(items)), format: 'zeeschuimer' },
      { system: 'test' },
    );
    analyst = await signIn(t, (await createStaff(t.services, 'analyst')).email);
  });
  after(() => t.close());

  const get = (url: string, s: Signed | null = analyst) =>
    t.app.inject({ url, headers: s ? { cookie: s.cookie } : {} });

  test('only analysts, organisers and admins see the monitor', async () => {
    assert.equal((await get('/en/admin/monitor', null)).statusCode, 303);
    const mod = await signIn(t, (await createStaff(t.services, 'moderator')).email);
    assert.equal((await get('/en/admin/monitor', mod)).statusCode, 403);
    const page = await get('/kk/admin/monitor');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Әлеуметтік желілер мониторингі/);
    assert.match(page.body, /#ЗаңдыӨзгерт/);
    assert.ok(!/<script(?![^>]*src=)/.test(page.body), 'no inline script');
  });

  test('a campaign page: figures, an SVG chart with a text alternative, top posts, filters', async () => {
    const page = await get(`/en/admin/monitor/campaigns/${campaignId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<svg class="chart"[^>]*role="img"/);
    assert.match(page.body, /<title id="volume-t">Posts over time<\/title>/);
    assert.match(page.body, /<dt>Posts<\/dt><dd>2<\/dd>/);
    assert.match(page.body, /Біз заңды өзгертуді/);
    const kk = await get(`/en/admin/monitor/campaigns/${campaignId}?lang=kk`);
    assert.match(kk.body, /<dt>Posts<\/dt><dd>1<\/dd>/);
    const bad = await get(`/ru/admin/monitor/campaigns/${campaignId}?from=31.03.2024`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Введите дату в виде ГГГГ-ММ-ДД/);
    assert.match(bad.body, /value="31.03.2024"/);
    assert.equal((await get('/en/admin/monitor/campaigns/not-an-id')).statusCode, 404);
  });

  test('a hashtag page, reached by its folded key', async () => {
    const page = await get(`/en/admin/monitor/hashtags/${encodeURIComponent('зандыозгерт')}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>#ЗаңдыӨзгерт<\/h1>/);
    assert.match(page.body, /<dt>Posts<\/dt>/);
    assert.doesNotMatch(page.body, /New authors/, 'a hashtag keeps no authors: no figure rather than a false 0');
    assert.equal((await get('/en/admin/monitor/hashtags/nothing-here')).statusCode, 404);
  });

  test('exports download with the filters, pseudonymised on request, and are audited', async () => {
    const scope = encodeURIComponent(`c:${campaignId}`);
    const csv = await get(`/en/admin/monitor/export?scope=${scope}&format=csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="dauys-c-/);
    assert.match(csv.body, /insta_111/);
    const pseudo = await get(`/en/admin/monitor/export?scope=${scope}&format=ndjson&pseudonymise=1`);
    assert.ok(!pseudo.body.includes('insta_111') && !pseudo.body.includes('aigerim_kz'));
    assert.match(pseudo.body, /@p_[0-9a-f]{16}/);
    const gexf = await get(`/en/admin/monitor/export?scope=${scope}&format=gexf&platform=tiktok`);
    assert.match(gexf.body, /label="#МеняйЗакон"/);
    // No node for the hashtag used only on Instagram (the description names the campaign, whose title has it).
    assert.ok(!gexf.body.includes('label="#ЗаңдыӨзгерт"'));
    assert.equal((await get(`/en/admin/monitor/export?scope=${scope}&format=exe`)).statusCode, 404);
    const audit = await t.services.audit.list({ action: 'monitor.export' });
    assert.equal(audit.length, 3);
  });
});
