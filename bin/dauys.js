#!/usr/bin/env node
// Entry point of the `dauys` command. It runs the JavaScript that `npm install` builds into dist/
// (scripts/build.mjs), and falls back to the TypeScript sources through tsx when dist/ is missing or
// older than src/ (an edit since the last build): what runs is always what the sources say.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceStamp } from './source-stamp.js';

// Monitor imports and exports, backups and restores stream files of any size: a bounded heap makes
// V8 collect garbage early instead of growing, so memory stays flat whatever the file size.
const STREAMING = ['monitor', 'backup', 'restore'];
if (STREAMING.includes(process.argv[2]) && !process.execArgv.some((a) => a.startsWith('--max-old-space-size'))) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=128', ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}

const ROOT = join(import.meta.dirname, '..');

function builtIsCurrent() {
  if (process.env.DAUYS_FROM_SOURCES === '1') return false;
  try {
    const built = JSON.parse(readFileSync(join(ROOT, 'dist', 'built.json'), 'utf8'));
    const now = sourceStamp();
    return now.newest <= built.newest && now.files === built.files;
  } catch {
    return false;
  }
}

if (builtIsCurrent()) await import('../dist/dauys.js');
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
