// Public, cacheable pages: the stories wall and the anonymous statistics.
import type { FastifyInstance } from 'fastify';
import type { WebKit } from '../../http/web.ts';
import type { RegionsService } from '../../core/regions/index.ts';
import { fail } from '../../core/errors.ts';
import { ctxFor, sendCachedPage } from '../../http/pages.tsx';
import type { TestimonyParts } from './testimony.parts.ts';
import { StatisticsPage, StoriesPage } from './views/public.tsx';

/** What these routes use: the web kit and the services named here. */
type Services = WebKit & {
  regions: RegionsService;
};

export async function publicRoutes(app: FastifyInstance, services: Services, testimony: TestimonyParts): Promise<void> {
  app.get('/stories', (req, reply) =>
    sendCachedPage(services, req, reply, async () => (
      <StoriesPage ctx={ctxFor(services, req)} stories={await testimony.cases.stories(null)} call={null} />
    )),
  );

  app.get('/stories/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    const call = /^[0-9a-f-]{36}$/.test(id) ? await testimony.callFor(id, req.locale) : undefined;
    if (call === undefined) throw fail('COMPONENT_NOT_FOUND');
    return sendCachedPage(services, req, reply, async () => (
      <StoriesPage ctx={ctxFor(services, req)} stories={await testimony.cases.stories(id)} call={call || null} />
    ));
  });

  app.get('/tell/statistics', (req, reply) =>
    sendCachedPage(services, req, reply, async () => {
      const regions = services.regions.all();
      return (
        <StatisticsPage
          ctx={ctxFor(services, req)}
          stats={await testimony.cases.statistics(regions.map((r) => r.code))}
          regions={regions}
        />
      );
    }),
  );
}
