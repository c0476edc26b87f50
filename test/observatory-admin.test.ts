// Staff work in the observatory through the real forms: drafts, review, publication, proposals on
// published records, links and citations with their rules, history and audit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff, post, signIn, type Signed } from './helpers/staff.ts';

const CASE = {
  slug: 'test-case-almaty',
  title_en: 'A test case in Almaty',
  title_ru: 'Тестовое дело в Алматы',
  title_kk: 'Алматыдағы сынақ ісі',
  summary_en: 'A woman reported violence; the court case is followed here.',
  summary_ru: 'Женщина сообщила о насилии; за делом следят здесь.',
  summary_kk: 'Әйел зорлық туралы хабарлады; іс осында бақыланады.',
  date_start: '2024-02',
  region: 'KZ-75',
  place_en: 'Almaty',
  charges: '120 | | | rape',
  steps: 'reported | 2024-02-10 | | | Statement to the police\ntrial | 2024-06 | | | First hearing',
};

describe('observatory: staff editing and moderation', () => {
  let t: TestApp;
  let editor: Signed;
  let analyst: Signed;
  let moderator: Signed;
  let editorId: string;
  before(async () => {
    t = await startTestApp({ seedIfEmpty: true });
    const e = await createStaff(t.services, 'organiser');
    editorId = e.id;
    editor = await signIn(t, e.email);
    analyst = await signIn(t, (await createStaff(t.services, 'analyst')).email);
    moderator = await signIn(t, (await createStaff(t.services, 'moderator')).email);
  });
  after(() => t.close());

  const page = (s: Signed, url: string) => t.app.inject({ url, headers: { cookie: s.cookie } });
  const idFrom = (location: unknown) => /observatory\/([0-9a-f-]{36})/.exec(String(location))![1];
  const total = async () =>
    (await t.services.observatory.search({ statuses: ['draft', 'review', 'published'], perPage: 1 })).total;

  test('who may enter: staff with observatory.edit; others are refused or sent to sign in', async () => {
    assert.equal((await page(editor, '/en/admin/observatory')).statusCode, 200);
    const anon = await t.app.inject('/en/admin/observatory');
    assert.equal(anon.statusCode, 303);
    assert.match(String(anon.headers.location), /\/en\/admin\/login\?next=/);
    const caseworker = await signIn(t, (await createStaff(t.services, 'caseworker')).email);
    assert.equal((await page(caseworker, '/en/admin/observatory')).statusCode, 403);
    assert.match(
      (await page(editor, '/en/admin')).body,
      /href="\/en\/admin\/observatory"/,
      'the dashboard links the observatory',
    );
  });

  test('bad input is refused with clear messages, the values are kept, and nothing is stored', async () => {
    const before = await total();
    const res = await post(t, editor, '/en/admin/observatory?kind=case', {
      ...CASE,
      date_start: '2024-05',
      date_end: '2024-04',
      region: 'KZ-99',
      steps: 'verdict | 2023-01 | | | too early',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /The end cannot be before the start/);
    assert.match(res.body, /not one of Kazakhstan&#39;s 20 regions|not one of Kazakhstan's 20 regions/);
    assert.match(res.body, /A dated step cannot come before the record/);
    assert.match(res.body, /value="A test case in Almaty"/);
    const ru = await post(t, editor, '/ru/admin/observatory?kind=organisation', {
      slug: 'x-org',
      title_ru: 'Орг',
      website: 'javascript:alert(1)',
      subtype: 'ngo',
    });
    assert.equal(ru.statusCode, 400);
    assert.match(ru.body, /Сайт: Введите полный веб-адрес/);
    const ev = await post(t, editor, '/en/admin/observatory?kind=event', {
      slug: 'x-event',
      title_en: 'X',
      subtype: 'rally',
      date_start: '2024',
      participants_min: 'many',
    });
    assert.match(ev.body, /Write a whole number/);
    assert.equal(await total(), before);
    assert.equal((await post(t, editor, '/en/admin/observatory?kind=spaceship', CASE)).statusCode, 404);
  });

  let caseId: string;
  test('an editor creates a draft: visible to staff in preview, not to the public; history and audit record it', async () => {
    const res = await post(t, editor, '/en/admin/observatory?kind=case', CASE);
    assert.equal(res.statusCode, 303);
    caseId = idFrom(res.headers.location);
    assert.equal((await t.app.inject('/en/observatory/cases/test-case-almaty')).statusCode, 404);
    assert.equal((await t.app.inject('/api/v1/observatory/cases/test-case-almaty')).statusCode, 404);
    const preview = await page(editor, `/en/admin/observatory/${caseId}/preview`);
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /Preview for staff\. Status: Draft/);
    assert.match(preview.body, /Statement to the police/);
    const history = await t.services.observatory.history(caseId);
    assert.equal(history[0].action, 'create');
    assert.ok(history[0].actorLabel.includes('@'));
    assert.equal((await t.services.audit.list({ action: 'observatory.create' })).length, 1);
    const dup = await post(t, analyst, '/en/admin/observatory?kind=law', {
      slug: 'test-case-almaty',
      title_en: 'Same address',
      subtype: 'law',
      date_start: '2024',
    });
    assert.match(dup.body, /Another record already uses this address/);
  });

  test('publishing needs a moderator and at least one published source', async () => {
    assert.equal(
      (await post(t, editor, `/en/admin/observatory/${caseId}/status`, { status: 'review' })).statusCode,
      303,
    );
    assert.equal(
      (await post(t, editor, `/en/admin/observatory/${caseId}/status`, { status: 'published' })).statusCode,
      403,
    );
    const refused = await post(t, moderator, `/en/admin/observatory/${caseId}/status`, { status: 'published' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Cite at least one published source before publishing/);
    assert.equal((await t.services.observatory.getById(caseId)).status, 'review');
  });

  test('links: missing targets, self-links, wrong kinds, time order and loops are refused; nothing half-saved', async () => {
    const links = async () =>
      (await t.services.observatory.page(await t.services.observatory.getById(caseId), { includeUnpublished: true }))
        .links.length;
    const n = await links();
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ relation: 'cites', target_type: 'entity', target: 'no-such-source' }, /Nothing with this address exists/],
      [{ relation: 'sparked', target_type: 'entity', target: 'test-case-almaty' }, /cannot be linked to itself/],
      [
        { relation: 'organised_by', target_type: 'entity', target: 'talgo-train-2018' },
        /Only an organisation can organise something/,
      ],
      [{ relation: 'sparked', target_type: 'entity', target: 'talgo-train-2018' }, /dated after the second/],
      [{ relation: 'sparked', target_type: 'campaign', target: 'no-campaign' }, /Nothing with this address exists/],
      [
        { relation: 'befriended', target_type: 'entity', target: 'talgo-train-2018' },
        /Choose one of the listed relations/,
      ],
      [
        { relation: 'cites', target_type: 'entity', target: 's1-ponars-memo-908-2024', note_en: 'x'.repeat(401) },
        /A note is too long/,
      ],
    ];
    for (const [values, message] of cases) {
      const res = await post(t, editor, `/en/admin/observatory/${caseId}/links`, { direction: 'out', ...values });
      assert.equal(res.statusCode, 400, JSON.stringify(values));
      assert.match(res.body, message, JSON.stringify(values));
    }
    // A loop: the reference data says the bill preceded Saltanat's Law; the reverse would close a circle.
    const bill = await t.services.observatory.getBySlug('domestic-violence-prevention-bill');
    const loop = await post(t, moderator, `/en/admin/observatory/${bill.id}/links`, {
      direction: 'in',
      relation: 'preceded',
      target_type: 'entity',
      target: 'saltanats-law-2024',
    });
    assert.equal(loop.statusCode, 400);
    assert.match(loop.body, /would make a loop|dated after the second/);
    assert.equal(await links(), n);
  });

  test('an editor’s citation waits; the moderator who publishes approves it; the record goes public with its source', async () => {
    const cite = await post(t, editor, `/en/admin/observatory/${caseId}/links`, {
      direction: 'out',
      relation: 'cites',
      target_type: 'entity',
      target: 's3-rferl-control-the-message-2023',
      note_en: 'The statement and the first hearing.',
    });
    assert.equal(cite.statusCode, 303);
    const again = await post(t, editor, `/en/admin/observatory/${caseId}/links`, {
      direction: 'out',
      relation: 'cites',
      target_type: 'entity',
      target: 's3-rferl-control-the-message-2023',
    });
    assert.match(again.body, /This link already exists/);
    assert.match((await page(editor, `/en/admin/observatory/${caseId}`)).body, /waiting for review/);
    const published = await post(t, moderator, `/en/admin/observatory/${caseId}/status`, { status: 'published' });
    assert.equal(published.statusCode, 303);
    const pub = await t.app.inject('/en/observatory/cases/test-case-almaty');
    assert.equal(pub.statusCode, 200);
    assert.match(pub.body, /The statement and the first hearing\./);
    assert.match(pub.body, /Art\. 120/);
    const timeline = await t.services.observatory.timeline({ region: 'KZ-75', year: 2024, kinds: ['case'] });
    assert.deepEqual(timeline.items.map((i) => i.step?.step ?? 'own date').sort(), ['own date', 'reported', 'trial']);
    const campaign = await post(t, moderator, `/en/admin/observatory/${caseId}/links`, {
      direction: 'out',
      relation: 'sparked',
      target_type: 'campaign',
      target: 'zakonsaltanat',
    });
    assert.equal(campaign.statusCode, 303);
    assert.match((await t.app.inject('/en/observatory/impact/zakonsaltanat')).body, /A test case in Almaty/);
  });

  test('an editor’s change to a published record waits as a proposal until a moderator approves it', async () => {
    const current = await t.services.observatory.getById(caseId);
    const res = await post(t, editor, `/en/admin/observatory/${caseId}`, {
      ...CASE,
      version: String(current.version),
      title_en: 'A renamed test case',
    });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /proposed=1/);
    assert.doesNotMatch((await t.app.inject('/en/observatory/cases/test-case-almaty')).body, /A renamed test case/);
    const other = await post(t, analyst, `/en/admin/observatory/${caseId}`, {
      ...CASE,
      version: String(current.version + 1),
      title_en: 'Yet another title',
    });
    assert.equal(other.statusCode, 409);
    assert.match(other.body, /Another editor’s proposed change is waiting|proposed change is waiting/);
    const list = await page(moderator, '/en/admin/observatory?status=waiting');
    assert.match(list.body, /change proposed/);
    const edit = await page(moderator, `/en/admin/observatory/${caseId}`);
    assert.match(edit.body, /A change is proposed/);
    assert.match(edit.body, /Fields it changes: Title/);
    assert.equal(
      (await post(t, editor, `/en/admin/observatory/${caseId}/pending`, { action: 'approve' })).statusCode,
      403,
    );
    assert.equal(
      (await post(t, moderator, `/en/admin/observatory/${caseId}/pending`, { action: 'approve' })).statusCode,
      303,
    );
    assert.match((await t.app.inject('/en/observatory/cases/test-case-almaty')).body, /A renamed test case/);
    const history = await t.services.observatory.history(caseId);
    const approve = history.find((h) => h.action === 'approve')!;
    assert.deepEqual(approve.changes.title?.[1], { en: 'A renamed test case', ru: CASE.title_ru, kk: CASE.title_kk });
    assert.ok(history.some((h) => h.action === 'propose'));
    assert.ok(history.some((h) => h.action === 'link.add'));
    const histPage = await page(editor, `/en/admin/observatory/${caseId}/history`);
    assert.match(histPage.body, /approved a proposed change/);
    assert.match(histPage.body, /A renamed test case/);
    const audit = (await t.services.audit.list({ subjectId: caseId })).map((a) => a.action);
    for (const a of ['observatory.create', 'observatory.status', 'observatory.propose', 'observatory.approve'])
      assert.ok(audit.includes(a), a);
    assert.ok((await t.services.audit.list({ action: 'observatory.propose' }))[0].actorId === editorId);
  });

  test('a rejected proposal leaves the record as it was; a stale form gets a version conflict', async () => {
    const current = await t.services.observatory.getById(caseId);
    await post(t, editor, `/en/admin/observatory/${caseId}`, {
      ...CASE,
      version: String(current.version),
      title_en: 'Rejected title',
    });
    assert.equal(
      (await post(t, moderator, `/en/admin/observatory/${caseId}/pending`, { action: 'reject' })).statusCode,
      303,
    );
    const after = await t.services.observatory.getById(caseId);
    assert.equal(after.pending, null);
    assert.equal(after.title.en, 'A renamed test case');
    const stale = await post(t, moderator, `/en/admin/observatory/${caseId}`, {
      ...CASE,
      version: String(current.version),
      title_en: 'Stale',
    });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Someone else saved this record/);
    assert.match(stale.body, /value="Stale"/, 'what the moderator typed is kept');
  });

  test('moderators remove links; editors cannot remove approved ones', async () => {
    const pageData = await t.services.observatory.page(await t.services.observatory.getById(caseId), {
      includeUnpublished: true,
    });
    const link = pageData.links.find((l) => l.other.type === 'campaign')!;
    assert.equal(
      (await post(t, editor, `/en/admin/observatory/links/${link.link.id}/delete`, { back: caseId })).statusCode,
      403,
    );
    assert.equal(
      (await post(t, moderator, `/en/admin/observatory/links/${link.link.id}/delete`, { back: caseId })).statusCode,
      303,
    );
    assert.doesNotMatch((await t.app.inject('/en/observatory/impact/zakonsaltanat')).body, /A renamed test case/);
    assert.ok((await t.services.observatory.history(caseId)).some((h) => h.action === 'link.remove'));
  });

  test('staff edits to a reference record survive reloading the reference dataset', async () => {
    const talgo = await t.services.observatory.getBySlug('talgo-train-2018');
    const form = await page(moderator, `/en/admin/observatory/${talgo.id}`);
    const version = /name="version" value="(\d+)"/.exec(form.body)![1];
    const values: Record<string, string> = {};
    for (const m of form.body.matchAll(/<input id="f-([a-z_]+)" name="[^"]+" type="[a-z]+" value="([^"]*)"/g))
      values[m[1]] = m[2]
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&#39;/g, "'");
    for (const m of form.body.matchAll(/<textarea id="f-([a-z_]+)"[^>]*>([^<]*)<\/textarea>/g))
      values[m[1]] = m[2]
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&#39;/g, "'");
    const res = await post(t, moderator, `/en/admin/observatory/${talgo.id}`, {
      ...values,
      version,
      title_en: 'The Talgo train rape case (corrected)',
    });
    assert.equal(res.statusCode, 303);
    await t.services.reference.load();
    assert.equal((await t.services.observatory.getById(talgo.id)).title.en, 'The Talgo train rape case (corrected)');
  });
});
