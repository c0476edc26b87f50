import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseLink } from './links.ts';

test('tracking parameters, fragments, www, default ports, case of the host and trailing slashes go', () => {
  const key = 'tengrinews.kz/news/1?id=5';
  for (const raw of [
    'https://tengrinews.kz/news/1?id=5',
    'http://WWW.Tengrinews.KZ:80/news/1/?id=5#comments',
    'https://tengrinews.kz:443/news/1?utm_source=tg&utm_medium=social&id=5&fbclid=IwAR1',
    'https://tengrinews.kz/news/1?gclid=1&id=5&igshid=x&yclid=2&mc_cid=3&mc_eid=4',
  ])
    assert.equal(normaliseLink(raw), key, raw);
  assert.equal(normaliseLink('https://site.kz/a?b=2&a=1'), 'site.kz/a?a=1&b=2', 'parameters sorted');
  assert.equal(normaliseLink('https://site.kz:8080/'), 'site.kz:8080');
  assert.equal(normaliseLink('https://site.kz/Path'), 'site.kz/Path', 'paths keep their case');
});

test('host-specific sharer parameters: x.com s/t, youtube si, but not elsewhere', () => {
  assert.equal(normaliseLink('https://x.com/user/status/1?s=20&t=abc'), 'x.com/user/status/1');
  assert.equal(normaliseLink('https://youtu.be/abc?si=XYZ'), 'youtu.be/abc');
  assert.equal(normaliseLink('https://www.youtube.com/watch?v=abc&si=1&feature=share'), 'youtube.com/watch?v=abc');
  assert.equal(normaliseLink('https://example.kz/search?s=term'), 'example.kz/search?s=term');
});

test('redirectors that carry their target are unwrapped', () => {
  const target = 'https://vlast.kz/a/1?utm_campaign=z';
  const e = encodeURIComponent(target);
  for (const raw of [
    `https://l.facebook.com/l.php?u=${e}&h=AT1`,
    `https://lm.facebook.com/l.php?u=${e}`,
    `https://vk.com/away.php?to=${e}&cc_key=`,
    `https://t.umblr.com/redirect?z=${e}&t=1`,
    `https://www.google.com/url?q=${e}&sa=D`,
    `https://l.instagram.com/?u=${e}&e=1`,
    `https://www.youtube.com/redirect?q=${e}&v=1`,
    `https://l.facebook.com/l.php?u=${encodeURIComponent(`https://vk.com/away.php?to=${e}`)}`,
  ])
    assert.equal(normaliseLink(raw), 'vlast.kz/a/1', raw);
  assert.equal(normaliseLink('https://vk.com/away.php'), 'vk.com/away.php', 'no target: the link stays itself');
});

test('invalid links give null, never an empty key, and never throw', () => {
  for (const raw of [
    '',
    '   ',
    'not a url',
    'javascript:alert(1)',
    'mailto:a@b.kz',
    'http://',
    'https://[::1',
    'ftp://x.kz/f',
  ])
    assert.equal(normaliseLink(raw), null, raw);
  assert.equal(normaliseLink('nur.kz/news/2'), 'nur.kz/news/2', 'a bare host/path is read as https');
});
