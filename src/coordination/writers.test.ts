import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import {
  detectCoordination,
  messageSetFrom,
  pseudonym,
  writeClustersCsv,
  writeEdgesCsv,
  writeGexf,
  type MessageInput,
} from './index.ts';

async function collect(write: (out: PassThrough) => Promise<void>): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

const ring = (): MessageInput[] => {
  const msgs: MessageInput[] = [];
  for (let k = 0; k < 10; k++)
    for (const [j, u] of ['A&<"', 'B,1', 'C'].entries())
      msgs.push({ id: `${k}-${u}`, userId: u, username: `${u} <name>`, time: k * 1000 + j * 5, repostOf: `p${k}` });
  msgs.push({ id: 'x1', userId: 'A&<"', time: 0, repostOf: 'p0' }); // a loop for A
  // Background: without other accounts, three users sharing everything would be no surprise.
  let seed = 1;
  const r = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < 3000; i++)
    msgs.push({
      id: `bg${i}`,
      userId: `bg${i % 300}`,
      time: Math.floor(r() * 100_000),
      repostOf: `q${Math.floor(r() * 2000)}`,
    });
  return msgs;
};

test('edges CSV: QUT header, min weight and loops, quoted ids; clusters CSV', async () => {
  const set = messageSetFrom(ring());
  const d = await detectCoordination(set, 'co-repost');
  const csv = await collect((o) => writeEdgesCsv(o, set, d.edges, { minWeight: 2 }));
  const lines = csv.trim().split('\n');
  assert.equal(lines[0], 'user_1,user_2,weight');
  assert.ok(lines.includes('"A&<""","B,1",11'), csv);
  assert.ok(!lines.some((l) => l.startsWith('"A&<""","A&<"""')), 'no loop unless asked');
  const withLoops = await collect((o) => writeEdgesCsv(o, set, d.edges, { minWeight: 1, loops: true }));
  assert.ok(withLoops.includes('"A&<""","A&<""",2'), withLoops);
  const clusters = await collect((o) => writeClustersCsv(o, set, d.clusters));
  const rows = clusters.trim().split('\n');
  assert.equal(rows[0], 'cluster,user_id,score');
  assert.equal(rows.length, 4);
  assert.ok(
    rows.slice(1).every((r) => r.startsWith('1,')),
    clusters,
  );
});

test('pseudonyms: stable for a key, different across keys, no names', async () => {
  const set = messageSetFrom(ring());
  const d = await detectCoordination(set, 'co-repost');
  const a = await collect((o) => writeEdgesCsv(o, set, d.edges, { minWeight: 2, pseudonymKey: 'k1' }));
  const b = await collect((o) => writeEdgesCsv(o, set, d.edges, { minWeight: 2, pseudonymKey: 'k1' }));
  const c = await collect((o) => writeEdgesCsv(o, set, d.edges, { minWeight: 2, pseudonymKey: 'k2' }));
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.ok(a.includes(pseudonym('k1', 'C')));
  assert.ok(!a.includes('B,1'));
  const g = await collect((o) => writeGexf(o, set, d.edges, { minWeight: 2, pseudonymKey: 'k1' }));
  assert.ok(!g.includes('name'), 'no user names in a pseudonymised GEXF');
});

test('GEXF 1.3: escaped labels, directed weighted edges, cluster attributes, no invalid characters', async () => {
  const msgs = ring();
  msgs[0].username = 'A\u0001 <b>&';
  const set = messageSetFrom(msgs);
  const d = await detectCoordination(set, 'co-repost');
  const g = await collect((o) =>
    writeGexf(o, set, d.edges, { minWeight: 5, clusters: d.clusters, description: 'co-repost & co' }),
  );
  assert.match(g, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<gexf xmlns="http:\/\/gexf.net\/1.3"/);
  assert.match(g, /defaultedgetype="directed"/);
  assert.match(g, /<node id="A&amp;&lt;&quot;" label="A &lt;b&gt;&amp;">/);
  assert.match(g, /source="A&amp;&lt;&quot;" target="B,1" weight="11">/);
  assert.match(g, /<attvalue for="cluster" value="1"\/>/);
  assert.ok(!g.includes('\u0001'));
  assert.equal((g.match(/<edge /g) ?? []).length, 6);
  assert.ok(g.trim().endsWith('</gexf>'));
});
