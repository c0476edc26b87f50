// The year list of the intake form is made for the day the page is rendered, not the day the server
// started: a server running across New Year offers the new year at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { createI18n } from '../../../i18n/translator.ts';
import type { PageContext } from '../../../ui/context.ts';
import { IntakePage } from './intake.tsx';

const i18n = createI18n();
const ctx: PageContext = {
  locale: 'en',
  t: i18n.translator('en'),
  path: '/tell',
  asset: (n) => `/assets/${n}`,
  staff: null,
  csrf: 'csrf',
  quickExitUrl: 'https://example.org/',
  base: 'http://127.0.0.1:3000',
  nav: { public: [], admin: [] },
};
const years = (today: string) => {
  const html = renderToString(
    <IntakePage
      ctx={ctx}
      regions={[]}
      orgKey={{ id: 'k', publicKey: 'pk' }}
      componentId={null}
      call={null}
      powChallenge="{}"
      values={{}}
      errors={{}}
      today={today}
    />,
  );
  const select = /<select id="f-when_year"[^>]*>(.*?)<\/select>/s.exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="(\d+)"/g)].map((m) => m[1]);
};

test('the years offered end at the year of the day the page is rendered on', () => {
  const before = years('2031-12-31');
  const after = years('2032-01-01');
  assert.equal(before.length, 60);
  assert.deepEqual([before[0], before.at(-1)], ['2031', '1972']);
  assert.deepEqual([after[0], after.at(-1)], ['2032', '1973']);
});
