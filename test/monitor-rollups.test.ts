// The rollups an import maintains (many small batches and transactions, duplicates in a file, a
// re-import that changes engagement) equal the rollups computed afresh by scanning the stored posts,
// table by table and row by row, on either database.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { envelope, instagramItem, ndjson, threadsItem, tiktokItem, tmpFile, xItem } from './helpers/monitor.ts';

const SYSTEM = { system: 'test' };
const TAGS = [
  'ЗаңдыӨзгерт',
  'МеняйЗакон',
  'ChangeTheLaw',
  'NeMolchi',
  'НеМолчи',
  'ForSaltanat',
  'ЗаСалтанат',
  'Almaty',
  'астана',
  'qazaqstan',
  'women',
  'әйел',
  'justice',
  'суд',
  'news',
];
const TEXTS = [
  'Біз заңды өзгертуді талап етеміз',
  'Мы требуем изменить закон',
  'We demand a change in the law',
  'Хватит молчать',
  'Standing together today',
  'Әйелдерге қарсы зорлық тоқтасын',
  'Wir stehen zusammen',
];

/** A deterministic file of posts: four platforms, authors posting several times, times out of order. */
function posts(n: number, seed: number, bump = 0, from = Date.UTC(2024, 3, 1), prefix = '') {
  let s = seed;
  const r = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const items: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(from + Math.floor((i / n) * 4 * 86_400_000 + (r() - 0.5) * 6 * 3_600_000)).toISOString();
    const tags = [
      ...new Set(Array.from({ length: Math.floor(r() * 4) }, () => TAGS[Math.floor(r() ** 2 * TAGS.length)])),
    ];
    const text = `${TEXTS[Math.floor(r() * TEXTS.length)]} ${tags.map((t) => '#' + t).join(' ')}`;
    const author = String(100 + Math.floor(r() ** 2 * 40));
    const likes = Math.floor(r() * 300) + bump;
    const kind = i % 4;
    if (kind === 0)
      items.push(
        envelope(
          'instagram.com',
          instagramItem({
            code: `C${prefix}${i}`,
            at,
            text,
            user: author,
            likes,
            comments: Math.floor(r() * 9) + bump,
          }),
        ),
      );
    else if (kind === 1)
      items.push(
        envelope(
          'tiktok.com',
          tiktokItem({
            id: `73${prefix}${i}`,
            at,
            text,
            tags,
            author,
            followers: 1000 + Number(author) * 10 + bump,
            likes,
          }),
        ),
      );
    else if (kind === 2)
      items.push(
        envelope(
          'x.com',
          xItem({ id: `17${prefix}${i}`, at, text, tags, user: author, followers: 500 + Number(author) }),
        ),
      );
    else items.push(envelope('threads.net', threadsItem({ code: `D${prefix}${i}`, at, text })));
  }
  return items;
}

type Row = Record<string, unknown>;
const key = (...parts: unknown[]) => parts.join('|');
const add = (m: Map<string, number[]>, k: string, v: number[]) => {
  const cell =
    m.get(k) ??
    m
      .set(
        k,
        v.map(() => 0),
      )
      .get(k)!;
  v.forEach((x, i) => (cell[i] += x));
};

/** The rollups as they follow from the stored posts alone (the definitions, with nothing incremental). */
function fromPosts(rows: Row[]) {
  const hours = new Map<string, number[]>();
  const tags = new Map<string, number[]>();
  const authors = new Map<string, { posts: number; engagement: number; first: Row; last: string; followers: number }>();
  const top = new Map<string, Array<{ k: string; id: string; s: number; p: string; l: string }>>();
  const directory = new Map<string, { posts: number; first: string; last: string }>();
  const n = (v: unknown) => Number(v ?? 0);
  for (const p of [...rows].sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)))) {
    const at = String(p.created_at);
    const [hour, day] = [at.slice(0, 13), at.slice(0, 10)];
    const tagKeys: string[] = JSON.parse(String(p.tag_keys));
    const campaigns: string[] = JSON.parse(String(p.campaign_ids));
    const values = [1, n(p.likes), n(p.comments), n(p.shares), n(p.views), 0];
    const score = n(p.likes) + n(p.comments) + n(p.shares);
    const entry = {
      k: `${p.platform}:${p.external_id}`,
      id: String(p.id),
      s: score,
      p: String(p.platform),
      l: String(p.lang),
    };
    for (const scope of ['a', ...campaigns.map((c) => `c:${c}`)]) {
      add(hours, key(scope, hour, p.platform, p.lang), values);
      add(hours, key(`${scope}@d`, day, p.platform, p.lang), values);
      add(hours, key(`${scope}@h`, hour, '*', '*'), values);
      for (const period of [day, '*']) {
        for (const t of tagKeys) add(tags, key(scope, period, t), [1]);
        (top.get(key(scope, period)) ?? top.set(key(scope, period), []).get(key(scope, period))!).push(entry);
      }
      if (p.author_key) {
        const k = key(scope, p.author_key);
        const a = authors.get(k);
        if (!a) authors.set(k, { posts: 1, engagement: score, first: p, last: at, followers: n(p.author_followers) });
        else {
          a.posts++;
          a.engagement += score;
          a.last = at;
          a.followers = Math.max(a.followers, n(p.author_followers));
        }
      }
    }
    for (const t of tagKeys) {
      const scope = `t:${t}`;
      add(hours, key(scope, day, '*', '*'), values);
      add(hours, key(scope, '*', p.platform, '*'), values);
      add(hours, key(scope, '*', '*', p.lang), values);
      for (const o of tagKeys) if (o !== t) add(tags, key(scope, '*', o), [1]);
      (top.get(key(scope, '*')) ?? top.set(key(scope, '*'), []).get(key(scope, '*'))!).push(entry);
      const d = directory.get(t);
      if (!d) directory.set(t, { posts: 1, first: at, last: at });
      else {
        d.posts++;
        d.last = at;
      }
    }
  }
  // New authors: each author counts once, in the hour (and day) of their first post in the scope.
  for (const [k, a] of authors) {
    const scope = k.split('|')[0];
    const at = String(a.first.created_at);
    add(hours, key(scope, at.slice(0, 13), a.first.platform, a.first.lang), [0, 0, 0, 0, 0, 1]);
    add(hours, key(`${scope}@d`, at.slice(0, 10), a.first.platform, a.first.lang), [0, 0, 0, 0, 0, 1]);
  }
  // Top lists: the ten best overall, and for everything and campaigns per platform and per language.
  const lists = new Map<string, string[]>();
  for (const [k, entries] of top) {
    const perDimension = !k.startsWith('t:');
    const sorted = entries.sort((a, b) => b.s - a.s || (a.k < b.k ? -1 : 1));
    const count = new Map<string, number>();
    const kept = sorted.filter((e, i) => {
      const np = (count.get('p' + e.p) ?? 0) + 1;
      const nl = (count.get('l' + e.l) ?? 0) + 1;
      count.set('p' + e.p, np);
      count.set('l' + e.l, nl);
      return i < 10 || (perDimension && (np <= 10 || nl <= 10));
    });
    lists.set(
      k,
      kept.map((e) => `${e.k}:${e.s}`),
    );
  }
  return { hours, tags, authors, lists, directory };
}

describe('monitor: rollups maintained on ingest equal rollups recomputed from the posts', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
  });
  after(() => t.close());

  test('small batches, many transactions, duplicates, then a re-import with more engagement and earlier posts', async () => {
    const first = posts(700, 7);
    // The same posts again inside the file (later copies win); then, in one transaction, half of them
    // again with more likes, comments and followers, among new posts by the same people from the
    // week before (their first posts move earlier).
    const file = tmpFile('rollups.ndjson', ndjson([...first, ...first.slice(0, 40)]));
    const s1 = await t.services.monitor.importFile(
      { file, format: 'zeeschuimer', batchSize: 23, chunkBatches: 4 },
      SYSTEM,
    );
    assert.equal(s1.inserted, 700);
    assert.equal(s1.updated, 40);
    const again = tmpFile(
      'rollups-again.ndjson',
      ndjson([...posts(700, 7, 25).filter((_, i) => i % 2 === 0), ...posts(300, 11, 0, Date.UTC(2024, 2, 25), 'e')]),
    );
    // One transaction, its rollups written whenever they hold 60 entries (as memory bounds them).
    const s2 = await t.services.monitor.importFile(
      { file: again, format: 'zeeschuimer', batchSize: 31, maxPendingRollups: 60 },
      SYSTEM,
    );
    assert.equal(s2.inserted, 300);
    assert.equal(s2.updated, 350);

    const db = t.services.db;
    const expected = fromPosts(await db.selectFrom('monitor_posts').selectAll().execute());

    const nonZero = (m: Map<string, number[]>) => new Map([...m].filter(([, v]) => v.some((x) => x !== 0)).sort());
    const hours = new Map(
      (await db.selectFrom('monitor_rollup_hours').selectAll().execute()).map((r) => [
        key(r.scope, r.bucket, r.platform, r.lang),
        [r.posts, r.likes, r.comments, r.shares, r.views, r.new_authors].map(Number),
      ]),
    );
    assert.deepEqual(nonZero(hours), nonZero(expected.hours));

    const tags = new Map(
      (await db.selectFrom('monitor_rollup_tags').selectAll().execute())
        .filter((r) => Number(r.posts) !== 0)
        .map((r) => [key(r.scope, r.day, r.tag), Number(r.posts)]),
    );
    assert.deepEqual(new Map([...tags].sort()), new Map([...expected.tags].map(([k, v]) => [k, v[0]] as const).sort()));

    const authors = await db.selectFrom('monitor_scope_authors').selectAll().execute();
    assert.equal(authors.length, expected.authors.size);
    for (const a of authors) {
      const e = expected.authors.get(key(a.scope, a.author_key));
      assert.ok(e, `${a.scope} ${a.author_key}`);
      assert.deepEqual(
        [Number(a.posts), Number(a.engagement), a.first_at, a.first_lang, a.last_at, Number(a.followers)],
        [e.posts, e.engagement, e.first.created_at, e.first.lang, e.last, e.followers],
        `${a.scope} ${a.author_key}`,
      );
    }

    // The overview's unique authors (read from the new-author counts) are the distinct authors of
    // the scope's posts, over all platforms and on each.
    const stored = await db.selectFrom('monitor_posts').select(['platform', 'author_key', 'campaign_ids']).execute();
    const m = t.services.monitor;
    for (const campaign of [null, ...new Set(stored.flatMap((p) => JSON.parse(p.campaign_ids) as string[]))]) {
      const scope = campaign ? m.scopeFor('campaign', campaign) : m.scopeFor('all');
      const inScope = stored.filter((p) => p.author_key && (!campaign || p.campaign_ids.includes(campaign)));
      assert.equal((await m.overview({ scope })).uniqueAuthors, new Set(inScope.map((p) => p.author_key)).size, scope);
      for (const platform of ['instagram', 'tiktok']) {
        assert.equal(
          (await m.overview({ scope, platform })).uniqueAuthors,
          new Set(inScope.filter((p) => p.platform === platform).map((p) => p.author_key)).size,
          `${scope} ${platform}`,
        );
      }
    }

    const lists = new Map(
      (await db.selectFrom('monitor_rollup_top').selectAll().execute()).map((r) => [
        key(r.scope, r.day),
        (JSON.parse(r.posts) as Array<{ k: string; s: number }>).map((e) => `${e.k}:${e.s}`),
      ]),
    );
    assert.deepEqual(new Map([...lists].sort()), new Map([...expected.lists].sort()));

    const directory = await db.selectFrom('monitor_tags').selectAll().execute();
    assert.deepEqual(
      new Map(directory.map((d) => [d.key, [Number(d.posts), d.first_at, d.last_at]])),
      new Map([...expected.directory].map(([k, d]) => [k, [d.posts, d.first, d.last]])),
    );
  });
});
