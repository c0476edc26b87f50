import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CoordinationInputError, readQutCsvStream } from './csv.ts';

const HEADER = 'message_id,user_id,username,repost_id,reply_id,message,timestamp,urls';
/** The text as a stream cut into small pieces, so that records straddle chunk boundaries. */
async function* pieces(s: string | Buffer, size = 7) {
  const b = typeof s === 'string' ? Buffer.from(s) : s;
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}
const read = (s: string | Buffer, size?: number) => readQutCsvStream(pieces(s, size));

test('BOM, CRLF, quoted commas, quotes and newlines, decimals, urls by spaces', async () => {
  const csv =
    '\ufeff' +
    [
      HEADER,
      '1,u1,Айгүл,,,"Сәлем, ""әлем""\r\nекінші жол",1700000000.5,https://a.kz/x?utm_source=y https://b.kz',
      '2,u2,,1,,,1700000001,',
      '3,u1,Айгүл,,2,plain,1700000002,',
    ].join('\r\n') +
    '\r\n';
  for (const size of [3, 7, 1 << 20]) {
    const r = await read(csv, size);
    assert.equal(r.rejected, 0, JSON.stringify(r.rejects));
    assert.equal(r.set.n, 3);
    assert.equal(r.set.text.get(0), 'Сәлем, "әлем"\r\nекінші жол');
    assert.equal(r.set.time[0], 1700000000.5);
    assert.deepEqual(
      [...r.set.links.ids.subarray(r.set.links.start[0], r.set.links.start[1])].map((i) => r.set.linkKeys.values[i]),
      ['a.kz/x', 'b.kz'],
    );
    assert.equal(r.set.repost[1], r.set.repostKeys.values.indexOf('1'));
    assert.equal(r.set.reply[2], r.set.replyKeys.values.indexOf('2'));
    assert.equal(r.set.users.size, 2);
    assert.equal(r.set.usernames[0], 'Айгүл');
  }
});

test('columns are found by name, in any order', async () => {
  const r = await read(
    'timestamp,urls,message,user_id,message_id,reply_id,repost_id,username,extra\n5,,hi,u,m1,,,n,x\n',
  );
  assert.equal(r.set.n, 1);
  assert.equal(r.set.messageIds[0], 'm1');
  assert.equal(r.set.time[0], 5);
});

test('bad rows are rejected with the line they start on and a reason; reading goes on', async () => {
  const csv = [
    HEADER,
    '1,u1,,,,"two\nlines",10,', // lines 2-3
    '2,u1,,,,x,10', // 4: wrong column count
    ',u1,,,,x,10,', // 5: no id
    '3,,,,,x,10,', // 6: no user
    '4,u1,,,,x,yesterday,', // 7: bad time
    '5,u1,,,,x,1700000000000,', // 8: milliseconds
    '1,u2,,,,x,11,', // 9: duplicate id
    '6,u1,,,,"x"y,12,', // 10: text after closing quote
    '',
    '7,u3,,,,ok,13,', // 12
    '8,u3,,,,"never closed,14,', // 13: unterminated
    '9,u3,,,,after,15,', // 14: read on
  ].join('\n');
  const r = await read(csv);
  assert.deepEqual(
    r.rejects.map((x) => [x.line, x.reason]),
    [
      [4, 'wrong_columns'],
      [5, 'no_id'],
      [6, 'no_user'],
      [7, 'bad_time'],
      [8, 'bad_time'],
      [9, 'duplicate_id'],
      [10, 'bad_csv'],
      [13, 'bad_csv'],
    ],
  );
  assert.deepEqual(r.set.messageIds, ['1', '7', '9']);
  assert.equal(r.reasons.bad_time, 2);
});

test('invalid UTF-8 is rejected as bad_encoding', async () => {
  const bad = Buffer.concat([
    Buffer.from(HEADER + '\n1,u,,,,'),
    Buffer.from([0xff, 0xfe]),
    Buffer.from(',1,\n2,u,,,,ok,2,\n'),
  ]);
  const r = await read(bad);
  assert.deepEqual(
    r.rejects.map((x) => [x.line, x.reason]),
    [[2, 'bad_encoding']],
  );
  assert.equal(r.set.n, 1);
});

test('a missing or incomplete header stops reading with a coded error', async () => {
  await assert.rejects(read('message_id,user_id,message,timestamp\n1,u,x,1\n'), (e: unknown) => {
    assert.ok(e instanceof CoordinationInputError);
    assert.equal(e.code, 'bad_header');
    assert.match(e.detail, /username, repost_id, reply_id, urls/);
    return true;
  });
  await assert.rejects(read(''), (e: unknown) => e instanceof CoordinationInputError && e.code === 'empty');
});
