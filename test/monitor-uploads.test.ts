// Uploading research data from the monitor's pages, through the real app and the job queue: a
// Zeeschuimer NDJSON (with a byte-order mark and CRLF line ends), a 4CAT CSV and a mapped CSV are
// stored, and the status page shows the same counts and rejected lines as `dauys monitor import`
// prints for the same file (and its CSV of rejects is the same file); over the cap, empty, a
// spreadsheet or the wrong format are refused in the reader's language with nothing left on disk;
// only analysts, organisers and admins may upload; an import cut off by a restart resumes.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { multipart, startTestApp, type TestApp } from './helpers/app.ts';
import { cliSuite } from './helpers/cli.ts';
import { envelope, instagramItem, ndjson, tiktokItem, tmpFile } from './helpers/monitor.ts';
import { createStaff, signIn, type Signed } from './helpers/staff.ts';

const BOM = '\ufeff';
const FILES = {
  'posts.ndjson':
    BOM +
    ndjson([
      envelope(
        'instagram.com',
        instagramItem({
          code: 'Up1',
          at: '2024-03-31T10:15:00Z',
          text: 'Біз заңды өзгертуді талап етеміз #ЗаңдыӨзгерт',
        }),
      ),
      'not json at all',
      envelope(
        'tiktok.com',
        tiktokItem({ id: '7710000000000000001', at: '2024-04-01T11:00:00Z', text: 'Мы требуем #МеняйЗакон' }),
      ),
      envelope('tiktok.com', tiktokItem({ id: '7710000000000000002', at: '2999-01-01T00:00:00Z', text: 'future' })),
    ]).replace(/\n/g, '\r\n'),
  'tiktok.csv':
    'id,thread_id,author,author_full,author_followers,body,timestamp,unix_timestamp,likes,comments,shares,plays,hashtags,tiktok_url,music_name\r\n' +
    '7310000000000000009,7310000000000000009,aizhan,Айжан,"1,200","Әйелдерге қарсы зорлық тоқтасын #ЗаңдыӨзгерт",2024-04-02 05:00:00,1712016000,15,2,1,300,ЗаңдыӨзгерт,https://www.tiktok.com/@aizhan/video/7310000000000000009,orig\r\n' +
    '7310000000000000010,7310000000000000010,bad,,,"no time",,,,,,,,,\r\n',
  'plain.csv':
    'post_id,conv,user,text,date\n' +
    'p1,p1,aigerim,"Заңды өзгерт! #ЗаңдыӨзгерт",2024-04-05T08:00:00Z\n' +
    'p2,p1,dana,"reply without a date",\n' +
    'p3,p1,dana,"Тоқтат зорлықты #НеМолчи",2024-04-05T09:30:00Z\n',
};
const COLUMNS = 'id=post_id,thread_id=conv,author=user,body=text,timestamp=date';
const FORMAT: Record<keyof typeof FILES, string> = {
  'posts.ndjson': 'zeeschuimer',
  'tiktok.csv': '4cat',
  'plain.csv': 'csv',
};

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('monitor uploads: the same files through `dauys monitor import`', () => {
  const cli = cliSuite();
  const printed: Record<string, { stdout: string; rejects: string }> = {};
  before(() => {
    assert.equal(cli.run(['migrate']).status, 0);
    const out = mkdtempSync(join(tmpdir(), 'dauys-up-cli-'));
    for (const [name, content] of Object.entries(FILES)) {
      const file = tmpFile(name, content);
      const rejects = join(out, `${name}.rejects.csv`);
      const args = ['monitor', 'import', file, '--format', FORMAT[name as keyof typeof FILES], '--rejects', rejects];
      if (name === 'plain.csv') args.push('--columns', COLUMNS);
      const r = cli.run(args);
      assert.equal(r.status, 0, r.stderr);
      printed[name] = { stdout: r.stdout, rejects: readFileSync(rejects, 'utf8') };
    }
  });

  describe('and through the upload form', () => {
    let t: TestApp;
    let analyst: Signed;
    const dir = (name: string) =>
      existsSync(join(t.config.uploadsDir, name)) ? readdirSync(join(t.config.uploadsDir, name)) : [];
    before(async () => {
      t = await startTestApp({ env: { MONITOR_UPLOAD_MAX_MB: '1' } });
      analyst = await signIn(t, (await createStaff(t.services, 'analyst')).email);
    });
    after(() => t.close());

    const send = async (
      who: Signed | null,
      fields: Record<string, string>,
      file: { name: string; data: Uint8Array } | null,
      locale = 'en',
    ) => {
      const body = await multipart(
        { _csrf: who?.csrf ?? 'none', ...fields },
        file ? [{ field: 'file', name: file.name, type: 'application/octet-stream', data: file.data }] : [],
      );
      return t.app.inject({
        method: 'POST',
        url: `/${locale}/admin/monitor/upload`,
        payload: body.payload,
        headers: { ...body.headers, ...(who ? { cookie: who.cookie } : {}) },
      });
    };
    const get = (url: string) => t.app.inject({ url, headers: { cookie: analyst.cookie } });

    for (const name of Object.keys(FILES) as Array<keyof typeof FILES>) {
      test(`${name}: stored by the job; the page's summary and rejects are the command line's`, async () => {
        const res = await send(
          analyst,
          { format: 'auto', columns: name === 'plain.csv' ? COLUMNS : '' },
          { name, data: Buffer.from(FILES[name]) },
        );
        assert.equal(res.statusCode, 303, res.body);
        const status = String(res.headers.location);
        assert.match(status, /^\/en\/admin\/monitor\/uploads\/[0-9a-f-]{36}$/);
        const waiting = await get(status);
        assert.match(waiting.body, /<progress id="upload-progress"/);
        assert.match(waiting.body, /http-equiv="refresh"/, 'reloads itself without JavaScript while waiting');
        const json = JSON.parse((await get(`${status}/status`)).body);
        assert.equal(json.status, 'queued');

        assert.equal(await t.services.jobs.drain(), 1);
        const page = (await get(status)).body;
        assert.doesNotMatch(page, /http-equiv="refresh"/);
        const cliOut = printed[name].stdout;
        for (const [label, key] of [
          ['Read', 'read'],
          ['New', 'new'],
          ['Updated', 'updated'],
          ['Rejected', 'rejected'],
        ]) {
          const n = new RegExp(`  ${key}\\s+(\\d+)`).exec(cliOut)![1];
          assert.match(page, new RegExp(`<dt>${label}</dt><dd>${n}</dd>`), `${label} as the CLI says`);
        }
        const cliLines = [...cliOut.matchAll(/^ {2}line (\d+): (.*)$/gm)].map((m) => `${m[1]}: ${m[2]}`);
        const pageLines = [...page.matchAll(/<li data-line="(\d+)">Line \d+: ([^<]*)<\/li>/g)].map(
          (m) => `${m[1]}: ${decode(m[2])}`,
        );
        assert.ok(cliLines.length > 0, 'every file has a rejected line');
        assert.deepEqual(pageLines, cliLines);
        const cliReasons = [...cliOut.matchAll(/^ {4}\s*(\d+) {2}(.*)$/gm)].map((m) => `${m[2]}: ${m[1]}`);
        const pageReasons = [...page.matchAll(/<li data-reason="[a-z_]+">([^<]*)<\/li>/g)].map((m) => decode(m[1]));
        assert.ok(cliReasons.length > 0);
        assert.deepEqual(pageReasons, cliReasons);
        const csv = await get(`${status}/rejects.csv`);
        assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
        assert.equal(csv.body, printed[name].rejects);
        assert.deepEqual(dir('monitor'), [], 'the uploaded file is deleted after its import');
      });
    }

    test('the posts are stored, and the upload is audited with who, the file, its size and the result', async () => {
      const ids = await t.services.db
        .selectFrom('monitor_posts')
        .select('external_id')
        .where('external_id', 'in', ['Up1', '7310000000000000009', 'p1', 'p3'])
        .execute();
      assert.equal(ids.length, 4);
      const audit = await t.services.db
        .selectFrom('audit_log')
        .select(['action', 'actor_label', 'details'])
        .where('action', 'like', 'monitor.upload%')
        .execute();
      const received = audit.filter((a) => a.action === 'monitor.upload').map((a) => JSON.parse(a.details!));
      assert.deepEqual(received.map((d) => d.file).sort(), ['plain.csv', 'posts.ndjson', 'tiktok.csv']);
      assert.ok(received.every((d) => d.size > 0));
      const done = audit.filter((a) => a.action === 'monitor.upload_finished');
      assert.equal(done.length, 3);
      assert.ok(done.every((a) => a.actor_label.startsWith('analyst-') && JSON.parse(a.details!).result === 'done'));
      const list = await get('/en/admin/monitor/upload');
      assert.match(list.body, /plain\.csv/);
      assert.match((await get('/en/admin/monitor')).body, /href="\/en\/admin\/monitor\/upload"/);
    });

    test('over the cap: refused in her language, the partial file deleted', async () => {
      const big = Buffer.alloc(1024 * 1024 + 10, 'x');
      for (const [locale, words] of [
        ['kk', /Файл бұл сайт қабылдайтыннан үлкен/],
        ['ru', /Файл больше, чем принимает этот сайт/],
        ['en', /The file is larger than this site accepts/],
      ] as const) {
        const res = await send(analyst, { format: 'zeeschuimer' }, { name: 'big.ndjson', data: big }, locale);
        assert.equal(res.statusCode, 413);
        assert.match(res.body, words);
        assert.match(res.body, /<form[^>]*enctype="multipart\/form-data"/, 'the form again');
      }
      // Announced by the body's length: answered before the file is read.
      const huge = await send(
        analyst,
        { format: 'zeeschuimer' },
        { name: 'big.ndjson', data: Buffer.alloc(3 * 1024 * 1024, 'x') },
      );
      assert.equal(huge.statusCode, 413);
      assert.match(huge.body, /The file is larger than this site accepts/);
      assert.deepEqual(dir('monitor'), []);
      assert.deepEqual(dir('incoming'), []);
      assert.equal(
        Number(
          (
            await sql<{ n: number }>`SELECT COUNT(*) AS n FROM monitor_uploads WHERE file_name = 'big.ndjson'`.execute(
              t.services.db,
            )
          ).rows[0].n,
        ),
        0,
      );
    });

    test('empty, a spreadsheet, the wrong format, no platform, missing columns: clear errors, nothing kept', async () => {
      const cases: Array<[Record<string, string>, string, Buffer | string, RegExp]> = [
        [{ format: 'auto' }, 'empty.csv', '', /The file is empty/],
        [{ format: 'auto' }, 'bom-only.csv', BOM + '\r\n', /The file is empty/],
        [{ format: 'auto' }, 'book.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /save it as CSV/],
        [{ format: 'zeeschuimer' }, 'plain.csv', FILES['plain.csv'], /This is not Zeeschuimer NDJSON/],
        [{ format: '4cat' }, 'posts.ndjson', FILES['posts.ndjson'], /This is not a CSV file/],
        [{ format: 'auto' }, 'plain.csv', FILES['plain.csv'], /format cannot be told/],
        [{ format: '4cat' }, 'plain.csv', FILES['plain.csv'], /which platform this 4CAT export comes from/],
        [
          { format: 'csv', columns: 'id=nope' },
          'plain.csv',
          FILES['plain.csv'],
          /lacks required columns[\s\S]*id \(nope\)/,
        ],
        [{ format: 'csv', columns: 'oops' }, 'plain.csv', FILES['plain.csv'], /column mapping is not valid/],
      ];
      for (const [fields, name, data, words] of cases) {
        const res = await send(analyst, fields, { name, data: Buffer.from(data) });
        assert.equal(res.statusCode, 400, name);
        assert.match(res.body, words, name);
      }
      const none = await send(analyst, { format: 'auto' }, null);
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /Choose a file to upload/);
      const badChoice = await send(analyst, { format: 'excel' }, { name: 'a.csv', data: Buffer.from('a') });
      assert.equal(badChoice.statusCode, 400);
      assert.deepEqual(dir('monitor'), []);
      assert.deepEqual(dir('incoming'), []);
    });

    test('only analysts, organisers and admins upload; without a session or a token nothing is read', async () => {
      const moderator = await signIn(t, (await createStaff(t.services, 'moderator')).email);
      const file = { name: 'posts.ndjson', data: Buffer.from(FILES['posts.ndjson']) };
      assert.equal((await send(moderator, { format: 'auto' }, file)).statusCode, 403);
      assert.equal(
        (await t.app.inject({ url: '/en/admin/monitor/upload', headers: { cookie: moderator.cookie } })).statusCode,
        403,
      );
      assert.equal((await send(null, { format: 'auto' }, file)).statusCode, 403);
      assert.equal((await send({ ...analyst, csrf: 'forged' }, { format: 'auto' }, file)).statusCode, 403);
      const organiser = await signIn(t, (await createStaff(t.services, 'organiser')).email);
      assert.equal((await send(organiser, { format: 'auto' }, file)).statusCode, 303);
      assert.equal(await t.services.jobs.drain(), 1);
      assert.deepEqual(dir('monitor'), []);
    });

    test('an import cut off by a restart is queued again and resumes; its status page says so meanwhile', async () => {
      const res = await send(
        analyst,
        { format: 'zeeschuimer' },
        { name: 'again.ndjson', data: Buffer.from(FILES['posts.ndjson'].replace(/Up1/g, 'Up9')) },
      );
      const status = String(res.headers.location);
      const id = status.split('/').pop()!;
      // As a process that stopped mid-import leaves it: the job running under a stale lock, the upload running.
      const old = new Date(Date.now() - 10 * 60_000).toISOString();
      await sql`UPDATE jobs SET status = 'running', locked_by = 'gone', locked_at = ${old} WHERE unique_key = ${`monitor.upload@${id}`}`.execute(
        t.services.db,
      );
      await sql`UPDATE monitor_uploads SET status = 'running', updated_at = ${old} WHERE id = ${id}`.execute(
        t.services.db,
      );
      const stalled = await get(status);
      assert.match(stalled.body, /The server stopped during this import/);
      t.services.jobs.start();
      for (let i = 0; i < 100 && !/<dt>New<\/dt>/.test((await get(status)).body); i++)
        await new Promise((r) => setTimeout(r, 100));
      await t.services.jobs.stop();
      const page = (await get(status)).body;
      assert.match(page, /<dt>New<\/dt><dd>1<\/dd>/);
      assert.deepEqual(dir('monitor'), []);
    });
  });
});
