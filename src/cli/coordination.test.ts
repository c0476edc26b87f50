import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCoordination, type CoordinationCliOptions } from './coordination.ts';

const dir = mkdtempSync(join(tmpdir(), 'dauys-coord-'));
const HEADER = 'message_id,user_id,username,repost_id,reply_id,message,timestamp,urls';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  return { stdout, stderr, out: () => Buffer.concat(out).toString(), err: () => Buffer.concat(err).toString() };
}
async function run(content: string | Buffer, o: CoordinationCliOptions) {
  const file = join(dir, `in-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, content);
  const s = io();
  const code = await runCoordination(file, o, s);
  return { code, out: s.out(), err: s.err() };
}

/** A ring of three reposting 12 objects within seconds, among 200 accounts reposting at random. */
function ringCsv(eol = '\n', bom = false): string {
  const rows = [HEADER];
  let id = 0;
  for (let k = 0; k < 12; k++)
    for (const [j, u] of ['r1', 'r2', 'r3'].entries())
      rows.push(`${id++},${u},${u},ring${k},,"про\nкол ${k}",${1000 + k * 5000 + j * 3},`);
  let s = 7;
  const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < 3000; i++)
    rows.push(`${id++},bg${i % 200},,obj${Math.floor(r() * 300)},,x,${Math.floor(r() * 100000)},`);
  return (bom ? '\ufeff' : '') + rows.join(eol) + eol;
}

test('edges CSV with the QUT header; BOM, CRLF and quoted newlines read alike', async () => {
  const plain = await run(ringCsv(), { type: 'co-repost' });
  const crlf = await run(ringCsv('\r\n', true), { type: 'co-repost' });
  assert.equal(plain.code, 0);
  assert.equal(plain.out, crlf.out);
  const lines = plain.out.trim().split('\n');
  assert.equal(lines[0], 'user_1,user_2,weight');
  assert.ok(lines.includes('r1,r2,12'), plain.out.slice(0, 300));
  assert.match(plain.err, /3,036 rows read, 3,036 messages used, rejected: 0/);
});

test('--clusters prints the ring from the default scoring, nobody else', async () => {
  const r = await run(ringCsv(), { type: 'co-repost', clusters: true });
  const rows = r.out.trim().split('\n');
  assert.equal(rows[0], 'cluster,user_id,score');
  assert.deepEqual(
    rows
      .slice(1)
      .map((l) => l.split(',').slice(0, 2).join(','))
      .sort(),
    ['1,r1', '1,r2', '1,r3'],
  );
  assert.match(r.err, /not proof of bots/);
});

test('bad rows are listed on stderr with their lines, in the chosen language', async () => {
  const csv = [HEADER, '1,a,,x,,t,100,', '2,a,,x,,t,soon,', '1,b,,x,,t,101,', '3,b,,x,,"open,102,'].join('\n') + '\n';
  const en = await run(csv, { type: 'co-repost' });
  assert.match(en.err, /line 3: timestamp is not Unix seconds \(soon\)/);
  assert.match(en.err, /line 4: message_id seen before \(1\)/);
  assert.match(en.err, /line 5: malformed CSV record/);
  const ru = await run(csv, { type: 'co-repost', lang: 'ru' });
  assert.match(ru.err, /строка 3: timestamp не в секундах Unix/);
});

test('GEXF output and pseudonyms through the command', async () => {
  const out = join(dir, 'net.gexf');
  const r = await run(ringCsv(), { type: 'co-repost', format: 'gexf', output: out, pseudonymise: true, key: 'k' });
  assert.equal(r.code, 0);
  const g = readFileSync(out, 'utf8');
  assert.match(g, /<gexf xmlns="http:\/\/gexf.net\/1.3"/);
  assert.ok(!g.includes('"r1"'), 'user ids are pseudonymised');
  assert.match(g, /<node id="u_[0-9a-f]{20}"/);
});

test('unusable input: an error, and from the real command a non-zero exit code', async () => {
  await assert.rejects(run('message_id,user_id\n1,2\n', { type: 'co-repost' }), /missing: username, repost_id/);
  await assert.rejects(run(ringCsv(), { type: 'co-nothing' }), /--type must be one of/);
  const bin = fileURLToPath(new URL('../../bin/dauys.js', import.meta.url));
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'a,b,c\n1,2,3\n');
  for (const file of [bad, join(dir, 'missing.csv')]) {
    const p = spawnSync(process.execPath, [bin, 'coordination', file, '--type', 'co-link'], { encoding: 'utf8' });
    assert.notEqual(p.status, 0, p.stderr);
    assert.match(p.stderr, /^dauys: /);
  }
});
