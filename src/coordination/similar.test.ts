import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageSetFrom, type MessageInput } from './message-set.ts';
import { similarGroups, similarText } from './similar.ts';
import { rng } from './synthetic.ts';

test('the text is compared folded: case, Kazakh letters, links, mentions and punctuation aside', () => {
  assert.equal(similarText('ҚАЗАҚСТАН, әйелдер!!! https://t.co/x @aigul_kz'), similarText('казакстан аиелдер'));
  assert.equal(similarText('Ёлка\u200b  й'), 'елка и');
  assert.equal(similarText('mail a@b.kz'), 'mail a b kz', 'an e-mail address is not a mention');
});

test('near-duplicates with small edits are grouped, different texts are not, reposts take no part', async () => {
  const base = 'Біз әйелдерге қарсы зорлық-зомбылық туралы заңды өзгертуді талап етеміз, бүгін қол қойыңыз';
  const other = 'Мы требуем изменить закон о насилии в семье, подпишите петицию сегодня и расскажите друзьям';
  const r = rng(3);
  const words = 'алма кітап жол қала ауыл дала тау өзен көл орман теңіз аспан жер күн ай жұлдыз'.split(' ');
  const msgs: MessageInput[] = [
    { id: 'a1', userId: 'A', time: 0, text: base },
    { id: 'a2', userId: 'B', time: 5, text: base.replace('бүгін', 'ертең') + ' 🔥' },
    { id: 'a3', userId: 'C', time: 9, text: base.toUpperCase() + ' https://x.kz/1' },
    { id: 'b1', userId: 'D', time: 1, text: other },
    { id: 'b2', userId: 'E', time: 2, text: other.replace('сегодня', 'срочно') + '!!' },
    { id: 'r', userId: 'F', time: 3, text: base, repostOf: 'a1' },
    { id: 's', userId: 'G', time: 3, text: 'спасибо' },
  ];
  for (let i = 0; i < 300; i++)
    msgs.push({
      id: `n${i}`,
      userId: `N${i}`,
      time: i,
      text: Array.from({ length: 20 }, () => words[Math.floor(r() * words.length)]).join(' '),
    });
  const set = messageSetFrom(msgs);
  const g = await similarGroups(set);
  const at = (id: string) => g.group[set.messageIds.indexOf(id)];
  assert.notEqual(at('a1'), -1);
  assert.equal(at('a2'), at('a1'));
  assert.equal(at('a3'), at('a1'));
  assert.notEqual(at('b1'), -1);
  assert.equal(at('b2'), at('b1'));
  assert.notEqual(at('b1'), at('a1'));
  assert.equal(at('r'), -1, 'a repost copies, it is not a paste');
  assert.equal(at('s'), -1, 'too short to count');
  const noise = msgs.filter((m) => m.id.startsWith('n') && at(m.id) !== -1).length;
  assert.ok(noise <= 6, `random texts from one small vocabulary grouped: ${noise}`);
});

test('deterministic: the same input gives the same groups', async () => {
  const msgs: MessageInput[] = Array.from({ length: 50 }, (_, i) => ({
    id: String(i),
    userId: `u${i % 7}`,
    time: i,
    text: `Бірдей мәтін нөмірі ${i % 5} бірақ ұзынырақ болуы керек, солай емес пе`,
  }));
  const a = await similarGroups(messageSetFrom(msgs));
  const b = await similarGroups(messageSetFrom(msgs));
  assert.deepEqual([...a.group], [...b.group]);
});
