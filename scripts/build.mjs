#!/usr/bin/env node
// `npm run build` (also run by `npm install` through `prepare`): the command line and the server as
// plain JavaScript in dist/, so starting them does not compile TypeScript each time. The browser
// scripts are bundled here too, once, instead of at every start.
// Sources stay the truth: bin/dauys.js runs them through tsx whenever dist/ is older than src/.
import { build } from 'esbuild';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sourceStamp } from '../bin/source-stamp.js';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist');

// Chunks land in dist/, one level below the root like src/x.ts is not: each source's
// `import.meta.url` becomes its original place, so its data files, migrations folders and
// worker scripts are found where they are in the checkout.
const keepSourceUrls = {
  name: 'keep-source-urls',
  setup(b) {
    b.onLoad({ filter: /[/\\]src[/\\].*\.tsx?$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const fromDist = '../' + relative(ROOT, args.path).split('\\').join('/');
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromDist)}, import.meta.url).href`),
        loader: args.path.endsWith('x') ? 'tsx' : 'ts',
      };
    });
  },
};

const stamp = sourceStamp();
const CLIENT_BUNDLE = JSON.parse(readFileSync(join(ROOT, 'src/client/bundle-options.json'), 'utf8'));
rmSync(OUT, { recursive: true, force: true });
const started = Date.now();
await build({
  entryPoints: { dauys: join(ROOT, 'src/cli/main.ts') },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', '@node-rs/argon2', 'esbuild', 'pg-native', 'libsodium-wrappers-sumo', 'tsx'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __dauysRequire } from 'node:module'; const require = __dauysRequire(import.meta.url);",
  },
  define: { 'import.meta.dauysBuilt': 'true' },
  plugins: [keepSourceUrls],
  logLevel: 'warning',
});

// The browser scripts, named as the server names them (enhance.entry.ts → enhance.js).
const entries = readdirSync(join(ROOT, 'src/client')).filter((f) => f.endsWith('.entry.ts'));
await build({
  ...CLIENT_BUNDLE,
  entryPoints: Object.fromEntries(entries.map((f) => [f.replace('.entry.ts', ''), join(ROOT, 'src/client', f)])),
  outdir: join(OUT, 'client'),
});
writeFileSync(join(OUT, 'built.json'), JSON.stringify(stamp) + '\n');
console.log(`dauys: built dist/ in ${Date.now() - started} ms`);
