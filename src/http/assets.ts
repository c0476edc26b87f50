// Static assets served from memory with content-hashed names and a year-long immutable cache.
// CSS comes from public/, browser scripts are bundled from src/client/ by esbuild at start-up,
// and an operator's own files (logo, robots.txt …) can be added through DAUYS_SITE_DIR.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import CLIENT_BUNDLE from '../client/bundle-options.json' with { type: 'json' };

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
  url: string;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};
const PUBLIC = fileURLToPath(new URL('../../public/', import.meta.url));
const CLIENT = fileURLToPath(new URL('../client/', import.meta.url));
// Made once by scripts/build.mjs for the built server; the sources bundle them at start.
const CLIENT_BUILT = fileURLToPath(new URL('../../dist/client/', import.meta.url));

export interface AssetStore {
  /** Public URL of a logical asset name such as "css/dauys.css" or "js/enhance.js". */
  url(name: string): string;
  byUrl(url: string): Asset | undefined;
  site(path: string): Asset | undefined;
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const full = join(dir, n);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

function makeAsset(name: string, body: Buffer, hashed: boolean): Asset {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 12);
  const ext = extname(name);
  const url = hashed ? `/assets/${name.slice(0, -ext.length)}.${hash}${ext}` : `/site/${name}`;
  return { body, type: TYPES[ext] ?? 'application/octet-stream', etag: `"${hash}"`, url };
}

/** The browser scripts, as js/<name>.js: bundled from src/client/*.entry.ts, or read from the build. */
async function clientScripts(): Promise<Array<[string, Buffer]>> {
  if (import.meta.dauysBuilt && existsSync(CLIENT_BUILT))
    return files(CLIENT_BUILT).map((f) => ['js/' + relative(CLIENT_BUILT, f), readFileSync(f)]);
  const entries = files(CLIENT).filter((f) => /\.entry\.ts$/.test(f));
  if (!entries.length) return [];
  const out = await build({ ...CLIENT_BUNDLE, entryPoints: entries, write: false, outdir: '/out' } as BuildOptions);
  return out.outputFiles!.map((o) => ['js/' + o.path.split('/').pop()!.replace('.entry', ''), Buffer.from(o.contents)]);
}

export async function loadAssets(siteDir: string | null): Promise<AssetStore> {
  const byName = new Map<string, Asset>();
  for (const f of files(PUBLIC)) {
    const name = relative(PUBLIC, f).split('\\').join('/');
    byName.set(name, makeAsset(name, readFileSync(f), true));
  }
  for (const [name, body] of await clientScripts()) byName.set(name, makeAsset(name, body, true));
  const byUrl = new Map([...byName.values()].map((a) => [a.url, a]));
  const site = new Map<string, Asset>();
  if (siteDir)
    for (const f of files(siteDir)) {
      const name = relative(siteDir, f).split('\\').join('/');
      site.set(name, makeAsset(name, readFileSync(f), false));
    }
  return {
    url(name) {
      const a = byName.get(name);
      if (!a) throw new Error(`Unknown asset ${name}`);
      return a.url;
    },
    byUrl: (url) => byUrl.get(url),
    site: (path) => site.get(path),
  };
}
