// A full disk: writes are refused with a 503 page in the reader's language, the log names the real
// cause (SQLITE_FULL / 53100) once rather than a rollback error per request, nothing acknowledged is
// lost, and writing works again as soon as there is space, without a restart. SQLite's
// max_page_count caps the database file per connection, which makes "full" easy to reach here.
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { emailKeyer } from '../src/components/petition/petition.service.ts';
import { normaliseEmail } from '../src/core/mail/address.ts';
import { csrfFrom, form, startTestApp, type TestApp } from './helpers/app.ts';
import { openPetition } from './helpers/petitions.ts';

const onPostgres = process.env.DAUYS_TEST_DATABASE_URL?.startsWith('postgres') ?? false;
const TEXT = {
  en: "The server's storage is full",
  ru: 'На сервере закончилось место',
  kk: 'Серверде деректер сақталатын орын таусылды',
};

describe('a full disk', () => {
  let t: TestApp;
  const logs: string[] = [];
  let petitionId: string;
  let appealId: string;
  let ip = 0;

  before(async () => {
    t = await startTestApp({
      logLines: logs,
      // PostgreSQL's "disk full" (SQLSTATE 53100), as the pg driver reports it.
      configure: (app) =>
        app.post('/ru/test/disk-full', { config: { csrf: false } }, async () => {
          throw Object.assign(new Error('could not extend file "base/16384/2619": No space left on device'), {
            code: '53100',
          });
        }),
    });
    const opened = await openPetition(t.services);
    petitionId = opened.petitionId;
    const tr = (s: string) => ({ kk: s, ru: s, en: s });
    const appeal = await t.services.campaigns.addComponent(
      opened.campaignId,
      'appeal',
      { subject: tr('Support the law'), template: tr('Dear Senator,\n\n[[Why it matters]]') },
      opened.admin,
    );
    await t.services.campaigns.updateComponent(appeal.id, appeal.settings, 'published', opened.admin);
    await t.services.appeals.importCsv(
      'key;kind;body;name_kk;name_ru;name_en;region;languages;email\nsen-1;person;senate;А.;А.;A.;KZ-71;kk,ru;a@senate.example',
      opened.admin,
    );
    appealId = appeal.id;
  });
  after(() => t.close());

  /** Caps (or uncaps) the database file on both connections: the main one and the signature writer's. */
  async function capDatabase(cap: 'full' | 'free') {
    const pages = (await sql<{ page_count: number }>`pragma page_count`.execute(t.services.db)).rows[0].page_count;
    const max = cap === 'full' ? pages : 1_000_000;
    for (const db of new Set<Kysely<any>>([t.services.db, t.services.writer]))
      await sql.raw(`pragma max_page_count = ${max}`).execute(db);
  }

  async function sign(n: number, locale = 'en') {
    const page = await t.app.inject(`/${locale}/petitions/${petitionId}`);
    const res = await t.app.inject({
      method: 'POST',
      url: `/${locale}/petitions/${petitionId}/sign`,
      remoteAddress: `10.${++ip}.0.1`,
      ...form({
        _csrf: csrfFrom(page.body),
        region: 'KZ-75',
        name: `Signer ${String.fromCharCode(97 + (n % 26))}${String.fromCharCode(97 + (Math.floor(n / 26) % 26))}`,
        email: `signer${n}@ngo.kz`,
      }),
    });
    return { res, email: `signer${n}@ngo.kz` };
  }

  test('PostgreSQL disk full (53100) gets the same 503 page', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/ru/test/disk-full' });
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /<html lang="ru"/);
    assert.ok(res.body.includes(TEXT.ru), res.body.slice(0, 500));
    assert.equal(res.headers['retry-after'], '300');
    assert.ok(
      logs.some((l) => l.includes('"code":"53100"') && l.includes('No space left on device')),
      'the real cause is logged',
    );
  });

  test(
    'signing on a full database: a localised 503, the real cause logged once, no rollback error, and signing works again once there is space',
    { skip: onPostgres && 'max_page_count is SQLite-only; 53100 is mapped in the test above' },
    async () => {
      const acknowledged: string[] = [];
      let n = 0;
      await capDatabase('full');
      const full: Record<string, string> = {};
      for (const locale of ['en', 'kk', 'ru'] as const) {
        // Free pages inside the file take a few more signatures before the cap bites.
        while (!full[locale] && n < 2000) {
          const { res, email } = await sign(n++, locale);
          if (res.statusCode === 303) acknowledged.push(email);
          else if (res.statusCode === 503) full[locale] = res.body;
          else assert.fail(`unexpected ${res.statusCode}: ${res.body.slice(0, 300)}`);
        }
        assert.ok(full[locale], `the database filled up (${locale})`);
        assert.match(full[locale], new RegExp(`<html lang="${locale}"`));
        assert.ok(full[locale].includes(TEXT[locale]), full[locale].slice(0, 600));
      }
      const refusedLogs = logs.filter((l) => l.includes('SQLITE_FULL'));
      assert.equal(refusedLogs.length, 1, `the cause is logged once, not per request:\n${refusedLogs.join('')}`);
      assert.match(refusedLogs[0], /database or disk is full/);
      assert.ok(!logs.some((l) => /cannot rollback/.test(l)), logs.join(''));
      assert.ok(!logs.some((l) => /request failed/.test(l)), 'no line per refused request');

      await capDatabase('free');
      const again = await sign(n++);
      assert.equal(again.res.statusCode, 303, 'signing works again without a restart');
      acknowledged.push(again.email);
      await t.services.petitions.flush();

      const keyOf = emailKeyer(t.config.secret);
      const stored = new Set(
        (
          await t.services.db
            .selectFrom('petition_signatures')
            .select('email_key')
            .where('petition_id', '=', petitionId)
            .execute()
        ).map((r) => r.email_key),
      );
      assert.equal(stored.size, acknowledged.length, 'as many rows as acknowledged signatures');
      for (const email of acknowledged)
        assert.ok(stored.has(keyOf(normaliseEmail(email)!.normalised)), `${email} is stored`);
    },
  );

  test(
    'an appeal letter (a transaction on the main connection) on a full database: 503, then written once there is space',
    { skip: onPostgres && 'max_page_count is SQLite-only' },
    async () => {
      const letters = async () =>
        Number(
          (
            await t.services.db
              .selectFrom('appeal_letters')
              .select(sql<number>`count(*)`.as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      // Long letters (about 9 KB each, sealed) use up the free pages quickly.
      const body =
        'Құрметті сенатор,\n\n' +
        'Көршім өткен қыста полицияны төрт рет шақырды, бірақ күйеуі әр жолы ескерту алып, сол түні үйге қайтып келді. '.repeat(
          80,
        );
      const write = async () => {
        const page = await t.app.inject(`/kk/appeals/${appealId}/write?lang=kk`);
        assert.equal(page.statusCode, 200, page.body.slice(0, 300));
        return t.app.inject({
          method: 'POST',
          url: `/kk/appeals/${appealId}/write`,
          remoteAddress: `10.${++ip}.0.2`,
          ...form({ _csrf: csrfFrom(page.body), lang: 'kk', name: 'Айгерім С.', body, channel: 'mailto' }),
        });
      };
      const before = await letters();
      await capDatabase('full');
      let written = 0;
      let refused = null;
      for (let i = 0; i < 500 && !refused; i++) {
        const res = await write();
        if (res.statusCode === 303) written++;
        else refused = res;
      }
      assert.ok(refused, 'the database filled up');
      assert.equal(refused.statusCode, 503, refused.body.slice(0, 500));
      assert.ok(refused.body.includes(TEXT.kk));
      assert.equal(
        await letters(),
        before + written,
        'every acknowledged letter is stored, the refused one not even in part',
      );
      assert.ok(!logs.some((l) => /cannot rollback/.test(l)));

      await capDatabase('free');
      const res = await write();
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      assert.equal(await letters(), before + written + 1);
    },
  );
});
