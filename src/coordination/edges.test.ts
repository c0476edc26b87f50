// Conformance with QUT's edge definition, written from the definition itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterEvidence, detectCoordination, messageSetFrom, type MessageInput } from './index.ts';

const edgesOf = async (
  msgs: MessageInput[],
  type: Parameters<typeof detectCoordination>[1],
  window = 60,
  minWeight = 1,
) => {
  const set = messageSetFrom(msgs);
  const { edges } = await detectCoordination(set, type, { window, minWeight });
  const out: Record<string, number> = {};
  for (let i = 0; i < edges.count; i++)
    if (edges.weight[i] >= minWeight)
      out[`${set.users.values[edges.src[i]]}>${set.users.values[edges.dst[i]]}`] = edges.weight[i];
  return out;
};

test('asymmetric weights: A reposts twice within the window, B once', async () => {
  const e = await edgesOf(
    [
      { id: '1', userId: 'A', time: 100, repostOf: 'x' },
      { id: '2', userId: 'A', time: 110, repostOf: 'x' },
      { id: '3', userId: 'B', time: 120, repostOf: 'x' },
    ],
    'co-repost',
  );
  assert.equal(e['A>B'], 2);
  assert.equal(e['B>A'], 1);
  assert.equal(e['A>A'], 2, 'the loop is computed (the writer drops it unless asked)');
});

test('the window is inclusive, and one second more is outside', async () => {
  const mk = (gap: number): MessageInput[] => [
    { id: '1', userId: 'A', time: 1000, repostOf: 'x' },
    { id: '2', userId: 'B', time: 1000 + gap, repostOf: 'x' },
  ];
  assert.deepEqual(await edgesOf(mk(60), 'co-repost'), { 'A>B': 1, 'B>A': 1 });
  assert.deepEqual(await edgesOf(mk(61), 'co-repost'), {});
  assert.deepEqual(await edgesOf(mk(0.5), 'co-repost', 0), {});
  assert.deepEqual(await edgesOf(mk(0), 'co-repost', 0), { 'A>B': 1, 'B>A': 1 });
});

test('no empty key: messages without a link, repost or reply never match', async () => {
  const msgs: MessageInput[] = [
    { id: '1', userId: 'A', time: 0, text: 'no link here at all', urls: [] },
    { id: '2', userId: 'B', time: 1, text: 'nothing either', urls: [''] },
    { id: '3', userId: 'C', time: 2, urls: ['not a url', 'javascript:alert(1)'] },
  ];
  assert.deepEqual(await edgesOf(msgs, 'co-link'), {});
  assert.deepEqual(await edgesOf(msgs, 'co-repost'), {});
  assert.deepEqual(await edgesOf(msgs, 'co-reply'), {});
  assert.deepEqual(await edgesOf(msgs, 'co-hashtag'), {});
});

test('distinct e1: a message with two links matching the same user counts once', async () => {
  const e = await edgesOf(
    [
      { id: '1', userId: 'A', time: 0, urls: ['https://a.kz/1', 'https://b.kz/2'] },
      { id: '2', userId: 'B', time: 5, urls: ['https://a.kz/1?utm_source=x', 'https://www.b.kz/2/'] },
      { id: '3', userId: 'B', time: 6, urls: ['https://a.kz/1'] },
    ],
    'co-link',
  );
  assert.equal(e['A>B'], 1);
  assert.equal(e['B>A'], 2, 'two distinct e1 of B');
});

test('weights count e1 over several objects; min weight drops edges before anything else', async () => {
  const msgs: MessageInput[] = [];
  for (let k = 0; k < 3; k++) {
    msgs.push({ id: `a${k}`, userId: 'A', time: k * 1000, replyTo: `p${k}` });
    msgs.push({ id: `b${k}`, userId: 'B', time: k * 1000 + 30, replyTo: `p${k}` });
  }
  msgs.push({ id: 'c', userId: 'C', time: 30, replyTo: 'p0' });
  assert.deepEqual(await edgesOf(msgs, 'co-reply', 60, 2), { 'A>B': 3, 'B>A': 3 });
  const all = await edgesOf(msgs, 'co-reply', 60, 1);
  assert.equal(all['A>C'], 1);
  assert.equal(all['C>B'], 1);
});

test('co-post matches any two messages in the window; co-hashtag needs the same set of two or more', async () => {
  const msgs: MessageInput[] = [
    { id: '1', userId: 'A', time: 0, text: '#ЗаңдыӨзгерт #NeMolchi бірге' },
    { id: '2', userId: 'B', time: 10, text: 'біз де #nemolchi #заңдыөзгерт' },
    { id: '3', userId: 'C', time: 20, text: 'тек #NeMolchi' },
  ];
  assert.deepEqual(await edgesOf(msgs, 'co-hashtag'), { 'A>B': 1, 'B>A': 1 });
  const post = await edgesOf(msgs, 'co-post');
  assert.equal(Object.keys(post).length, 6);
});

test('an aborted run stops with the signal reason', async () => {
  const set = messageSetFrom([{ id: '1', userId: 'A', time: 0, repostOf: 'x' }]);
  const ac = new AbortController();
  ac.abort(new Error('stop'));
  await assert.rejects(detectCoordination(set, 'co-repost', { signal: ac.signal }), /stop/);
});

test('significance: a small ring is found among a viral burst and busy accounts; its evidence is kept', async () => {
  let seed = 5;
  const r = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const msgs: MessageInput[] = [];
  let id = 0;
  // A viral burst: 800 accounts within ten minutes; 10 busy accounts in it and everywhere else.
  for (let i = 0; i < 800; i++)
    msgs.push({ id: `v${id++}`, userId: `p${i}`, time: 5000 + r() * 600, repostOf: 'viral' });
  for (let b = 0; b < 10; b++)
    for (let k = 0; k < 300; k++)
      msgs.push({ id: `b${id++}`, userId: `busy${b}`, time: r() * 86400, repostOf: `o${Math.floor(r() * 50)}` });
  for (let i = 0; i < 3000; i++)
    msgs.push({ id: `o${id++}`, userId: `p${i % 900}`, time: r() * 86400, repostOf: `o${Math.floor(r() * 400)}` });
  // The ring: four accounts, six objects, within 20 s.
  for (let k = 0; k < 6; k++)
    for (let j = 0; j < 4; j++)
      msgs.push({
        id: `r${id++}`,
        userId: `ring${j}`,
        time: 20000 + k * 3000 + j * 5,
        repostOf: `push${k}`,
        text: `t${k}`,
      });
  const set = messageSetFrom(msgs);
  const d = await detectCoordination(set, 'co-repost');
  assert.equal(d.clusters.length, 1, 'one cluster');
  assert.deepEqual(d.clusters[0].users.map((u) => set.users.values[u]).sort(), ['ring0', 'ring1', 'ring2', 'ring3']);
  const ev = clusterEvidence(set, d.keys, d.edges, d.clusters[0]);
  assert.equal(ev.length, 6);
  assert.equal(ev[0].messages.length, 4);
  assert.ok(ev.every((e) => e.key.startsWith('push')));
  assert.equal(ev[0].messages[0].text, `t${ev[0].key.slice(4)}`);
});
