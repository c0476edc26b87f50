// Public pages of the campaign space, registered under each language prefix.
import type { FastifyPluginAsync } from 'fastify';
import type { WebKit } from '../../http/web.ts';
import type { CampaignsService } from './campaigns.service.ts';
import type { ComponentRegistry } from './registry.ts';
import { notFound } from '../errors.ts';
import { ctxFor, sendCachedPage } from '../../http/pages.tsx';
import { AboutPage } from '../../ui/views/about.tsx';
import { CAMPAIGN_STATUSES, type CampaignStatus } from './campaign.ts';
import { SLUG_RE } from './campaigns.validation.ts';
import { componentBlocks } from './component-blocks.ts';
import { CampaignList } from './views/campaign-list.tsx';
import { CampaignPage } from './views/campaign-page.tsx';
import { HomePage } from './views/home.tsx';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  campaigns: CampaignsService;
  registry: ComponentRegistry;
};

const one = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');

export const campaignsRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  app.get('/', async (req, reply) =>
    sendCachedPage(services, req, reply, async () => {
      const live = await services.campaigns.list({ status: 'live', perPage: 6 });
      const recent = await services.campaigns.list({ status: 'all', perPage: 7 });
      return (
        <HomePage
          ctx={ctxFor(services, req)}
          live={live.items}
          recent={recent.items.filter((c) => c.status !== 'live').slice(0, 6)}
        />
      );
    }),
  );

  app.get('/about', async (req, reply) =>
    sendCachedPage(services, req, reply, async () => <AboutPage ctx={ctxFor(services, req)} />),
  );

  app.get('/campaigns', async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    const rawStatus = one(query.status);
    const status =
      (CAMPAIGN_STATUSES as readonly string[]).includes(rawStatus) && rawStatus !== 'draft'
        ? (rawStatus as CampaignStatus)
        : 'all';
    const q = one(query.q).slice(0, 100);
    const page = Math.min(Math.max(parseInt(one(query.page), 10) || 1, 1), 10_000);
    return sendCachedPage(services, req, reply, async () => {
      const result = await services.campaigns.list({ status, q, page });
      return <CampaignList ctx={ctxFor(services, req)} {...result} status={status} q={q} />;
    });
  });

  app.get('/campaigns/:slug', async (req, reply) => {
    const { slug } = req.params as { slug: string };
    if (!SLUG_RE.test(slug)) throw notFound('CAMPAIGN_NOT_FOUND');
    return sendCachedPage(services, req, reply, async () => {
      const campaign = await services.campaigns.getBySlug(slug);
      const ctx = ctxFor(services, req);
      return (
        <CampaignPage
          ctx={ctx}
          campaign={campaign}
          components={await componentBlocks(services, ctx, campaign, { publishedOnly: true })}
        />
      );
    });
  });
};
