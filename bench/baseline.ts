// An older commit to measure beside this checkout (BENCH_BASELINE_REF): `git archive` of the ref
// into a temp directory that shares this checkout's node_modules, built like `npm install` builds
// (dist/, so bin/dauys.js runs what a user runs) when asked and when that commit has the build.
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(import.meta.dirname, '..');

export function checkoutRef(ref: string, opts: { build?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'dauys-baseline-'));
  execSync(`git archive ${JSON.stringify(ref)} | tar -x -C ${JSON.stringify(dir)}`, { cwd: repo });
  symlinkSync(realpathSync(join(repo, 'node_modules')), join(dir, 'node_modules'));
  if (opts.build && existsSync(join(dir, 'scripts', 'build.mjs')))
    execFileSync(process.execPath, [join(dir, 'scripts', 'build.mjs')], { cwd: dir, stdio: 'ignore' });
  return dir;
}
