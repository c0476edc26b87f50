// `dauys` as an operator runs it, in a child process, on a fresh database of the dialect under test.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { freshDatabase, type TestDatabase } from './db-url.ts';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'dauys.js');

export interface Cli {
  env: NodeJS.ProcessEnv;
  db: TestDatabase;
  run(args: string[], input?: string, extraEnv?: NodeJS.ProcessEnv): SpawnSyncReturns<string>;
}

/** Inside a describe(): a fresh database and a var folder before the suite, dropped after it. */
export function cliSuite(): Cli {
  const cli = {
    run: (args: string[], input?: string, extraEnv: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, [BIN, ...args], {
        env: { ...cli.env, ...extraEnv },
        input,
        encoding: 'utf8',
        timeout: 60_000,
      }),
  } as Cli;
  before(async () => {
    cli.db = await freshDatabase();
    cli.env = {
      ...process.env,
      DATABASE_URL: cli.db.url,
      DAUYS_VAR_DIR: mkdtempSync(join(tmpdir(), 'dauys-cli-')),
      DAUYS_SECRET: 'cli-secret-cli-secret-cli-secret-cli-secret',
      LOG_LEVEL: 'silent',
    };
  });
  after(() => cli.db.drop());
  return cli;
}
