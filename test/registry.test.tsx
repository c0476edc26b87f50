// A small component type registered only here proves that the campaign page, the admin UI and
// permissions pick component types up through the registry alone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import type { ComponentManifest } from '../src/core/campaigns/registry.ts';
import { defineModule } from '../src/core/modules/module.ts';
import { pickText } from '../src/i18n/locales.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff, post, signIn, type Signed } from './helpers/staff.ts';

const pledges = new Map<string, number>();

const pledgeComponent: ComponentManifest<any> = {
  type: 'pledge',
  labelKey: 'admin.components.title',
  descriptionKey: 'admin.components.none',
  settings: {
    schema: z.object({
      ask: z
        .object({
          kk: z.string().max(80).optional(),
          ru: z.string().max(80).optional(),
          en: z.string().max(80).optional(),
        })
        .refine((v) => !!(v.kk || v.ru || v.en)),
      goal: z.number().int().min(1).max(1_000_000),
    }),
    fields: [
      { name: 'ask', kind: 'translatable-text', label: 'admin.campaign.title', required: true, max: 80 },
      { name: 'goal', kind: 'number', label: 'admin.campaign.goals', required: true },
    ],
  },
  actions: [{ name: 'pledge', labelKey: 'admin.save', public: true }],
  permissions: (staff, action, { campaign, component }) => {
    if (action === 'pledge') return campaign.status === 'live' && component.status === 'published';
    if (action === 'export') return staff?.role === 'admin';
    return !!staff;
  },
  stats: async (component) => [
    { key: 'pledges', labelKey: 'admin.components.title', value: pledges.get(component.id) ?? 0 },
  ],
  exporters: [
    {
      name: 'count',
      labelKey: 'admin.components.exports',
      contentType: 'text/csv',
      extension: 'csv',
      run: async (c) => `pledges\n${pledges.get(c.id) ?? 0}\n`,
    },
  ],
  view: ({ ctx, settings, stats, component }) => (
    <div data-test="pledge-block">
      <h2>{pickText(settings.ask as never, ctx.locale)}</h2>
      <p>
        PLEDGES:{stats[0]?.value} GOAL:{String(settings.goal)}
      </p>
      <form method="post" action={`/${ctx.locale}/c/${component.id}/pledge`}>
        <input type="hidden" name="_csrf" value={ctx.csrf} />
        <button type="submit">Pledge</button>
      </form>
    </div>
  ),
};

/** A module of its own: the component type and the route its form posts to. */
const pledgeModule = defineModule({
  name: 'pledge',
  needs: {},
  create: (_: object) => ({}),
  contributes: () => ({
    components: [pledgeComponent],
    routes: async (app) => {
      app.post('/c/:id/pledge', async (req, reply) => {
        const { id } = req.params as { id: string };
        pledges.set(id, (pledges.get(id) ?? 0) + 1);
        return reply.redirect(`/${req.locale}/`, 303);
      });
    },
  }),
});

describe('component registry', () => {
  let t: TestApp;
  let admin: Signed;
  let campaignId: string;
  before(async () => {
    t = await startTestApp({ seedIfEmpty: true, modules: [pledgeModule] });
    admin = await signIn(t, (await createStaff(t.services, 'admin')).email);
    campaignId = (await t.services.campaigns.getBySlug('nemolchi')).id;
  });
  after(() => t.close());

  test('the admin campaign page offers the registered type', async () => {
    const res = await t.app.inject({ url: `/en/admin/campaigns/${campaignId}`, headers: { cookie: admin.cookie } });
    assert.match(res.body, /<option value="pledge">/);
  });

  test('the generated settings form validates with the manifest schema and keeps input', async () => {
    const form = await t.app.inject({
      url: `/en/admin/campaigns/${campaignId}/components/new?type=pledge`,
      headers: { cookie: admin.cookie },
    });
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="ask_kk"/);
    assert.match(form.body, /name="goal"/);
    const bad = await post(t, admin, `/en/admin/campaigns/${campaignId}/components`, {
      _type: 'pledge',
      ask_en: 'Sign up',
      goal: 'lots',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /value="Sign up"/);
    assert.match(bad.body, /id="e-goal"/);
    const unknown = await post(t, admin, `/en/admin/campaigns/${campaignId}/components`, { _type: 'nope' });
    assert.equal(unknown.statusCode, 404);
  });

  test('a component is hidden until published, then rendered on the campaign page with its stats', async () => {
    const created = await post(t, admin, `/en/admin/campaigns/${campaignId}/components`, {
      _type: 'pledge',
      ask_en: 'Promise to speak up',
      ask_kk: 'Үн қосуға уәде беріңіз',
      goal: '1 000',
    });
    assert.equal(created.statusCode, 303);
    const cid = String(created.headers.location).split('/').pop()!;
    const hidden = await t.app.inject('/en/campaigns/nemolchi');
    assert.ok(!hidden.body.includes('data-test="pledge-block"'));

    const published = await post(t, admin, `/en/admin/components/${cid}`, {
      ask_en: 'Promise to speak up',
      ask_kk: 'Үн қосуға уәде беріңіз',
      goal: '1000',
      _status: 'published',
    });
    assert.equal(published.statusCode, 303);
    const page = await t.app.inject('/kk/campaigns/nemolchi');
    assert.match(page.body, /data-test="pledge-block"/);
    assert.match(page.body, /Үн қосуға уәде беріңіз/);
    assert.match(page.body, /PLEDGES:0 GOAL:1000/);

    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const pledge = await t.app.inject({
      method: 'POST',
      url: `/kk/c/${cid}/pledge`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(token)}`,
    });
    assert.equal(pledge.statusCode, 303, 'the component’s own plugin route is mounted under the language prefix');
    assert.match((await t.app.inject('/kk/campaigns/nemolchi')).body, /PLEDGES:1/);
  });

  test('exports go through the manifest’s permissions and are audited', async () => {
    const [component] = await t.services.campaigns.components(campaignId);
    const res = await t.app.inject({
      url: `/en/admin/components/${component.id}/export/count`,
      headers: { cookie: admin.cookie },
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /^pledges\n1\n$/);
    assert.match(String(res.headers['content-disposition']), /nemolchi-pledge-count\.csv/);
    assert.ok((await t.services.audit.list({ action: 'component.export' })).length === 1);
    const org = await signIn(t, (await createStaff(t.services, 'organiser')).email);
    const denied = await t.app.inject({
      url: `/en/admin/components/${component.id}/export/count`,
      headers: { cookie: org.cookie },
    });
    assert.equal(denied.statusCode, 403);
  });

  test('registering the same type twice is refused', () => {
    assert.throws(() => t.services.registry.register(pledgeComponent), /registered twice/);
  });
});
