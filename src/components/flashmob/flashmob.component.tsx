// The flashmob component: a campaign's kit (the ask, hashtags per language, start and end, sample
// texts, instructions per platform) and its live uptake from the monitor (posts, authors,
// platforms, languages over time) on the public campaign page.
import type { FastifyPluginAsync } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { z } from 'zod';
import {
  type CampaignComponent,
  type CampaignsService,
  type ComponentManifest,
  PUBLIC_STATUSES,
} from '../../core/campaigns/index.ts';
import type { WebKit } from '../../http/web.ts';
import { cleanHashtag, type MonitorService } from '../../monitor/index.ts';
import { can } from '../../core/accounts/index.ts';
import { notFound } from '../../core/errors.ts';
import { ctxFor, sendCachedPage } from '../../http/pages.tsx';
import { ColumnChart } from '../../ui/widgets/svg-charts.tsx';
import { FlashmobBlock, UptakePage, type Uptake } from './views.tsx';
import { inScript } from '../../i18n/locales.ts';

const text = (max: number) => z.string().trim().max(max).optional();
const translatable = (max: number) => z.object({ kk: text(max), ru: text(max), en: text(max) });
const tagList = z
  .string()
  .trim()
  .max(400)
  .optional()
  .refine(
    (v) =>
      !v ||
      v
        .split(/[\s,]+/)
        .filter(Boolean)
        .every((t) => cleanHashtag(t) !== null),
    { message: 'flashmob.error.hashtags' },
  );
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional();

export const flashmobSettings = z
  .object({
    ask: translatable(1000).refine((v) => !!(v.kk || v.ru || v.en)),
    hashtags_kk: tagList,
    hashtags_ru: tagList,
    hashtags_en: tagList,
    starts_on: day,
    ends_on: day,
    samples: translatable(2000),
    instructions_instagram: translatable(1000),
    instructions_tiktok: translatable(1000),
    instructions_x: translatable(1000),
    instructions_other: translatable(1000),
    show_uptake: z.boolean().optional(),
  })
  .refine((s) => !s.starts_on || !s.ends_on || s.starts_on <= s.ends_on, {
    path: ['ends_on'],
    message: 'flashmob.error.dates',
  });

export type FlashmobSettings = z.infer<typeof flashmobSettings>;
export const INSTRUCTION_PLATFORMS = ['instagram', 'tiktok', 'x', 'other'] as const;
const ID_RE = /^[0-9a-f-]{36}$/;

/** Headline figures and a daily series for a campaign, read from the monitor's rollups. */
async function uptakeOf(
  services: FlashmobDeps,
  component: CampaignComponent,
  settings: FlashmobSettings,
): Promise<Uptake> {
  const scope = services.monitor.scopeFor('campaign', component.campaignId);
  const o = await services.monitor.overview(
    { scope, from: settings.starts_on ?? null, to: settings.ends_on ?? null },
    'day',
  );
  const all = settings.starts_on || settings.ends_on ? await services.monitor.overview({ scope }, 'day') : o;
  return {
    posts: o.totals.posts,
    authors: all.uniqueAuthors ?? 0,
    newAuthors: o.totals.newAuthors,
    platforms: o.byPlatform.map((p) => ({ key: p.key, posts: p.posts })),
    langs: o.byLang.map((l) => ({ key: l.key, posts: l.posts })),
    series: o.series.map((s) => ({ t: s.t, posts: s.posts })),
    stacked: o.stacked,
    last: o.range.last,
  };
}

/** What the flashmob's block and uptake pages read: campaigns and the monitor's rollups. */
export type FlashmobDeps = WebKit & { campaigns: CampaignsService; monitor: MonitorService };

export function flashmobComponent(services: FlashmobDeps): {
  manifest: ComponentManifest<FlashmobSettings>;
  plugin: FastifyPluginAsync;
} {
  async function published(id: string) {
    if (!ID_RE.test(id)) throw notFound();
    const component = await services.campaigns.getComponent(id);
    if (component.type !== 'flashmob' || component.status !== 'published') throw notFound();
    const campaign = await services.campaigns.getById(component.campaignId);
    if (!PUBLIC_STATUSES.includes(campaign.status)) throw notFound();
    const settings = flashmobSettings.parse(component.settings);
    if (settings.show_uptake === false) throw notFound();
    return { component, campaign, settings };
  }

  const plugin: FastifyPluginAsync = async (app) => {
    // The uptake chart as an SVG image: shown without JavaScript, cached like a page.
    app.get('/c/:id/uptake.svg', async (req, reply) => {
      const { component, settings } = await published((req.params as { id: string }).id);
      const u = await uptakeOf(services, component, settings);
      const t = services.i18n.translator(req.locale);
      const keys = u.platforms.map((p) => p.key);
      const svg = renderToString(
        <ColumnChart
          id="uptake"
          title={t('flashmob.uptake.chart')}
          desc={t('flashmob.uptake.chart_desc', { posts: u.posts })}
          buckets={u.stacked.map((s) => s.t)}
          series={keys.map((key) => ({
            key,
            label: t(`monitor.platform.${key}`),
            values: u.stacked.map((s) => s.values[key] ?? 0),
          }))}
          format={(n) => new Intl.NumberFormat(req.locale).format(Math.round(n))}
          formatBucket={(b) =>
            inScript(
              new Intl.DateTimeFormat(req.locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
                new Date(`${b}T00:00:00Z`),
              ),
              req.locale,
            )
          }
        />,
      ).replace('<svg ', `<svg xmlns="http://www.w3.org/2000/svg" `);
      return reply
        .header('content-type', 'image/svg+xml; charset=utf-8')
        .header('cache-control', `public, max-age=${Math.max(5, services.config.pageCacheSeconds)}`)
        .send(withFills(svg));
    });

    // The same figures as tables: for screen readers, text browsers and anyone who wants numbers.
    app.get('/c/:id/uptake', async (req, reply) => {
      const { component, campaign, settings } = await published((req.params as { id: string }).id);
      return sendCachedPage(services, req, reply, async () => (
        <UptakePage
          ctx={ctxFor(services, req)}
          campaign={campaign}
          component={component}
          uptake={await uptakeOf(services, component, settings)}
        />
      ));
    });
  };

  const manifest: ComponentManifest<FlashmobSettings> = {
    type: 'flashmob',
    labelKey: 'flashmob.label',
    descriptionKey: 'flashmob.description',
    settings: {
      schema: flashmobSettings as unknown as z.ZodType<FlashmobSettings>,
      fields: [
        { name: 'ask', kind: 'translatable-textarea', label: 'flashmob.field.ask', required: true, max: 1000 },
        { name: 'hashtags_kk', kind: 'text', label: 'flashmob.field.hashtags_kk', max: 400 },
        { name: 'hashtags_ru', kind: 'text', label: 'flashmob.field.hashtags_ru', max: 400 },
        { name: 'hashtags_en', kind: 'text', label: 'flashmob.field.hashtags_en', max: 400 },
        { name: 'starts_on', kind: 'date', label: 'flashmob.field.starts_on' },
        { name: 'ends_on', kind: 'date', label: 'flashmob.field.ends_on' },
        { name: 'samples', kind: 'translatable-textarea', label: 'flashmob.field.samples', max: 2000 },
        ...INSTRUCTION_PLATFORMS.map((p) => ({
          name: `instructions_${p}`,
          kind: 'translatable-textarea' as const,
          label: `flashmob.field.instructions_${p}`,
          max: 1000,
        })),
        { name: 'show_uptake', kind: 'checkbox', label: 'flashmob.field.show_uptake' },
      ],
    },
    actions: [{ name: 'join', labelKey: 'flashmob.action.join', public: true }],
    permissions: (staff, action, { campaign, component }) => {
      if (action === 'join') return campaign.status === 'live' && component.status === 'published';
      if (action === 'export') return can(staff, 'analytics.view');
      return can(staff, 'component.manage', campaign);
    },
    async stats(component) {
      const settings = flashmobSettings.safeParse(component.settings);
      if (!settings.success || settings.data.show_uptake === false) return [];
      const u = await uptakeOf(services, component, settings.data);
      return [
        { key: 'posts', labelKey: 'flashmob.stat.posts', value: u.posts },
        { key: 'authors', labelKey: 'flashmob.stat.authors', value: u.authors },
        { key: 'platforms', labelKey: 'flashmob.stat.platforms', value: u.platforms.length },
        { key: 'languages', labelKey: 'flashmob.stat.languages', value: u.langs.filter((l) => l.key !== 'und').length },
      ];
    },
    exporters: [
      {
        name: 'posts',
        labelKey: 'flashmob.export.posts',
        contentType: 'text/csv; charset=utf-8',
        extension: 'csv',
        async run(component) {
          let out = '';
          for await (const chunk of services.monitor.exportPosts(
            { scope: services.monitor.scopeFor('campaign', component.campaignId), pseudonymise: true },
            'csv',
          ))
            out += chunk;
          return out;
        },
      },
    ],
    view: (props) => <FlashmobBlock {...props} />,
  };
  return { manifest, plugin };
}

// The image is fetched on its own and may not use a style sheet: colours become attributes.
const FILLS: Record<string, string> = {
  instagram: '#8e3a8a',
  tiktok: '#1d1b22',
  x: '#5f6b7a',
  threads: '#c06a16',
  telegram: '#2b7bb9',
  vk: '#3f5f8f',
  bluesky: '#1e88c8',
  mastodon: '#5b4ccc',
  youtube: '#b3261e',
  facebook: '#2d4f9e',
  other: '#8a8494',
};
export const withFills = (svg: string): string =>
  svg
    .replace(
      /class="chart__bar chart__bar--([a-z0-9-]+)"/g,
      (_m, k: string) => `class="chart__bar chart__bar--${k}" fill="${FILLS[k] ?? '#5b2a86'}"`,
    )
    .replace(/class="chart__grid"/g, 'class="chart__grid" stroke="#ddd8e3"')
    .replace(/<text /g, '<text fill="#4a4652" font-size="11" font-family="sans-serif" ');
