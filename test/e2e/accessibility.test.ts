// Every public page and the main staff pages, in Kazakh (Cyrillic and Latin), Russian and English, in headless Chromium:
// axe-core must find no violation of any impact and no id may be used twice. Public pages are also
// checked with JavaScript off (Tor Browser's safest mode), and the "required" marks must agree with
// the fields. One browser; one reused tab per visitor, language and JavaScript setting. Adding a
// page is one line in PAGES.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page, Response } from 'playwright-core';
import { cookieName } from '../../src/http/staff.ts';
import { UI_LOCALES } from '../../src/i18n/locales.ts';
import { axeViolations, duplicateIds, requiredMarkMismatches, seededBrowserSuite } from '../helpers/browser.ts';
import { startSite, type Site } from '../helpers/site.ts';

type Visitor = 'public' | 'admin' | 'enrolling' | 'verifying';
interface Options {
  /** Who opens the page (default: a member of the public). */
  as?: Visitor;
  /** The status the page answers with (default 200). */
  status?: number;
  /** After the page has loaded, e.g. send its form empty to see the errors; gives the new page's response. */
  then?: (page: Page) => Promise<Response | null>;
}
type Row = [name: string, path: (s: Site) => string, options?: Options];

const submit = (selector: string) => async (page: Page) =>
  (await Promise.all([page.waitForNavigation(), page.click(selector)]))[0];

const PAGES: Row[] = [
  // Public pages.
  ['home', () => '/'],
  ['about', () => '/about'],
  ['campaign list', () => '/campaigns'],
  ['campaign search', () => '/campaigns?q=орташа'],
  ['campaign page (reference data)', () => '/campaigns/changethelaw'],
  ['campaign page with a petition', (s) => `/campaigns/${s.campaigns.petition}`],
  ['campaign page with an appeal', (s) => `/campaigns/${s.campaigns.appeal}`],
  ['campaign page with a flashmob', (s) => `/campaigns/${s.campaigns.flashmob}`],
  ['campaign page with a call for testimonies', (s) => `/campaigns/${s.campaigns.testimony}`],
  ['petition', (s) => `/petitions/${s.petitionId}`],
  [
    'petition form sent empty',
    (s) => `/petitions/${s.petitionId}`,
    { status: 400, then: submit('form.sign-form button[type="submit"]') },
  ],
  ['petition: check your email', (s) => `/petitions/${s.petitionId}/check-email`],
  ['petition: confirm link', (s) => `/petitions/confirm/${s.confirmToken}`],
  ['petition: confirmed', (s) => `/petitions/${s.petitionId}/confirmed`],
  ['petition: withdraw link', (s) => `/petitions/withdraw/${s.withdrawToken}`],
  ['petition: withdrawn', (s) => `/petitions/${s.petitionId}/withdrawn`],
  ['petition: broken link', () => '/petitions/confirm/not-a-token', { status: 400 }],
  ['petition with an official response', (s) => `/petitions/${s.answeredPetitionId}`],
  ['petition: stop updates link', (s) => `/petitions/unsubscribe/${s.unsubscribeToken}`],
  ['appeal with an official response', (s) => `/appeals/${s.answeredAppealId}`],
  ['appeal', (s) => `/appeals/${s.appealId}`],
  ['appeal: write', (s) => `/appeals/${s.appealId}/write?lang=en`],
  ['appeal: check your email', (s) => `/appeals/${s.appealId}/check-email`],
  ['appeal: thanks', (s) => `/appeals/${s.appealId}/thanks`],
  ['appeal: letter ready to send', (s) => `/appeals/letters/${s.letterToken}`],
  ['appeal: confirm sending', (s) => `/appeals/send/${s.sendToken}`],
  ['appeal: did you get a reply', (s) => `/appeals/replies/${s.replyToken}`],
  ['flashmob uptake', (s) => `/c/${s.flashmobId}/uptake`],
  ['tell', () => '/tell'],
  ['tell, answering a call', (s) => `/tell/c/${s.testimonyComponentId}`],
  ['tell: follow-up', () => '/tell/follow-up'],
  ['tell: statistics', () => '/tell/statistics'],
  ['stories', () => '/stories'],
  ['help', () => '/help'],
  ['help, filtered', () => '/help?region=KZ-75&need=shelter'],
  ['observatory', () => '/observatory'],
  ['observatory timeline', () => '/observatory/timeline'],
  ['observatory timeline, filtered', () => '/observatory/timeline?kind=event&region=KZ-75'],
  ['observatory map', () => '/observatory/map'],
  ['observatory map of events', () => '/observatory/map?layer=event'],
  ['observatory search', () => '/observatory/search?q=нукенова'],
  ['observatory sources', () => '/observatory/sources'],
  ['observatory data', () => '/observatory/data'],
  ['observatory impact', () => '/observatory/impact/zakonsaltanat'],
  ['observatory case', () => '/observatory/cases/nukenova-2023'],
  ['observatory law', () => '/observatory/laws/domestic-violence-law-2009'],
  ['observatory event', () => '/observatory/events/feminita-rally-refused-2023'],
  ['observatory organisation', () => '/observatory/organisations/feminita'],
  ['observatory source', () => '/observatory/sources/s1-ponars-memo-908-2024'],
  ['not found (404)', () => '/no-such-page', { status: 404 }],
  ['too many requests (429)', () => '/e2e-error/429', { status: 429 }],
  ['server error (500)', () => '/e2e-error/500', { status: 500 }],
  ['staff sign-in', () => '/admin/login'],
  // Staff pages.
  ['sign-in: second factor', () => '/admin/login/verify', { as: 'verifying' }],
  ['2FA setup', () => '/admin/setup-2fa', { as: 'enrolling' }],
  ['dashboard', () => '/admin', { as: 'admin' }],
  ['new campaign', () => '/admin/campaigns/new', { as: 'admin' }],
  ['edit campaign', (s) => `/admin/campaigns/${s.campaignId}`, { as: 'admin' }],
  ['campaign preview', (s) => `/admin/campaigns/${s.campaignId}/preview`, { as: 'admin' }],
  ['new component', (s) => `/admin/campaigns/${s.campaignId}/components/new?type=appeal`, { as: 'admin' }],
  ['edit petition', (s) => `/admin/components/${s.petitionId}`, { as: 'admin' }],
  ['edit appeal', (s) => `/admin/components/${s.appealId}`, { as: 'admin' }],
  ['edit flashmob', (s) => `/admin/components/${s.flashmobId}`, { as: 'admin' }],
  ['edit call for testimonies', (s) => `/admin/components/${s.testimonyComponentId}`, { as: 'admin' }],
  ['petition integrity', () => '/admin/petitions', { as: 'admin' }],
  ['petition admin', (s) => `/admin/petitions/${s.petitionId}`, { as: 'admin' }],
  ['petition delivery pack', (s) => `/admin/petitions/${s.petitionId}/delivery`, { as: 'admin' }],
  ['appeal admin', (s) => `/admin/appeals/${s.appealId}`, { as: 'admin' }],
  ['official responses', (s) => `/admin/responses/petition/${s.answeredPetitionId}`, { as: 'admin' }],
  [
    'official response form sent with errors',
    (s) => `/admin/responses/appeal/${s.answeredAppealId}`,
    { as: 'admin', status: 400, then: submit('form.response-form button[type="submit"]') },
  ],
  ['edit an official response', (s) => `/admin/responses/edit/${s.responseId}`, { as: 'admin' }],
  ['recipients', () => '/admin/recipients', { as: 'admin' }],
  ['new recipient', () => '/admin/recipients/new', { as: 'admin' }],
  ['edit recipient', (s) => `/admin/recipients/${s.recipientId}`, { as: 'admin' }],
  ['help admin', () => '/admin/help', { as: 'admin' }],
  ['new help service', () => '/admin/help/new', { as: 'admin' }],
  ['edit help service', (s) => `/admin/help/${s.helpId}`, { as: 'admin' }],
  ['help import', () => '/admin/help/import', { as: 'admin' }],
  ['help entries to re-check', () => '/admin/help/stale', { as: 'admin' }],
  ['observatory admin', () => '/admin/observatory', { as: 'admin' }],
  ['new observatory record', () => '/admin/observatory/new?kind=event', { as: 'admin' }],
  ['edit observatory record', (s) => `/admin/observatory/${s.observatoryId}`, { as: 'admin' }],
  ['observatory record preview', (s) => `/admin/observatory/${s.observatoryId}/preview`, { as: 'admin' }],
  ['observatory record history', (s) => `/admin/observatory/${s.observatoryId}/history`, { as: 'admin' }],
  ['monitor', () => '/admin/monitor', { as: 'admin' }],
  ['monitor: all posts', () => '/admin/monitor/all', { as: 'admin' }],
  ['monitor: a campaign', (s) => `/admin/monitor/campaigns/${s.campaignId}`, { as: 'admin' }],
  ['monitor: a hashtag', () => `/admin/monitor/hashtags/${encodeURIComponent('зандыозгерт')}`, { as: 'admin' }],
  ['monitor: upload a file', () => '/admin/monitor/upload', { as: 'admin' }],
  ['coordination', () => '/admin/coordination', { as: 'admin' }],
  [
    'coordination: form sent with errors',
    () => '/admin/coordination',
    {
      as: 'admin',
      status: 400,
      then: async (page) => {
        await page.fill('#f-hashtag', 'ЕшкімБілмейді');
        return submit('form[action$="/runs"] button[type="submit"]')(page);
      },
    },
  ],
  ['coordination: a run', (s) => `/admin/coordination/runs/${s.coordinationRunId}`, { as: 'admin' }],
  ['coordination: a cluster', (s) => `/admin/coordination/runs/${s.coordinationRunId}/clusters/1`, { as: 'admin' }],
  ['casework inbox', () => '/admin/testimonies', { as: 'admin' }],
  ['casework case', (s) => `/admin/testimonies/${s.testimonyId}`, { as: 'admin' }],
  ['testimony keys', () => '/admin/testimony-keys', { as: 'admin' }],
  ['outbox', () => '/admin/outbox', { as: 'admin' }],
  ['jobs', () => '/admin/jobs', { as: 'admin' }],
  ['audit log', () => '/admin/audit', { as: 'admin' }],
  ['account', () => '/admin/account', { as: 'admin' }],
  ['e-mail notifications', () => '/admin/account/notifications', { as: 'admin' }],
  ['users', () => '/admin/users', { as: 'admin' }],
];

// The sweep reads markup, which the database does not shape: it runs on SQLite, the first run of
// `npm test` in CI; PostgreSQL's run keeps every other browser test (they walk flows that write).
const onPostgres = /^postgres/.test(process.env.DAUYS_TEST_DATABASE_URL ?? '');

describe(
  'every page passes axe in kk, kk-latn, ru and en',
  { skip: onPostgres && 'markup is the same on PostgreSQL; swept on SQLite' },
  () => {
    const s = seededBrowserSuite(startSite);
    const tabs = new Map<string, Page>();

    /** One tab per visitor, JavaScript setting and language, reused for every page it opens. */
    async function tab(as: Visitor, js: boolean, lang: string): Promise<Page> {
      const key = `${as} ${js} ${lang}`;
      if (!tabs.has(key)) {
        const context = await s.browser.newContext({ viewport: { width: 390, height: 844 } });
        // axe needs the browser's JavaScript (with it off its promises never settle), so "JavaScript
        // off" means the page's own scripts never load: every script here is a file (strict CSP).
        if (!js) await context.route(/\.js(\?|$)/, (route) => route.abort());
        const session = { admin: s.t.admin.cookie, enrolling: s.t.enrolling, verifying: s.t.verifying, public: '' }[as];
        if (session)
          await context.addCookies([
            { name: cookieName(s.t.services.web), value: session.split('=')[1], url: s.origin },
          ]);
        tabs.set(key, await context.newPage());
      }
      return tabs.get(key)!;
    }

    async function check(path: string, o: Options, lang: string, js: boolean): Promise<string[]> {
      const page = await tab(o.as ?? 'public', js, lang);
      const where = `${lang}, JS ${js ? 'on' : 'off'}`;
      let res = await page.goto(`${s.origin}/${lang}${path}`);
      if (o.then) res = await o.then(page);
      const problems = res?.status() === (o.status ?? 200) ? [] : [`status ${res?.status()}`];
      problems.push(
        ...(await axeViolations(page)),
        ...(await duplicateIds(page)).map((d) => `duplicate id ${d}`),
        ...(await requiredMarkMismatches(page)),
      );
      return problems.map((p) => `${where}: ${p}`);
    }

    for (const [i, [name, path, o = {}]] of PAGES.entries()) {
      test(name, async () => {
        // Every language with JavaScript; a public page also without it, in one language taken in turn
        // (what scripts change does not depend on the language, and axe's time is most of the suite's).
        // Staff pages in Kazakh are checked in one script or the other in turn: kk-latn changes their
        // letters, not their markup.
        const public_ = (o.as ?? 'public') === 'public';
        const langs = public_ ? UI_LOCALES : UI_LOCALES.filter((l) => l !== (i % 2 ? 'kk' : 'kk-latn'));
        const runs = langs.map((lang) => check(path(s.t), o, lang, true));
        if (public_) runs.push(check(path(s.t), o, UI_LOCALES[i % UI_LOCALES.length], false));
        assert.deepEqual((await Promise.all(runs)).flat(), []);
      });
    }
  },
);
