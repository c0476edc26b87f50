// Boots the real services and Fastify app on a fresh database for one test file.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeServices, createApp, createServices, type BootOptions, type Services } from '../../src/boot.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { freshDatabase, type TestDatabase } from './db-url.ts';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  config: Config;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * `configure` runs before the app is ready, for tests that add their own hooks. With `logLines`,
 * the app logs (at LOG_LEVEL info unless `env` says otherwise) into that array instead of nowhere.
 */
export async function startTestApp(
  opts: BootOptions & {
    env?: Record<string, string>;
    configure?: (app: FastifyInstance) => void;
    logLines?: string[];
  } = {},
): Promise<TestApp> {
  const database = await freshDatabase();
  const config = loadConfig({
    DATABASE_URL: database.url,
    DAUYS_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    DAUYS_VAR_DIR: mkdtempSync(join(tmpdir(), 'dauys-var-')),
    LOG_LEVEL: opts.logLines ? 'info' : 'silent',
    JOBS_ENABLED: 'false',
    PAGE_CACHE_SECONDS: '0',
    ...opts.env,
  });
  const services = await createServices(config, { migrate: true, ...opts });
  const lines = opts.logLines;
  const app = await createApp(services, lines ? { logStream: { write: (line) => void lines.push(line) } } : {});
  opts.configure?.(app);
  await app.ready();
  return {
    app,
    services,
    config,
    database,
    async close() {
      await app.close();
      await closeServices(services);
      await database.drop();
    },
  };
}

/** Pulls the CSRF token out of a rendered form. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('No CSRF token in page');
  return m[1];
}

export function cookieFrom(res: LightMyRequestResponse): string {
  const raw = res.headers['set-cookie'];
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (!first) throw new Error('No cookie set');
  return first.split(';')[0];
}

export const form = (values: Record<string, string>) => ({
  payload: new URLSearchParams(values).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

/** A multipart/form-data body for app.inject(), as a browser sends a form with files. */
export async function multipart(
  fields: Record<string, string | string[]>,
  files: Array<{ field: string; name: string; type: string; data: Uint8Array }> = [],
) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  for (const f of files) fd.append(f.field, new Blob([f.data as BlobPart], { type: f.type }), f.name);
  const req = new Request('http://local/', { method: 'POST', body: fd });
  return {
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { 'content-type': req.headers.get('content-type')! },
  };
}
