// The navigation the modules contribute: the public menu, and the staff dashboard's links for each
// role (each link shown to whoever may do what it leads to), in the same order as ever.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Role } from '../src/core/accounts/roles.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff, signIn } from './helpers/staff.ts';

const MAIN = 'class="nav"';
const STAFF_AREA = 'class="admin-nav"';

/** The links (path, then text) of the first <nav> with `attribute`, and whether it has a sign-out button. */
function nav(html: string, attribute: string) {
  const m = new RegExp(`<nav [^>]*${attribute}[^>]*>(.*?)</nav>`, 's').exec(html);
  assert.ok(m, `a navigation with ${attribute}`);
  const links = [...m[1].matchAll(/<a [^>]*href="([^"]+)"[^>]*>([^<]*)<\/a>/g)].map(([, href, text]) => [href, text]);
  return { links, signOut: /<form method="post" action="\/\w\w\/admin\/logout"/.test(m[1]) };
}

const PUBLIC = [
  ['/campaigns', 'Campaigns'],
  ['/tell', 'Tell your story'],
  ['/help', 'Find help'],
  ['/observatory', 'Observatory'],
  ['/ledger', 'Ledger'],
  ['/about', 'About'],
];

const NEW_CAMPAIGN = ['/admin/campaigns/new', 'New campaign'];
const OBSERVATORY = ['/admin/observatory', 'Observatory records'];
const USERS = ['/admin/users', 'Staff accounts'];
const AUDIT = ['/admin/audit', 'Audit log'];
const JOBS = ['/admin/jobs', 'Background jobs'];
const OUTBOX = ['/admin/outbox', 'Development outbox'];
const PETITIONS = ['/admin/petitions', 'Petitions: integrity'];
const RECIPIENTS = ['/admin/recipients', 'Officials directory'];
const TESTIMONIES = ['/admin/testimonies', 'Testimonies'];
const HELP = ['/admin/help', 'Help directory'];
const MONITOR = ['/admin/monitor', 'Social monitor'];
const COORDINATION = ['/admin/coordination', 'Coordinated accounts'];
const LEDGER = ['/admin/ledger', 'Ledger entries'];
const WITNESSES = ['/admin/ledger/witnesses', 'Ledger witnesses'];
const ACCOUNT = ['/admin/account', 'My account'];

const STAFF: Record<Role, string[][]> = {
  admin: [
    NEW_CAMPAIGN,
    OBSERVATORY,
    USERS,
    AUDIT,
    JOBS,
    OUTBOX,
    PETITIONS,
    RECIPIENTS,
    TESTIMONIES,
    HELP,
    LEDGER,
    WITNESSES,
    MONITOR,
    COORDINATION,
    ACCOUNT,
  ],
  organiser: [NEW_CAMPAIGN, OBSERVATORY, RECIPIENTS, HELP, MONITOR, COORDINATION, ACCOUNT],
  moderator: [OBSERVATORY, PETITIONS, TESTIMONIES, ACCOUNT],
  caseworker: [TESTIMONIES, HELP, ACCOUNT],
  analyst: [OBSERVATORY, MONITOR, COORDINATION, ACCOUNT],
  accountant: [LEDGER, ACCOUNT],
  treasurer: [LEDGER, ACCOUNT],
};

const under = (lang: string, links: string[][]) => links.map(([path, text]) => [`/${lang}${path}`, text]);

describe('navigation', () => {
  let t: TestApp;
  const cookies = {} as Record<Role, string>;
  before(async () => {
    t = await startTestApp();
    for (const role of Object.keys(STAFF) as Role[])
      cookies[role] = (await signIn(t, (await createStaff(t.services, role)).email)).cookie;
  });
  after(() => t.close());

  test('the public menu has the same links, in the same order, on every page and in every language', async () => {
    assert.deepEqual(nav((await t.app.inject('/en/about')).body, MAIN).links, under('en', PUBLIC));
    assert.deepEqual(nav((await t.app.inject('/en/campaigns')).body, MAIN).links, under('en', PUBLIC));
    for (const lang of ['kk', 'ru'])
      assert.deepEqual(
        nav((await t.app.inject(`/${lang}/about`)).body, MAIN).links.map(([href]) => href),
        under(lang, PUBLIC).map(([href]) => href),
      );
  });

  test('staff pages add the way back to the staff area at the end of the public menu; public pages do not', async () => {
    const headers = { cookie: cookies.caseworker };
    const staffPage = await t.app.inject({ url: '/en/admin', headers });
    assert.deepEqual(nav(staffPage.body, MAIN).links, [...under('en', PUBLIC), ['/en/admin', 'Staff area']]);
    const publicPage = await t.app.inject({ url: '/en/about', headers });
    assert.deepEqual(nav(publicPage.body, MAIN).links, under('en', PUBLIC));
  });

  for (const [role, expected] of Object.entries(STAFF))
    test(`the dashboard shows ${role}s exactly their links, then the sign-out button`, async () => {
      const page = await t.app.inject({ url: '/en/admin', headers: { cookie: cookies[role as Role] } });
      assert.equal(page.statusCode, 200);
      const staff = nav(page.body, STAFF_AREA);
      assert.deepEqual(staff.links, under('en', expected));
      assert.ok(staff.signOut, 'the sign-out form stays');
      const kk = await t.app.inject({ url: '/kk/admin', headers: { cookie: cookies[role as Role] } });
      assert.deepEqual(
        nav(kk.body, STAFF_AREA).links.map(([href]) => href),
        under('kk', expected).map(([href]) => href),
      );
    });
});
