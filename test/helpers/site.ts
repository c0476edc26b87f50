// One of everything a page can show, made through the services and the real forms, so browser tests
// can open every public and staff page: a campaign per component type, a signed petition with its
// email links, appeal letters in each channel with their links, a testimony with a receipt, monitor
// posts, and a signed-in admin (plus a staff member half-way through signing in).
import { fail } from '../../src/core/errors.ts';
import type { Staff } from '../../src/core/accounts/roles.ts';
import { cookieFrom, csrfFrom, form, startTestApp, type TestApp } from './app.ts';
import { ringPosts } from './coordination.ts';
import { envelope, instagramItem, ndjson, tiktokItem, tmpFile } from './monitor.ts';
import { campaignInput, openPetition } from './petitions.ts';
import { createStaff, PASSWORD, signIn, type Signed } from './staff.ts';
import { orgKey, personalKey, submitInBrowserMode } from './testimony.ts';

/** The test app, and what was made in it. */
export interface Site extends TestApp {
  admin: Signed;
  /** Session cookies of staff who have typed their password but not yet their second factor. */
  enrolling: string;
  verifying: string;
  campaigns: { petition: string; appeal: string; flashmob: string; testimony: string };
  campaignId: string;
  petitionId: string;
  confirmToken: string;
  withdrawToken: string;
  appealId: string;
  letterToken: string;
  sendToken: string;
  replyToken: string;
  flashmobId: string;
  testimonyComponentId: string;
  testimonyId: string;
  receipt: string;
  helpId: string;
  observatoryId: string;
  recipientId: string;
  /** A petition and an appeal with an official's response (the petition's with a document); a stop-updates token. */
  answeredPetitionId: string;
  answeredAppealId: string;
  responseId: string;
  unsubscribeToken: string;
  /** A finished coordination analysis that found the planted ring (cluster 1). */
  coordinationRunId: string;
}

const tr = (s: string) => ({ kk: `${s} (kk)`, ru: `${s} (ru)`, en: s });
const tail = (url: unknown) => String(url).split('/').pop()!;

async function liveCampaign(t: TestApp, admin: Staff, slug: string) {
  const c = await t.services.campaigns.create(
    { ...campaignInput(slug, `Campaign ${slug}`, tr), hashtagGroups: [[{ tag: 'ЗаңдыӨзгерт', lang: 'kk' }]] },
    admin,
  );
  await t.services.campaigns.setStatus(c.id, 'live', admin);
  return c.id;
}

async function published(t: TestApp, admin: Staff, slug: string, type: string, settings: Record<string, unknown>) {
  const campaignId = await liveCampaign(t, admin, slug);
  const c = await t.services.campaigns.addComponent(campaignId, type, settings, admin);
  await t.services.campaigns.updateComponent(c.id, settings, 'published', admin);
  return c.id;
}

const RECIPIENTS = [
  'key;kind;body;name_kk;name_ru;name_en;position_ru;region;languages;email',
  'sen-1;person;senate;Ахметова Ә.;Ахметова А.;Akhmetova A.;Депутат Сената;KZ-71;kk,ru;akhmetova@senate.example',
].join('\n');
const LETTER =
  'Honourable Senator,\n\nI ask you to support the bill that makes domestic violence a crime again.\n\n[[Tell them in your own words why this matters to you.]]\n\nRespectfully,';
const OWN = [
  'Honourable Senator, my neighbour called the police four times last winter and each time her husband got a warning and came home the same night. Please vote for the bill as it stands.',
  'Dear Senator, in Taraz the only crisis centre has six beds and a waiting list. I am asking you to reject every amendment that would let beatings end with a fine again.',
  'To the Senator: my sister waited two years for a verdict while the man who broke her arm lived next door. Vote for the law without the weakening amendments, please.',
];

/** Starts a seeded app, with test-only routes that answer with the error pages (429, 500) real failures show. */
/** `env`: configuration on top of the test defaults (e.g. BASE_URL). */
export async function startSite(env: Record<string, string> = {}): Promise<Site> {
  const t = await startTestApp({
    env,
    seedIfEmpty: true,
    configure: (app) => {
      app.get('/:lang/e2e-error/:status', async (req) => {
        const status = Number((req.params as { status: string }).status);
        if (status === 429) throw fail('RATE_LIMITED', { seconds: 60 });
        throw new Error('a failure the reader must not see');
      });
    },
  });
  try {
    return await fill(t);
  } catch (err) {
    await t.close();
    throw err;
  }
}

async function fill(t: TestApp): Promise<Site> {
  const s = t.services;
  const adminStaff = await createStaff(s, 'admin', 'admin@dauys.test');
  const admin = await signIn(t, adminStaff.email);
  const mails = async (to: string) => (await s.mail.outbox(500)).filter((m) => m.to === to);

  // Petition: signed once, so its page shows a count and the emails carry confirm and withdraw links.
  const { petitionId } = await openPetition(s, { slug: 'e2e-petition', admin: adminStaff });
  const sign = async (email: string, region: string, ip: string) => {
    const page = await t.app.inject(`/en/petitions/${petitionId}`);
    await t.app.inject({
      method: 'POST',
      url: `/en/petitions/${petitionId}/sign`,
      remoteAddress: ip,
      ...form({ _csrf: csrfFrom(page.body), name: 'Aigerim S.', email, region, show_name: 'on' }),
    });
    await s.petitions.flush();
    const [mail] = await mails(email);
    return {
      confirm: /\/petitions\/confirm\/([A-Za-z0-9._-]+)/.exec(mail.text)![1],
      withdraw: /\/petitions\/withdraw\/([A-Za-z0-9._-]+)/.exec(mail.text)?.[1],
    };
  };
  // One signature confirmed (so the page shows counts on its map), one whose links are still to follow.
  await s.petitions.confirm((await sign('confirmed@example.kz', 'KZ-19', '198.51.100.6')).confirm);
  const pending = await sign('signer@example.kz', 'KZ-75', '198.51.100.7');
  const confirmToken = pending.confirm;
  const withdrawToken = pending.withdraw ?? confirmToken;
  await s.petitions.tick();

  // Appeal: a letter per channel (mail app, through the server), then the 14-day follow-up.
  const imported = await s.appeals.importCsv(RECIPIENTS, adminStaff);
  if (imported.errors.length) throw new Error(`recipients: ${JSON.stringify(imported.errors)}`);
  const appealId = await published(t, adminStaff, 'e2e-appeal', 'appeal', {
    subject: tr('Support the law'),
    template: { en: LETTER, ru: LETTER, kk: LETTER },
    target_mode: 'body',
    target_body: 'senate',
  });
  const write = async (values: Record<string, string>, ip: string) => {
    const page = await t.app.inject(`/en/appeals/${appealId}/write?lang=en`);
    return t.app.inject({
      method: 'POST',
      url: `/en/appeals/${appealId}/write`,
      remoteAddress: ip,
      ...form({ _csrf: csrfFrom(page.body), lang: 'en', name: 'Dana K.', ...values }),
    });
  };
  const mailto = await write({ channel: 'mailto', body: OWN[0] }, '198.51.100.8');
  const smtp = await write({ channel: 'smtp', email: 'sender@example.kz', body: OWN[1] }, '198.51.100.9');
  const answered = await write(
    { channel: 'mailto', email: 'writer@example.kz', followup: 'on', body: OWN[2] },
    '198.51.100.10',
  );
  for (const res of [mailto, smtp, answered])
    if (res.statusCode !== 303)
      throw new Error(`appeal letter: ${res.statusCode} ${/class="error"[^>]*>([^<]*)/.exec(res.body)?.[1]}`);
  const letterToken = tail(mailto.headers.location);
  const sendToken = /\/appeals\/send\/([A-Za-z0-9._-]+)/.exec((await mails('sender@example.kz'))[0].text)![1];
  await s.appeals.markSent(tail(answered.headers.location));
  await s.appeals.followups(new Date(Date.now() + 15 * 86_400_000));
  const followup = (await mails('writer@example.kz')).find((m) => /\/appeals\/replies\//.test(m.text));
  const replyToken = /\/appeals\/replies\/([A-Za-z0-9._-]+)/.exec(followup!.text)![1];

  // Officials' responses: on a petition of its own (with a document) and on an appeal of its own.
  const answeredPetition = await openPetition(s, { slug: 'e2e-petition-answered', admin: adminStaff });
  const today = new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);
  const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
  const { response } = await s.responses.record(
    'petition',
    answeredPetition.petitionId,
    {
      name: 'A. Minister',
      position: 'Minister',
      body: 'Government',
      date: today,
      text_en: 'We will act.',
      text_ru: 'Мы примем меры.',
    },
    { name: 'answer.pdf', data: pdf },
    adminStaff,
    'en',
  );
  const answeredAppealId = await published(t, adminStaff, 'e2e-appeal-answered', 'appeal', {
    subject: tr('Support the law'),
    template: { en: LETTER, ru: LETTER, kk: LETTER },
    target_mode: 'body',
    target_body: 'senate',
  });
  await s.responses.record(
    'appeal',
    answeredAppealId,
    { official: (await s.responses.officials())[0].id, date: today, text_kk: 'Заң жобасын қолдаймыз.' },
    null,
    adminStaff,
    'en',
  );
  const signature = await s.db
    .selectFrom('petition_signatures')
    .select('id')
    .where('petition_id', '=', petitionId)
    .where('status', '=', 'confirmed')
    .executeTakeFirstOrThrow();
  const unsubscribeToken = tail(s.petitions.unsubscribeLink('en', signature.id));

  const flashmobId = await published(t, adminStaff, 'e2e-flashmob', 'flashmob', {
    ask: tr('Post your story with the hashtag'),
    hashtags_kk: 'ЗаңдыӨзгерт',
    hashtags_ru: 'МеняйЗакон',
    hashtags_en: 'ChangeTheLaw',
    samples: tr('I was not heard. #ChangeTheLaw'),
    instructions_instagram: tr('Share a story'),
    instructions_tiktok: {},
    instructions_x: {},
    instructions_other: {},
    show_uptake: true,
  });

  // Testimonies: the keys as the browser makes them, one testimony, and a call for testimonies.
  await orgKey(t, admin, await personalKey(t, admin));
  const testimonyComponentId = await published(t, adminStaff, 'e2e-testimony', 'testimony', {
    call: tr('Tell us what happened at work'),
    show_stories: true,
  });
  const sent = await submitInBrowserMode(
    t,
    { story: 'It happened at home.', region: 'KZ-75', relationship: 'partner', help: ['shelter'] },
    { consent: 'statistics' },
  );
  if (sent.status !== 200) throw new Error(`testimony: ${sent.status}`);
  const testimonyId = (await s.db.selectFrom('testimonies').select('id').executeTakeFirstOrThrow()).id;

  const changethelaw = (await s.campaigns.getBySlug('changethelaw')).id;
  const items = [
    envelope(
      'instagram.com',
      instagramItem({
        code: 'Cp1',
        at: '2024-03-31T10:15:00Z',
        text: 'Біз заңды өзгертуді талап етеміз #ЗаңдыӨзгерт',
        likes: 30,
      }),
    ),
    envelope(
      'tiktok.com',
      tiktokItem({
        id: '7400000000000000001',
        at: '2024-04-01T11:00:00Z',
        text: 'Мы требуем изменить закон #МеняйЗакон',
        tags: ['МеняйЗакон'],
      }),
    ),
  ];
  await s.monitor.importFile({ file: tmpFile('p.ndjson', ndjson(items)), format: 'zeeschuimer' }, { system: 'test' });
  await s.monitor.importFile(
    { file: tmpFile('ring.ndjson', ndjson(ringPosts())), format: 'zeeschuimer' },
    { system: 'test' },
  );
  const run = await s.coordination.start({ scope: 'a', type: 'co-hashtag' }, { system: 'test' });
  await s.coordination.runQueued();

  // Two staff members stopped before their second factor: one enrolling, one asked for her code.
  const login = async (email: string) => {
    const page = await t.app.inject('/en/admin/login');
    return cookieFrom(
      await t.app.inject({
        method: 'POST',
        url: '/en/admin/login',
        ...form({ email, password: PASSWORD, _csrf: csrfFrom(page.body) }),
      }),
    );
  };
  const enrolling = await login((await createStaff(s, 'organiser')).email);
  const verifyingStaff = await createStaff(s, 'caseworker');
  await signIn(t, verifyingStaff.email);
  const verifying = await login(verifyingStaff.email);

  return {
    ...t,
    admin,
    enrolling,
    verifying,
    campaigns: { petition: 'e2e-petition', appeal: 'e2e-appeal', flashmob: 'e2e-flashmob', testimony: 'e2e-testimony' },
    campaignId: changethelaw,
    petitionId,
    confirmToken,
    withdrawToken,
    appealId,
    letterToken,
    sendToken,
    replyToken,
    flashmobId,
    testimonyComponentId,
    testimonyId,
    receipt: sent.receipt,
    helpId: (await s.help.search({}))[0].id,
    observatoryId: (await s.observatory.getBySlug('nukenova-2023')).id,
    recipientId: (await s.appeals.listRecipients())[0].id,
    answeredPetitionId: answeredPetition.petitionId,
    answeredAppealId,
    responseId: response.id,
    unsubscribeToken,
    coordinationRunId: run.id,
  };
}
