// Filling the help directory from CSV files (admin page and `dauys directory import`), the stale flag and
// the kk/ru/en search synonyms, through app.inject() on a real database. Every service named here is
// fictitious test data; phone numbers are +7 700 000 00 xx.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Command } from 'commander';
import type { CliHost } from '../src/cli/host.ts';
import { directoryCommand, type HelpCliServices } from '../src/cli/directory.ts';
import { multipart, startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff, signIn, type Signed } from './helpers/staff.ts';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const dotted = (iso: string) => iso.split('-').reverse().join('.');
const recent = daysAgo(10);
const old = daysAgo(800);

// Windows-1251 for Russian letters, as Excel in a Russian locale saves "CSV (разделители — точки с запятой)".
const cp1251 = (text: string) =>
  Buffer.from(
    [...text].map((c) =>
      c >= 'А' && c <= 'я'
        ? c.charCodeAt(0) - 0x410 + 0xc0
        : c === 'ё'
          ? 0xb8
          : c === '«'
            ? 0xab
            : c === '»'
              ? 0xbb
              : c.charCodeAt(0),
    ),
  );

const russianFile = (phone = '8 700 000 00 01, +7 700 000 00 02') =>
  cp1251(
    [
      'Название;Регион;Услуги;Телефоны;Часы работы;Языки;Источник;Дата проверки',
      `Приют «Тестовый» (вымышленный);Алматинская обл.;приют, психолог;"${phone}";Круглосуточно;рус, каз;Тестовый список;${dotted(recent)}`,
      `Юристы «Тестовые» (вымышленные);г. Алматы;юридическая помощь;+7 700 000 00 03;;рус;Тестовый список;${dotted(old)}`,
      `Нет такой области (вымышленная);Марсианская область;приют;+7 700 000 00 04;;рус;Тестовый список;${dotted(recent)}`,
      `Без даты (вымышленная);Астана;приют;+7 700 000 00 05;;рус;Тестовый список;`,
    ].join('\r\n') + '\r\n',
  );

describe('help directory: CSV import, stale entries, synonyms', () => {
  let t: TestApp;
  let admin: Signed;
  let caseworker: Signed;
  let adminEmail: string;

  const upload = async (who: Signed, fields: Record<string, string>, file?: Buffer, lang = 'ru') => {
    const body = await multipart(
      { _csrf: who.csrf, ...fields },
      file ? [{ field: 'file', name: 'services.csv', type: 'text/csv', data: file }] : [],
    );
    return t.app.inject({
      method: 'POST',
      url: `/${lang}/admin/help/import`,
      payload: body.payload,
      headers: { ...body.headers, cookie: who.cookie },
    });
  };
  const hidden = (html: string, name: string) =>
    new RegExp(`name="${name}" value="([^"]*)"`)
      .exec(html)![1]
      .replace(/&quot;/g, '"')
      .replace(/&#10;/g, '\n')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const imported = async () =>
    (await t.services.help.search({ includeHidden: true, limit: 500 })).filter((e) => e.source === 'Тестовый список');

  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
    adminEmail = (await createStaff(t.services, 'admin')).email;
    admin = await signIn(t, adminEmail);
    caseworker = await signIn(t, (await createStaff(t.services, 'caseworker')).email);
  });
  after(() => t.close());

  test('a Windows-1251, semicolon, CRLF file: preview with line numbers, then confirm; re-import updates', async () => {
    const preview = await upload(admin, { step: 'preview', source: '' }, russianFile());
    assert.equal(preview.statusCode, 200, preview.body.slice(0, 500));
    assert.match(preview.body, /Будут добавлены 2 службы/);
    assert.match(preview.body, /<td>4<\/td>\s*<td>Регион: Неизвестный регион «Марсианская область»/);
    assert.match(preview.body, /<td>5<\/td>\s*<td>Последняя проверка: Укажите дату/);
    assert.equal((await imported()).length, 0, 'a preview writes nothing');

    const csv = hidden(preview.body, 'csv');
    const done = await upload(admin, { step: 'confirm', source: '', csv });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /добавлено 2, обновлено 0/);
    assert.match(done.body, /Отклонены 2 строки/);
    const named = async (word: string) => (await imported()).find((e) => e.name.ru?.includes(word))!;
    const shelter = await named('Приют');
    const lawyers = await named('Юристы');
    assert.equal(shelter.regionCode, 'KZ-19');
    assert.deepEqual(shelter.needs, ['shelter', 'psychological']);
    assert.equal(shelter.phone, '8 700 000 00 01, +7 700 000 00 02');
    assert.equal(lawyers.regionCode, 'KZ-75');
    assert.equal((await t.services.audit.list({ action: 'help.import' })).length, 1);

    // The same file again: nothing to do. A changed phone: the same entry is updated, not duplicated.
    const again = await upload(admin, { step: 'preview' }, russianFile());
    assert.match(again.body, /2 строки уже совпадают/);
    assert.match(again.body, /Импортировать нечего/);
    const changed = await upload(admin, { step: 'preview' }, russianFile('+7 700 000 00 09'));
    assert.match(changed.body, /Будет обновлена 1 служба/);
    await upload(admin, { step: 'confirm', csv: hidden(changed.body, 'csv') });
    const after = await imported();
    assert.equal(after.length, 2);
    assert.ok(after.some((e) => e.phone === '+7 700 000 00 09'));
  });

  test('several phones are links; a year without verification is flagged publicly and listed for staff', async () => {
    const page = await t.app.inject('/ru/help?region=KZ-75');
    assert.match(page.body, /Юристы «Тестовые»/);
    assert.match(page.body, /class="help-card__stale">не проверено с /);
    const almatyRegion = await t.app.inject('/en/help?region=KZ-19');
    assert.match(almatyRegion.body, /href="tel:\+77000000009"/);
    assert.doesNotMatch(almatyRegion.body.split('Тестовый')[1] ?? '', /not verified since/);
    const stale = await t.app.inject({ url: '/en/admin/help/stale', headers: { cookie: caseworker.cookie } });
    assert.equal(stale.statusCode, 200);
    assert.match(stale.body, /Юристы «Тестовые»/);
    assert.doesNotMatch(stale.body, /Приют «Тестовый»/);
    const list = await t.app.inject({ url: '/en/admin/help', headers: { cookie: admin.cookie } });
    assert.match(list.body, /entries to re-check|entry to re-check/);
  });

  test('dauys directory import: a UTF-8 file with a BOM and commas; dry run, rejects by line, re-import', async () => {
    const services = t.services as unknown as HelpCliServices;
    const host: CliHost<HelpCliServices> = {
      open: async () => services,
      close: async () => undefined,
      app: async () => t.app,
      startBackground: async () => undefined,
      migrationFolders: async () => [],
    };
    const run = async (...args: string[]) => {
      const chunks: string[] = [];
      let code = 0;
      const program = new Command().exitOverride();
      directoryCommand(program, host, {
        config: () => t.config,
        write: (s) => void chunks.push(s),
        exit: (c) => (code = c),
      });
      await program.parseAsync(args, { from: 'user' });
      return { text: chunks.join(''), code };
    };
    const file = join(t.config.varDir, 'services.csv');
    writeFileSync(
      file,
      '\uFEFF' +
        [
          '# Fictitious test data: not real services.',
          'name_en,name_kk,region,needs,phone,languages,verified',
          `"Test Refuge, fictitious",Сынақ панасы,Astana,shelter,+7 700 000 00 10,"kk, en",${recent}`,
          `Broken Line,,Astana,shelter,not a number,en,${recent}`,
        ].join('\n'),
    );
    const dry = await run(
      'directory',
      'import',
      file,
      '--by',
      adminEmail,
      '--source',
      'CLI test list',
      '--dry-run',
      '--lang',
      'en',
    );
    assert.match(dry.text, /1 service to add/);
    assert.match(dry.text, /Line 4: Phone: Write the phone number in digits/);
    assert.equal(dry.code, 2);
    assert.equal((await t.services.help.search({ q: 'fictitious' })).length, 0, 'a dry run writes nothing');

    const strict = await run(
      'directory',
      'import',
      file,
      '--by',
      adminEmail,
      '--source',
      'CLI test list',
      '--strict',
      '--lang',
      'kk',
    );
    assert.equal(strict.code, 1);
    assert.match(strict.text, /Жол 4: Телефон:/);
    assert.equal((await t.services.help.search({ q: 'fictitious' })).length, 0, '--strict imports nothing');

    const real = await run('directory', 'import', file, '--by', adminEmail, '--source', 'CLI test list');
    assert.match(real.text, /1 added, 0 updated/);
    const twice = await run('directory', 'import', file, '--by', adminEmail, '--source', 'CLI test list');
    assert.match(twice.text, /0 added, 0 updated, 1 unchanged/);
    assert.equal((await t.services.help.search({ q: 'fictitious' })).length, 1);
    await assert.rejects(
      run('directory', 'import', file, '--by', 'nobody@dauys.test', '--source', 'x'),
      /No active staff/,
    );
  });

  test('"shelter", "баспана" and "приют" each find a shelter written in one language only', async () => {
    for (const q of ['shelter', 'баспана', 'приют', 'Приюты', 'кризисный центр']) {
      const res = await t.app.inject(`/en/help?q=${encodeURIComponent(q)}`);
      assert.match(res.body, /Приют «Тестовый»/, `${q} finds the Russian-only entry`);
      assert.match(res.body, /Test Refuge, fictitious/, `${q} finds the English/Kazakh entry`);
      assert.doesNotMatch(res.body, /Юристы «Тестовые»/, `${q} does not find lawyers`);
    }
    const legal = await t.app.inject(`/kk/help?q=${encodeURIComponent('заң көмегі')}`);
    assert.match(legal.body, /Юристы «Тестовые»/);
    assert.doesNotMatch(legal.body, /Приют «Тестовый»/);
  });

  test('only admins import; a bad file changes nothing', async () => {
    const page = await t.app.inject({ url: '/en/admin/help/import', headers: { cookie: caseworker.cookie } });
    assert.equal(page.statusCode, 403);
    const before = (await imported()).length;
    const refused = await upload(caseworker, {
      step: 'confirm',
      source: 'x',
      csv: 'name,needs,verified\nX,shelter,2026-01-01',
    });
    assert.equal(refused.statusCode, 403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/en/admin/help/import',
      ...(await multipart({ step: 'confirm', source: 'x', csv: 'name,needs,verified\nX,shelter,2026-01-01' })),
    });
    assert.equal(anonymous.statusCode, 403);
    const xlsx = await upload(admin, { step: 'preview' }, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]));
    assert.equal(xlsx.statusCode, 400);
    assert.match(xlsx.body, /CSV UTF-8/);
    const noHeader = await upload(admin, { step: 'confirm', csv: 'a;b\n1;2' });
    assert.equal(noHeader.statusCode, 400);
    assert.equal((await imported()).length, before);
    const form = await t.app.inject({ url: '/en/admin/help/import', headers: { cookie: admin.cookie } });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /enctype="multipart\/form-data"/);
  });
});
