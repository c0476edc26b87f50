import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../config.ts';
import { checkpointCron } from './ledger.module.ts';

const env = { DAUYS_SECRET: 'x'.repeat(32), DATABASE_URL: 'sqlite::memory:' };

test('ledger config: the origin defaults to the site host + /ledger; the interval becomes a cron line', () => {
  assert.equal(loadConfig({ ...env, BASE_URL: 'https://dauys.example/' }).ledger.origin, 'dauys.example/ledger');
  assert.equal(loadConfig({ ...env, PORT: '8080' }).ledger.origin, '127.0.0.1:8080/ledger');
  assert.equal(loadConfig({ ...env, LEDGER_ORIGIN: 'ledger.example/books' }).ledger.origin, 'ledger.example/books');
  assert.throws(() => loadConfig({ ...env, LEDGER_ORIGIN: 'two words' }), ConfigError);
  assert.throws(() => loadConfig({ ...env, LEDGER_CHECKPOINT_SECONDS: '10' }), ConfigError);
  assert.equal(loadConfig(env).ledger.checkpointSeconds, 300);
  assert.equal(checkpointCron(300), '*/5 * * * *');
  assert.equal(checkpointCron(60), '*/1 * * * *');
  assert.equal(checkpointCron(420), '*/6 * * * *'); // 7 does not divide an hour: the nearest below that does
  assert.equal(checkpointCron(3600), '0 */1 * * *');
  assert.equal(checkpointCron(5 * 3600), '0 */4 * * *');
  assert.equal(checkpointCron(86_400), '0 */24 * * *');
});
