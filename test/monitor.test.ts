// The social monitor through its service on a real database: imports (Zeeschuimer, 4CAT, mapped
// CSV), dedupe and re-import, rejects with reasons and line numbers, resumable imports, campaign
// mapping through alias groups, rollups and analytics, exports.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sqliteBulk } from '../src/db/portable.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { envelope, instagramItem, ndjson, threadsItem, tiktokItem, tmpFile, xItem } from './helpers/monitor.ts';

const SYSTEM = { system: 'test' };

describe('monitor: imports and analytics', () => {
  let t: TestApp;
  let changeTheLaw: string;
  let nemolchi: string;
  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
    changeTheLaw = (await t.services.campaigns.getBySlug('changethelaw')).id;
    nemolchi = (await t.services.campaigns.getBySlug('nemolchi')).id;
  });
  after(() => t.close());

  const zeeschuimer = () =>
    tmpFile(
      'zs.ndjson',
      ndjson([
        envelope(
          'instagram.com',
          instagramItem({
            code: 'CaaA1',
            at: '2024-03-31T10:15:00Z',
            text: 'Біз заңды өзгертуді талап етеміз #ЗаңдыӨзгерт #Almaty',
            likes: 10,
          }),
        ),
        envelope(
          'tiktok.com',
          tiktokItem({
            id: '7300000000000000001',
            at: '2024-03-31T11:00:00Z',
            text: 'Мы требуем изменить закон #МеняйЗакон #НеМолчи',
            tags: ['МеняйЗакон', 'НеМолчи'],
          }),
        ),
        envelope(
          'x.com',
          xItem({
            id: '1770000000000000001',
            at: '2024-03-31T12:30:00Z',
            text: 'We demand a change in the law #ZañdyÖzgert',
            tags: ['ZañdyÖzgert'],
          }),
        ),
        envelope(
          'threads.net',
          threadsItem({
            code: 'DthR1',
            at: '2024-04-01T09:00:00Z',
            text: 'Biz zandy ozgertudi talap etemiz #NeMolchi',
          }),
        ),
        '{"this is": not json',
        envelope('linkedin.com', { id: 'li1' }),
        envelope(
          'instagram.com',
          instagramItem({ code: 'CaaA2', at: '1999-01-01T00:00:00Z', text: 'too old #ChangeTheLaw' }),
        ),
        envelope('tiktok.com', { desc: 'no id', createTime: 1711000000 }),
        envelope('instagram.com', {
          ...instagramItem({ code: 'Cad1', at: '2024-03-31T10:00:00Z', text: 'ad' }),
          product_type: 'ad',
        }),
        '',
        envelope(
          'instagram.com',
          instagramItem({
            code: 'CaaA1',
            at: '2024-03-31T10:15:00Z',
            text: 'Біз заңды өзгертуді талап етеміз #ЗаңдыӨзгерт #Almaty',
            likes: 12,
          }),
        ),
      ]),
    );

  test('Zeeschuimer NDJSON: posts stored once, bad lines rejected with their reason and line number', async () => {
    const s = await t.services.monitor.importFile({ file: zeeschuimer(), format: 'zeeschuimer' }, SYSTEM);
    assert.equal(s.read, 10);
    assert.equal(s.inserted, 4);
    assert.equal(s.rejected, 5);
    assert.deepEqual(
      s.rejects.map((r) => [r.line, r.reason]),
      [
        [5, 'bad_json'],
        [6, 'unsupported_platform'],
        [7, 'bad_time'],
        [8, 'no_id'],
        [9, 'not_a_post'],
      ],
    );
    const posts = await t.services.db.selectFrom('monitor_posts').selectAll().orderBy('created_at').execute();
    assert.equal(posts.length, 4);
    const ig = posts.find((p) => p.external_id === 'CaaA1')!;
    assert.equal(ig.likes, 12, 'the later copy of a post in the same file wins');
    assert.equal(ig.lang, 'kk');
    assert.deepEqual(JSON.parse(ig.tag_keys), ['зандыозгерт', 'almaty']);
    assert.deepEqual(JSON.parse(ig.campaign_ids), [changeTheLaw]);
    assert.equal(ig.url, 'https://www.instagram.com/p/CaaA1/');
    assert.equal(ig.author_key, 'instagram:111');
    const tt = posts.find((p) => p.platform === 'tiktok')!;
    assert.equal(tt.lang, 'ru');
    assert.deepEqual(JSON.parse(tt.campaign_ids).sort(), [changeTheLaw, nemolchi].sort());
    const x = posts.find((p) => p.platform === 'x')!;
    assert.deepEqual(
      JSON.parse(x.campaign_ids),
      [changeTheLaw],
      '#ZañdyÖzgert matches #ЗаңдыӨзгерт by transliteration',
    );
    assert.equal(x.lang, 'en');
    assert.equal(x.created_at, '2024-03-31T12:30:00.000Z');
    const th = posts.find((p) => p.platform === 'threads')!;
    assert.equal(th.lang, 'kk', 'Kazakh typed in Latin letters');
    assert.deepEqual(JSON.parse(th.campaign_ids), [nemolchi]);
  });

  test('re-importing the same file only refreshes engagement; the rollups follow', async () => {
    const file = tmpFile(
      'zs2.ndjson',
      ndjson([
        envelope(
          'instagram.com',
          instagramItem({
            code: 'CaaA1',
            at: '2024-03-31T10:15:00Z',
            text: 'Біз заңды өзгертуді талап етеміз #ЗаңдыӨзгерт #Almaty',
            likes: 50,
            comments: 4,
          }),
        ),
      ]),
    );
    const before = await t.services.monitor.overview({ scope: t.services.monitor.scopeFor('campaign', changeTheLaw) });
    const s = await t.services.monitor.importFile({ file, format: 'zeeschuimer' }, SYSTEM);
    assert.equal(s.inserted, 0);
    assert.equal(s.updated, 1);
    const after = await t.services.monitor.overview({ scope: t.services.monitor.scopeFor('campaign', changeTheLaw) });
    assert.equal(after.totals.posts, before.totals.posts);
    assert.equal(after.totals.likes, before.totals.likes + 38);
    assert.equal(after.totals.comments, before.totals.comments + 3);
  });

  test('campaign analytics: volume, platforms, languages, authors, top posts, co-hashtags', async () => {
    const scope = t.services.monitor.scopeFor('campaign', changeTheLaw);
    const o = await t.services.monitor.overview({ scope }, 'hour');
    assert.equal(o.totals.posts, 3);
    assert.equal(o.granularity, 'hour');
    assert.equal(o.series[0].t, '2024-03-31T10');
    assert.equal(o.series.length, 3);
    assert.deepEqual(o.byPlatform.map((p) => p.key).sort(), ['instagram', 'tiktok', 'x']);
    assert.deepEqual(o.byLang.map((p) => p.key).sort(), ['en', 'kk', 'ru']);
    assert.equal(o.uniqueAuthors, 3);
    assert.equal(o.totals.newAuthors, 3);
    const onlyKk = await t.services.monitor.overview({ scope, lang: 'kk' });
    assert.equal(onlyKk.totals.posts, 1);
    const top = await t.services.monitor.topPosts({ scope });
    assert.equal(top[0].externalId, '7300000000000000001', 'TikTok post: 108 interactions');
    assert.equal(top[1].externalId, 'CaaA1');
    assert.equal((await t.services.monitor.topPosts({ scope, platform: 'x' }))[0].platform, 'x');
    const authors = await t.services.monitor.topAuthors({ scope });
    assert.equal(authors[0].handle, 'x_333', 'ordered by reach (followers)');
    const co = await t.services.monitor.coHashtags({ scope });
    assert.deepEqual(
      co.map((c) => c.tag).sort(),
      ['Almaty', 'ZañdyÖzgert', 'ЗаңдыӨзгерт', 'МеняйЗакон', 'НеМолчи'].sort(),
    );
    const tag = await t.services.monitor.overview({ scope: t.services.monitor.scopeFor('hashtag', '#неМОЛЧИ') });
    assert.equal(tag.totals.posts, 1);
    assert.equal(tag.granularity, 'day');
    const dated = await t.services.monitor.overview({ scope, from: '2024-04-01', to: '2024-04-30' });
    assert.equal(dated.totals.posts, 0);
  });

  test('4CAT CSV exports: platform recognised from the columns, unix_timestamp preferred', async () => {
    const tiktok = tmpFile(
      'tiktok.csv',
      'id,thread_id,author,author_full,author_followers,body,timestamp,unix_timestamp,likes,comments,shares,plays,hashtags,tiktok_url,music_name\n' +
        '7300000000000000009,7300000000000000009,aizhan,Айжан,"1,200","Әйелдерге қарсы зорлық тоқтасын #ЗаңдыӨзгерт",2024-04-02 05:00:00,1712016000,15,2,1,300,ЗаңдыӨзгерт,https://www.tiktok.com/@aizhan/video/7300000000000000009,orig\n' +
        '7300000000000000010,7300000000000000010,bad,,,"no time",,,,,,,,,\n',
    );
    const s = await t.services.monitor.importFile({ file: tiktok, format: '4cat' }, SYSTEM);
    assert.equal(s.platform, 'tiktok');
    assert.equal(s.inserted, 1);
    assert.deepEqual(
      s.rejects.map((r) => [r.line, r.reason]),
      [[3, 'no_time']],
    );
    const row = await t.services.db
      .selectFrom('monitor_posts')
      .selectAll()
      .where('external_id', '=', '7300000000000000009')
      .executeTakeFirstOrThrow();
    assert.equal(row.created_at, '2024-04-02T00:00:00.000Z', 'unix_timestamp, not the local-time column');
    assert.equal(row.author_followers, 1200);

    const telegram = tmpFile(
      'tg.csv',
      'id,thread_id,chat,author,author_username,author_name,author_is_bot,body,reply_to,views,timestamp,unix_timestamp\n42,42,nemolchi_kz,1,,NeMolchi,False,Бүгін алаңға шығамыз #НеМолчи,,900,2024-04-03 10:00:00,1712138400\n',
    );
    const tg = await t.services.monitor.importFile({ file: telegram, format: '4cat' }, SYSTEM);
    assert.equal(tg.platform, 'telegram');
    assert.equal(tg.inserted, 1);
    assert.ok(
      await t.services.db
        .selectFrom('monitor_posts')
        .select('id')
        .where('external_id', '=', 'nemolchi_kz/42')
        .executeTakeFirst(),
    );

    const unknown = tmpFile('odd.csv', 'foo,bar\n1,2\n');
    await assert.rejects(t.services.monitor.importFile({ file: unknown, format: '4cat' }, SYSTEM), /foo, bar/);
  });

  test('mapped CSV: required columns checked before reading; Windows-1251 files decoded', async () => {
    const header = 'post,conv,who,message,date\n';
    const cp1251 = Buffer.from(new TextEncoder().encode(header));
    // "Защитим наших дочерей" in Windows-1251.
    const ru = Buffer.from([
      0xc7, 0xe0, 0xf9, 0xe8, 0xf2, 0xe8, 0xec, 0x20, 0xed, 0xe0, 0xf8, 0xe8, 0xf5, 0x20, 0xe4, 0xee, 0xf7, 0xe5, 0xf0,
      0xe5, 0xe9,
    ]);
    const file = tmpFile(
      'mapped.csv',
      Buffer.concat([
        cp1251,
        Buffer.from('m1,m1,someone,'),
        ru,
        Buffer.from(' #МеняйЗакон,2024-04-05T08:00:00Z\n'.replace('#МеняйЗакон', '')),
        Buffer.from('m2,m1,other,reply,not a date\n'),
      ]),
    );
    const s = await t.services.monitor.importFile(
      {
        file,
        format: 'csv',
        platform: 'facebook',
        columns: 'id=post,thread_id=conv,author=who,body=message,timestamp=date',
      },
      SYSTEM,
    );
    assert.equal(s.encoding, 'windows-1251');
    assert.equal(s.inserted, 1);
    assert.deepEqual(
      s.rejects.map((r) => [r.line, r.reason]),
      [[3, 'no_time']],
    );
    const row = await t.services.db
      .selectFrom('monitor_posts')
      .selectAll()
      .where('external_id', '=', 'm1')
      .executeTakeFirstOrThrow();
    assert.match(row.text, /^Защитим наших дочерей/);
    assert.equal(row.platform, 'facebook');
    assert.equal(row.lang, 'ru');
    await assert.rejects(t.services.monitor.importFile({ file, format: 'csv', columns: 'id=nope' }, SYSTEM), /nope/);
  });

  test('an interrupted import resumes after its last stored batch', async () => {
    const items = Array.from({ length: 25 }, (_, i) =>
      envelope(
        'tiktok.com',
        tiktokItem({
          id: `75000000000000000${String(i).padStart(2, '0')}`,
          at: `2024-04-10T${String(i % 24).padStart(2, '0')}:00:00Z`,
          text: `Хватит молчать #НеМолчи ${i}`,
          tags: ['НеМолчи'],
          author: String(900 + i),
        }),
      ),
    );
    const file = tmpFile('resume.ndjson', ndjson(items));
    let calls = 0;
    await assert.rejects(
      t.services.monitor.importFile(
        {
          file,
          format: 'zeeschuimer',
          batchSize: 10,
          chunkBatches: 1,
          onProgress: () => {
            if (++calls === 1) throw new Error('power cut');
          },
        },
        SYSTEM,
      ),
      /power cut/,
    );
    const stored = await t.services.db
      .selectFrom('monitor_posts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('external_id', 'like', '750000000000000%')
      .executeTakeFirstOrThrow();
    assert.equal(Number(stored.n), 10);
    const s = await t.services.monitor.importFile(
      { file, format: 'zeeschuimer', batchSize: 10, chunkBatches: 1 },
      SYSTEM,
    );
    assert.equal(s.resumedFromLine, 10);
    assert.equal(s.inserted, 25);
    assert.equal(s.read, 25);
    const tag = await t.services.monitor.overview({ scope: t.services.monitor.scopeFor('hashtag', 'НеМолчи') });
    assert.equal(tag.totals.posts, 27);
  });

  test('timed transactions: posts read with no transaction open, many short commits, resumed after the last', async () => {
    const items = Array.from({ length: 2400 }, (_, i) =>
      envelope(
        'tiktok.com',
        tiktokItem({
          id: `7600000000000${String(i).padStart(6, '0')}`,
          at: `2024-04-11T${String(i % 24).padStart(2, '0')}:00:00Z`,
          text: `Timed #НеМолчи ${i}`,
          tags: ['НеМолчи'],
          author: String(5000 + (i % 50)),
        }),
      ),
    );
    const file = tmpFile('timed.ndjson', ndjson(items));
    const before = (await t.services.monitor.overview({ scope: t.services.monitor.scopeFor('hashtag', 'НеМолчи') }))
      .totals.posts;
    let commits = 0;
    // The first transaction takes 1,000 posts; with a 1 ms budget the next ones take fewer (at least
    // 250). The second commit's progress report is cut off; the next run resumes after what was stored.
    await assert.rejects(
      t.services.monitor.importFile(
        {
          file,
          format: 'zeeschuimer',
          maxTransactionMs: 1,
          onProgress: () => {
            if (++commits === 2) throw new Error('power cut');
          },
        },
        SYSTEM,
      ),
      /power cut/,
    );
    commits = 0;
    const s = await t.services.monitor.importFile(
      { file, format: 'zeeschuimer', maxTransactionMs: 1, onProgress: () => void commits++ },
      SYSTEM,
    );
    assert.ok(s.resumedFromLine >= 1250 && s.resumedFromLine <= 2000, String(s.resumedFromLine));
    assert.ok(commits >= 1, `${commits} commits`);
    assert.equal(s.inserted, 2400);
    const tag = await t.services.monitor.overview({ scope: t.services.monitor.scopeFor('hashtag', 'НеМолчи') });
    assert.equal(tag.totals.posts, before + 2400, 'each post counted once in the rollups');
  });

  test('SQLite: the writer connection gets its own settings back after an import, finished or failed', async (ctx) => {
    const sqlite = sqliteBulk(t.services.writer);
    if (!sqlite) return ctx.skip('PostgreSQL has no connection settings to tune');
    assert.notEqual(t.services.writer, t.services.db, 'a server writes through the worker thread');
    const settings = async () => ({
      synchronous: await sqlite.pragma('synchronous'),
      cache: await sqlite.pragma('cache_size'),
      checkpoint: await sqlite.pragma('wal_autocheckpoint'),
    });
    const before = await settings();
    assert.equal(before.synchronous, 2); // FULL: what petitions rely on
    await t.services.monitor.importFile({ file: zeeschuimer(), format: 'zeeschuimer' }, SYSTEM);
    assert.deepEqual(await settings(), before);
    const file = tmpFile(
      'cut.ndjson',
      ndjson([
        envelope('tiktok.com', tiktokItem({ id: '7600000000000000001', at: '2024-04-10T10:00:00Z', text: '#НеМолчи' })),
      ]),
    );
    await assert.rejects(
      t.services.monitor.importFile(
        {
          file,
          format: 'zeeschuimer',
          onProgress: () => {
            throw new Error('power cut');
          },
        },
        SYSTEM,
      ),
      /power cut/,
    );
    assert.deepEqual(await settings(), before);
  });

  test('SQLite without the writer thread (the command line): one connection stores the import, rollups included, and gets its settings back', async (ctx) => {
    const cli = await startTestApp({ seedIfEmpty: true, writerThread: false });
    try {
      const sqlite = sqliteBulk(cli.services.db);
      if (!sqlite) return ctx.skip('PostgreSQL has no writer thread');
      assert.equal(cli.services.writer, cli.services.db, 'no second connection');
      const synchronous = await sqlite.pragma('synchronous');
      const s = await cli.services.monitor.importFile({ file: zeeschuimer(), format: 'zeeschuimer' }, SYSTEM);
      assert.equal(s.inserted, 4);
      assert.equal(await sqlite.pragma('synchronous'), synchronous);
      const all = await cli.services.monitor.overview({ scope: cli.services.monitor.scopeFor('all') });
      assert.equal(all.totals.posts, 4);
      assert.equal(all.uniqueAuthors, 4);
    } finally {
      await cli.close();
    }
  });

  test('exports: CSV and NDJSON, pseudonymised on request; GEXF co-hashtag network', async () => {
    const scope = t.services.monitor.scopeFor('campaign', changeTheLaw);
    const collect = async (it: AsyncIterable<string>) => {
      let s = '';
      for await (const c of it) s += c;
      return s;
    };
    const csv = await collect(t.services.monitor.exportPosts({ scope }, 'csv'));
    const lines = csv.trimEnd().split('\n');
    assert.match(lines[0], /^\ufeffplatform,external_id,url,created_at,author_key,author_handle/);
    assert.ok(csv.includes('insta_111'));
    const pseudo = await collect(t.services.monitor.exportPosts({ scope, pseudonymise: true, salt: 's1' }, 'ndjson'));
    assert.ok(!pseudo.includes('insta_111') && !pseudo.includes('instagram.com/p/'));
    const first = JSON.parse(pseudo.split('\n')[0]);
    assert.match(first.author_key, /^p_[0-9a-f]{16}$/);
    const again = JSON.parse(
      (await collect(t.services.monitor.exportPosts({ scope, pseudonymise: true, salt: 's1' }, 'ndjson'))).split(
        '\n',
      )[0],
    );
    assert.equal(again.author_key, first.author_key, 'the same salt gives the same pseudonyms');
    const gexf = await collect(t.services.monitor.exportGexf({ scope }));
    assert.match(gexf, /<gexf xmlns="http:\/\/gexf.net\/1.3" version="1.3">/);
    assert.match(gexf, /label="#ЗаңдыӨзгерт"/);
    assert.match(gexf, /<edge id="0" source="\d+" target="\d+" weight="1"\/>/);
  });

  test('a GEXF file says in words what its network covers: all posts, a campaign or a hashtag', async () => {
    const { monitor } = t.services;
    const description = async (scope: string, extra = {}) => {
      for await (const chunk of monitor.exportGexf({ scope, ...extra })) {
        const m = /<description>([^<]*)<\/description>/.exec(chunk);
        if (m) return m[1];
      }
      return null;
    };
    assert.equal(await description(monitor.scopeFor('all')), 'Co-hashtag network: all posts');
    assert.match(
      (await description(monitor.scopeFor('campaign', changeTheLaw)))!,
      /^Co-hashtag network: campaign “#ChangeTheLaw .+” \(changethelaw\)$/,
    );
    assert.equal(
      await description(monitor.scopeFor('hashtag', 'ЗаңдыӨзгерт'), { from: '2024-01-01', platform: 'tiktok' }),
      'Co-hashtag network: #ЗаңдыӨзгерт, tiktok only, from 2024-01-01',
    );
  });

  test('a caption cut in the middle of an emoji, or holding an escaped NUL, is stored instead of failing its batch', async () => {
    const file = tmpFile(
      'zs-broken-text.ndjson',
      ndjson([
        envelope(
          'x.com',
          xItem({ id: '1770000000000009901', at: '2024-05-02T08:00:00Z', text: 'Cut mid-emoji \ud83d', tags: [] }),
        ),
        envelope(
          'x.com',
          xItem({ id: '1770000000000009902', at: '2024-05-02T08:05:00Z', text: 'A NUL\u0000 inside', tags: [] }),
        ),
      ]),
    );
    const s = await t.services.monitor.importFile({ file, format: 'zeeschuimer' }, SYSTEM);
    assert.deepEqual([s.inserted, s.rejected], [2, 0]);
    const texts = await t.services.db
      .selectFrom('monitor_posts')
      .select(['external_id', 'text'])
      .where('external_id', 'in', ['1770000000000009901', '1770000000000009902'])
      .orderBy('external_id')
      .execute();
    assert.match(texts[0].text, /^Cut mid-emoji /);
    assert.match(texts[1].text, /^A NUL\u0000? inside$/);
  });
});
