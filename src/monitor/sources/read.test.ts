import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { lineBlocks, type Encoding } from './read.ts';

const file = (content: Buffer) => {
  const f = join(mkdtempSync(join(tmpdir(), 'dauys-read-')), 'lines.ndjson');
  writeFileSync(f, content);
  return f;
};

async function linesOf(f: string, encoding: Encoding = 'utf-8') {
  const out: string[] = [];
  let bytes = 0;
  for await (const block of lineBlocks(f, encoding, (n) => (bytes += n)))
    for (let i = 0; i < block.count; i++) out.push(block.line(i));
  return { out, bytes };
}

/** What the lines are by definition: the whole file decoded at once (BOM dropped), split at \n, \r\n ends trimmed. */
function expected(content: Buffer, encoding: Encoding = 'utf-8') {
  const lines = new TextDecoder(encoding).decode(content).split('\n');
  const last = lines.pop()!;
  return [...lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)), ...(last.trim() ? [last] : [])];
}

test('UTF-8 lines cut as bytes and decoded one by one read as the whole file decoded at once', async () => {
  const cases = [
    Buffer.from('\ufeff{"a":1}\r\n{"b":"Заң"}\n\n  \n{"c":"end without newline"}'),
    Buffer.concat([
      Buffer.from('{"ok":1}\n{"bad":"'),
      Buffer.from([0xe2, 0x82, 0x41, 0xff, 0xc3]),
      Buffer.from('"}\n'),
      Buffer.from([0xf0, 0x9f, 0x98]),
      Buffer.from('\n\r\n'),
    ]),
    Buffer.from('only one line'),
    Buffer.from(''),
  ];
  for (const content of cases) {
    const { out, bytes } = await linesOf(file(content));
    assert.deepEqual(out, expected(content));
    assert.equal(bytes, content.length);
  }
});

test('lines and multi-byte characters across read chunks (1 MB) come out whole', async () => {
  // Lines of Kazakh text and emoji, long enough that several of them straddle chunk boundaries.
  const lines = Array.from({ length: 20_000 }, (_, i) =>
    JSON.stringify({ i, text: `${'Әйелдерге қарсы зорлық тоқтасын 💔 '.repeat(1 + (i % 7))}${i}` }),
  );
  const content = Buffer.from(lines.join('\n') + '\n');
  assert.ok(content.length > 3 * 1024 * 1024);
  const { out } = await linesOf(file(content));
  assert.equal(out.length, lines.length);
  assert.deepEqual(out, lines);
});

test('other encodings: decoded as a stream, then split', async () => {
  // "Зан" in Windows-1251 on two lines (CRLF), the second ending the file without a newline.
  const content = Buffer.from([0xc7, 0xe0, 0xed, 0x0d, 0x0a, 0xc7, 0xe0, 0xed]);
  assert.deepEqual((await linesOf(file(content), 'windows-1251')).out, ['Зан', 'Зан']);
  assert.deepEqual((await linesOf(file(content), 'windows-1251')).out, expected(content, 'windows-1251'));
});
