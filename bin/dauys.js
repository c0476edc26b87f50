#!/usr/bin/env node
// Entry point of the `dauys` command: TypeScript sources run through tsx's loader.
import { spawnSync } from 'node:child_process';
import { register } from 'tsx/esm/api';

// Monitor imports and exports stream files of any size: a bounded heap makes V8 collect garbage
// early instead of growing, so memory stays flat whatever the file size.
if (process.argv[2] === 'monitor' && !process.execArgv.some((a) => a.startsWith('--max-old-space-size'))) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=128', ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 1);
}

register();
await import('../src/cli/main.ts');
