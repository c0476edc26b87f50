import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

const varDir = () => mkdtempSync(join(tmpdir(), 'dauys-cfg-'));

test('defaults: embedded SQLite on 127.0.0.1:3000 with a generated, persisted secret', () => {
  const dir = varDir();
  const c = loadConfig({ DAUYS_VAR_DIR: dir });
  assert.equal(c.port, 3000);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.dialect, 'sqlite');
  assert.equal(c.sqlitePath, join(dir, 'dauys.db'), 'the database lives in DAUYS_VAR_DIR');
  assert.equal(c.databaseUrl, `sqlite:${join(dir, 'dauys.db')}`);
  assert.equal(c.baseUrl, 'http://127.0.0.1:3000');
  assert.ok(existsSync(join(dir, 'secret')));
  assert.equal(readFileSync(join(dir, 'secret'), 'utf8').trim(), c.secret);
  assert.equal(loadConfig({ DAUYS_VAR_DIR: dir }).secret, c.secret, 'the secret is kept across starts');
  assert.ok(Object.isFrozen(c));
});

test('postgres URLs select PostgreSQL and then require DAUYS_SECRET', () => {
  assert.throws(
    () => loadConfig({ DATABASE_URL: 'postgres://localhost/x', DAUYS_VAR_DIR: varDir() }),
    (e: unknown) => e instanceof ConfigError && e.variable === 'DAUYS_SECRET',
  );
  const c = loadConfig({ DATABASE_URL: 'postgres://localhost/x', DAUYS_SECRET: 'x'.repeat(40) });
  assert.equal(c.dialect, 'postgres');
  assert.equal(c.sqlitePath, null);
});

test('each bad variable is named in a one-line message', () => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DAUYS_SECRET: 'short' }, 'DAUYS_SECRET'],
    [{ BASE_URL: 'not a url' }, 'BASE_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
  ];
  for (const [env, variable] of cases) {
    assert.throws(
      () => loadConfig({ DAUYS_VAR_DIR: varDir(), ...env }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.variable === variable &&
        e.message.startsWith(`Invalid configuration: ${variable}`) &&
        !e.message.includes('\n'),
      variable,
    );
  }
});

test('empty variables count as unset', () => {
  assert.equal(loadConfig({ PORT: '', DAUYS_VAR_DIR: varDir() }).port, 3000);
});

test('monitor import transactions: short on SQLite (one writer), longer on PostgreSQL, as set when set', () => {
  const pgEnv = { DATABASE_URL: 'postgres://localhost/x', DAUYS_SECRET: 'x'.repeat(40) };
  assert.equal(loadConfig({ DAUYS_VAR_DIR: varDir() }).monitor.importTransactionMs, 200);
  assert.equal(loadConfig(pgEnv).monitor.importTransactionMs, 5000);
  assert.equal(loadConfig({ ...pgEnv, MONITOR_IMPORT_TRANSACTION_MS: '0' }).monitor.importTransactionMs, 0);
  assert.equal(
    loadConfig({ DAUYS_VAR_DIR: varDir(), MONITOR_IMPORT_TRANSACTION_MS: '1000' }).monitor.importTransactionMs,
    1000,
  );
});
