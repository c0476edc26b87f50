// Every route the app declares, as Fastify registered it (with its language prefix), collected by
// an onRoute hook installed before any route plugin. Tests walk it, so a new route is covered by
// the route-table fuzz test without anyone editing that test.
import type { FastifyInstance, RouteOptions } from 'fastify';

export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly config: RouteOptions['config'];
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Call before registering routes: only routes declared afterwards are seen. */
export function recordRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      table.push(Object.freeze({ method, url: route.url, config: route.config }));
  });
}

export const routeTable = (app: FastifyInstance): readonly RouteEntry[] => tables.get(app) ?? [];
