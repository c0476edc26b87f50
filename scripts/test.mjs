#!/usr/bin/env node
// `npm test`: every *.test.ts(x) under src/ and test/ through node:test with tsx.
// DAUYS_TEST_DATABASE_URL=postgres://… runs the same suite on PostgreSQL (see .ci/run).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['src', 'test'];
const only = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (/\.test\.tsx?$/.test(name)) files.push(full);
  }
};
for (const r of roots) if (existsSync(r)) walk(r);
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
if (!selected.length) {
  console.error('No test files matched.');
  process.exit(1);
}
const browser = process.env.DAUYS_CHROMIUM ?? '/usr/bin/chromium';
if (selected.some((f) => f.includes('e2e')) && !existsSync(browser)) {
  console.error(`Browser tests need Chromium at ${browser}: apt-get install chromium (CI's .ci/run installs it).`);
}
const dialect = process.env.DAUYS_TEST_DATABASE_URL?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite';
console.log(`Running ${selected.length} test files on ${dialect}`);
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...selected],
  {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'test' },
  },
);
process.exit(res.status ?? 1);
