// After confirming a signature the signer can pass the petition on: its address to copy, a QR code
// drawn on the server, and plain links to Telegram, WhatsApp, VK and Facebook — no script, image or
// frame from those sites.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { openPetition } from './helpers/petitions.ts';

describe('sharing a petition', () => {
  let t: TestApp;
  let id: string;
  before(async () => {
    t = await startTestApp();
    id = (await openPetition(t.services)).petitionId;
  });
  after(() => t.close());

  test('the confirmed page offers the address, a QR code and plain share links, in the reader’s language', async () => {
    const res = await t.app.inject(`/ru/petitions/${id}/confirmed`);
    assert.equal(res.statusCode, 200);
    const address = `${t.config.baseUrl}/ru/petitions/${id}`;
    assert.match(res.body, /Поделитесь петицией/);
    assert.ok(res.body.includes(`>${address}</textarea>`), 'the address, selectable without script');
    const encoded = encodeURIComponent(address);
    for (const link of [
      `https://t.me/share/url?url=${encoded}&amp;text=Test%20petition`,
      `https://wa.me/?text=${encodeURIComponent(`Test petition ${address}`)}`,
      `https://vk.com/share.php?url=${encoded}&amp;title=Test%20petition`,
      `https://www.facebook.com/sharer/sharer.php?u=${encoded}`,
    ])
      assert.ok(res.body.includes(`href="${link}"`), link);
    const qr = /<img src="data:image\/svg\+xml;base64,([^"]+)" alt="QR-код адреса петиции"/.exec(res.body);
    assert.ok(qr, 'a QR code drawn here');
    assert.match(Buffer.from(qr[1], 'base64').toString(), /<svg [^>]*viewBox/);
    // Nothing is loaded from another site: every script and image is ours or inline data.
    for (const m of res.body.matchAll(/<(?:script|img|iframe|link)[^>]+(?:src|href)="([^"]+)"/g))
      assert.ok(m[1].startsWith('/') || m[1].startsWith('data:'), m[1]);
  });

  test('a withdrawn signature gets no share links', async () => {
    const res = await t.app.inject(`/en/petitions/${id}/withdrawn`);
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /t\.me\/share|Share the petition/);
  });
});
