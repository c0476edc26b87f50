import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapZeeschuimer } from './zeeschuimer.ts';

const item = {
  id: '7300000000000000001',
  createTime: 1711000000,
  desc: 'Хватит молчать #НеМолчи',
  textExtra: [{ hashtagName: 'НеМолчи' }],
};

test('the platform item is kept as written in the line, without serialising it again', () => {
  const compact = JSON.stringify({
    nav_index: '1:1:0',
    item_id: item.id,
    timestamp_collected: 1711000000000,
    source_platform: 'tiktok.com',
    data: item,
  });
  assert.equal(mapZeeschuimer(JSON.parse(compact), compact).raw, JSON.stringify(item));
  // Spacing and escapes as the file has them.
  const spaced =
    '{ "nav_index": "1:1:0", "source_platform": "tiktok.com",  "data" :  {"id": "7300000000000000001", "createTime": 1711000000, "desc": "\\u0425\\u0432\\u0430\\u0442\\u0438\\u0442"} }\r';
  assert.equal(
    mapZeeschuimer(JSON.parse(spaced), spaced).raw,
    '{"id": "7300000000000000001", "createTime": 1711000000, "desc": "\\u0425\\u0432\\u0430\\u0442\\u0438\\u0442"}',
  );
});

test('when the item cannot be told apart in the line, the parsed item is kept (and serialised later)', () => {
  const lines = [
    // data is not the last field
    JSON.stringify({ source_platform: 'tiktok.com', data: item, nav_index: '1:1:0' }),
    // a field before it is an object, or a text with braces in it
    JSON.stringify({ meta: { data: 1 }, source_platform: 'tiktok.com', data: item }),
    JSON.stringify({ note: 'a { b', source_platform: 'tiktok.com', data: item }),
    // the envelope's key written with an escape, a nested "data" key inside the item
    '{"source_platform":"tiktok.com","d\\u0061ta":{"id":"7300000000000000001","data":{"x":1},"createTime":1711000000}}',
  ];
  for (const line of lines) {
    const env = JSON.parse(line);
    const post = mapZeeschuimer(env, line);
    assert.equal(post.raw, env.data, line);
  }
  assert.deepEqual(mapZeeschuimer(JSON.parse(lines[0])).raw, item, 'without the line');
});
