import assert from 'node:assert/strict';
import { test } from 'node:test';
import { soundOf, toAnalysisPost } from './analysis.ts';
import type { AnalysisRow } from './posts.repository.ts';

const row = (o: Partial<AnalysisRow> = {}): AnalysisRow => ({
  id: '0190',
  platform: 'x',
  external_id: '123',
  url: 'https://x.com/a/status/123',
  author_key: 'x:42',
  author_handle: 'asel',
  created_at: '2024-04-01T06:00:07.000Z',
  text: 'text',
  tag_keys: '["заңдыөзгерт","nemolchi"]',
  mentions: '["aigerim"]',
  links: '["https://example.kz/a"]',
  reply_to: null,
  repost_of: '99',
  quote_of: null,
  raw: null,
  ...o,
});

test('objects are namespaced by platform, so ids of two platforms never match', () => {
  const p = toAnalysisPost(row())!;
  assert.equal(p.id, 'x:123');
  assert.equal(p.repostOf, 'x:99');
  assert.equal(p.replyTo, null);
  assert.equal(p.at.toISOString(), '2024-04-01T06:00:07.000Z');
  assert.deepEqual(p.hashtags, ['заңдыөзгерт', 'nemolchi']);
  assert.equal(toAnalysisPost(row({ platform: 'vk' }))!.repostOf, 'vk:99');
  assert.equal(
    toAnalysisPost(row({ repost_of: null, quote_of: '77' }))!.repostOf,
    'x:77',
    'a quote shares its original',
  );
});

test('posts without an author are left out; unreadable lists are empty', () => {
  assert.equal(toAnalysisPost(row({ author_key: null })), null);
  assert.deepEqual(toAnalysisPost(row({ links: 'not json' }))!.links, []);
});

test('a TikTok sound comes from Zeeschuimer’s music.id or 4CAT’s music columns', () => {
  assert.equal(soundOf(JSON.stringify({ music: { id: '7012', title: 'orig' } })), '7012');
  assert.equal(soundOf(JSON.stringify({ music_id: 7013 })), '7013');
  assert.equal(soundOf(JSON.stringify({ music_name: 'orig' })), null);
  assert.equal(soundOf('{broken'), null);
  assert.equal(soundOf(null), null);
  const p = toAnalysisPost(row({ platform: 'tiktok', raw: JSON.stringify({ music: { id: '55' } }) }))!;
  assert.equal(p.sound, 'tiktok:55');
  assert.equal(toAnalysisPost(row({ raw: JSON.stringify({ music: { id: '55' } }) }))!.sound, null, 'only TikTok');
});
