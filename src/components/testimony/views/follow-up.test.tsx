// The deletion day as she reads it: a day still to come says "will be deleted", one gone by "deleted".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { LOCALES, type Locale } from '../../../i18n/locales.ts';
import { createI18n } from '../../../i18n/translator.ts';
import type { PageContext } from '../../../ui/context.ts';
import { FollowUpPage } from './follow-up.tsx';

const i18n = createI18n();
const ctx = (locale: Locale): PageContext => ({
  locale,
  t: i18n.translator(locale),
  path: '/tell/follow-up',
  asset: (n) => `/assets/${n}`,
  staff: null,
  csrf: 'csrf',
  quickExitUrl: 'https://example.org/',
  base: 'http://127.0.0.1:3000',
  nav: { public: [], admin: [] },
});
const page = (locale: Locale, expiresOn: string) =>
  renderToString(
    <FollowUpPage
      ctx={ctx(locale)}
      auth={{ receipt: '1234' }}
      orgKey={{ id: 'k', publicKey: 'pk' }}
      status="new"
      consent="private"
      createdOn="2026-12-01"
      expiresOn={expiresOn}
      today="2027-01-15"
      entries={[]}
    />,
  );
const deletion = (html: string) => /<dt>([^<]*)<\/dt><dd>([^<]*2027[^<]*)<\/dd>/.exec(html)?.slice(1).join(' ');

const FUTURE = { kk: 'Өшірілетін күні', ru: 'Будет удалено', en: 'Will be deleted on' };
const PAST = { kk: 'Өшірілген күні', ru: 'Удалено', en: 'Deleted on' };

for (const locale of LOCALES) {
  test(`${locale}: a deletion day to come reads as the future, one gone by as the past`, () => {
    assert.equal(
      deletion(page(locale, '2027-03-02'))?.startsWith(FUTURE[locale] + ' '),
      true,
      deletion(page(locale, '2027-03-02')),
    );
    assert.equal(
      deletion(page(locale, '2027-01-02'))?.startsWith(PAST[locale] + ' '),
      true,
      deletion(page(locale, '2027-01-02')),
    );
  });
}

test('the English page says "Will be deleted on March 2, 2027", never "Deleted on" a future day', () => {
  const html = page('en', '2027-03-02');
  assert.match(html, /<dt>Will be deleted on<\/dt><dd>March 2, 2027<\/dd>/);
  assert.doesNotMatch(html, /<dt>Deleted on<\/dt>/);
});
