// `dauys doctor` run in-process (its action, with a host that hands it the test app's services) on a
// fresh installation set up weakly: no SMTP, no backup passphrase, no testimony keys, a var folder
// others can read. It exits 1 and names each problem; what the proxy watch recorded from real
// requests through the app is read back.
import assert from 'node:assert/strict';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Command } from 'commander';
import { ALL_MIGRATION_FOLDERS } from '../src/boot.ts';
import type { CheckResult } from '../src/cli/doctor-checks.ts';
import type { DoctorServices } from '../src/cli/doctor-facts.ts';
import { doctorCommand } from '../src/cli/doctor.ts';
import type { CliHost } from '../src/cli/host.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff } from './helpers/staff.ts';

describe('dauys doctor', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
    await createStaff(t.services, 'admin');
    chmodSync(t.config.varDir, 0o755);
  });
  after(() => t.close());

  const run = async (...args: string[]) => {
    const services = t.services as unknown as DoctorServices;
    const host: CliHost<DoctorServices> = {
      open: async () => services,
      close: async () => undefined,
      app: async () => t.app,
      startBackground: async () => undefined,
      migrationFolders: async () => ALL_MIGRATION_FOLDERS,
    };
    const chunks: string[] = [];
    let code = -1;
    const program = new Command().exitOverride();
    doctorCommand(program, host, {
      config: () => t.config,
      env: { DAUYS_SECRET: t.config.secret },
      write: (s) => void chunks.push(s),
      exit: (c) => (code = c),
    });
    await program.parseAsync(['doctor', ...args], { from: 'user' });
    return { text: chunks.join(''), code };
  };
  const line = (text: string, id: string) => text.split('\n').find((l) => l.includes(` ${id}: `)) ?? '';

  test('a weak set-up exits 1 and names each problem with its fix', async () => {
    const { text, code } = await run();
    assert.equal(code, 1);
    assert.match(line(text, 'migrations'), /^ok {4}migrations: the database is up to date$/);
    assert.match(
      line(text, 'mail'),
      /^warn {2}mail: SMTP_URL is not set: mails stay in the outbox.* — fix: Set SMTP_URL=/,
    );
    assert.match(
      line(text, 'backup.schedule'),
      /^fail {2}backup\.schedule: .*no passphrase.* — fix: Set DAUYS_BACKUP_PASSPHRASE_FILE/,
    );
    assert.match(line(text, 'backup.last'), /^warn {2}backup\.last: no backup has been made yet/);
    assert.match(
      line(text, 'testimony.keys'),
      /^warn {2}testimony\.keys: there is no organisation key.*\/admin\/testimony-keys/,
    );
    assert.match(
      line(text, 'permissions.var'),
      new RegExp(`^warn {2}permissions\\.var: .*mode 755.* — fix: chmod 700 ${t.config.varDir}$`),
    );
    assert.match(line(text, 'secret'), /^warn {2}secret: DAUYS_SECRET looks like a placeholder/);
    assert.match(line(text, 'trust_proxy'), /^ok {4}trust_proxy: TRUST_PROXY=0; no requests seen yet$/);
    assert.match(text, /Needs attention: 1 failure, \d+ warnings/);
  });

  test('proxy headers seen by the app with TRUST_PROXY off are reported; --json for monitoring', async () => {
    const file = join(t.config.varDir, 'proxy-seen.json');
    for (let i = 0; i < 3; i++)
      await t.app.inject({ url: '/en', headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } });
    // The first request is written at once, in the background.
    for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
    const { text, code } = await run('--json');
    assert.equal(code, 1);
    const report = JSON.parse(text) as { status: string; checks: CheckResult[] };
    assert.equal(report.status, 'fail');
    const proxy = report.checks.find((c) => c.id === 'trust_proxy')!;
    assert.equal(proxy.status, 'warn');
    assert.match(proxy.detail, /came through a proxy .* TRUST_PROXY is off/);
    assert.equal(proxy.fix, 'Set TRUST_PROXY=1 and restart');
    const ids = report.checks.map((c) => c.id);
    for (const id of ['migrations', 'secret', 'permissions.var', 'disk.var', 'mail', 'backup.schedule', 'backup.last'])
      assert.ok(ids.includes(id), id);
  });

  test('fixed, the same checks pass', async () => {
    chmodSync(t.config.varDir, 0o700);
    const { text } = await run();
    assert.match(line(text, 'permissions.var'), /^ok /);
  });
});
