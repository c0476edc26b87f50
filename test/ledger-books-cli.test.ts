// `dauys ledger record|approve|pending`, run in-process against the test app's services (the log is
// the in-memory stand-in until the log module is wired into boot.ts).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Command } from 'commander';
import { ledgerBooksCommands, type LedgerBooksCliServices } from '../src/cli/ledger-books.ts';
import type { CliHost } from '../src/cli/host.ts';
import type { LedgerLog } from '../src/ledger/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createStaff } from './helpers/staff.ts';

const today = new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10);

describe('dauys ledger (books)', () => {
  let t: TestApp;
  let run: (...args: string[]) => Promise<string>;
  let log: LedgerLog;

  before(async () => {
    t = await startTestApp();
    const services = t.services as unknown as LedgerBooksCliServices & { ledgerLog: LedgerLog };
    log = services.ledgerLog;
    const host: CliHost<LedgerBooksCliServices> = {
      open: async () => services,
      close: async () => undefined,
      app: async () => t.app,
      startBackground: async () => undefined,
      migrationFolders: async () => [],
    };
    await createStaff(t.services, 'accountant', 'aigerim@dauys.test');
    await createStaff(t.services, 'treasurer', 'dana@dauys.test');
    run = async (...args) => {
      const chunks: string[] = [];
      const program = new Command().exitOverride();
      // Output is collected, not written: the test runner reports through this process's stdout.
      ledgerBooksCommands(program.command('ledger'), host, {
        config: () => t.config,
        write: (s) => void chunks.push(s),
      });
      await program.parseAsync(['ledger', ...args], { from: 'user' });
      return chunks.join('');
    };
  });
  after(() => t.close());

  test('record prints the pending id and the donor’s receipt; a different person approves it', async () => {
    writeFileSync(join(t.config.varDir, 'order.pdf'), 'an order of the Financial Monitoring Agency');
    const printed = await run(
      'record',
      '--kind=received',
      '--amount=25 000',
      '--date',
      today.split('-').reverse().join('.'),
      '--channel=kaspi',
      '--purpose=Helpline',
      '--by=aigerim@dauys.test',
    );
    const id = /Recorded pending entry ([0-9a-f-]{36}) \(received 25000\.00 KZT\)/.exec(printed)?.[1];
    assert.ok(id, printed);
    assert.match(printed, /D1\.[A-Za-z0-9_-]{43}\./);
    await assert.rejects(run('approve', id, '--by=aigerim@dauys.test'), /You do not have permission/);
    const own = /pending entry ([0-9a-f-]{36})/.exec(
      await run(
        'record',
        '--kind=bank_event',
        '--event=account_frozen',
        `--date=${today}`,
        '--account=Halyk …1234',
        '--authority=Financial Monitoring Agency',
        `--document=${join(t.config.varDir, 'order.pdf')}`,
        '--by=dana@dauys.test',
      ),
    )![1];
    await assert.rejects(run('approve', own, '--by=dana@dauys.test'), /a different person must approve it/);
    assert.equal(await log.size(), 0);
    assert.match(await run('approve', id, '--by=dana@dauys.test'), /entry #0 of the public log/);
    assert.equal(await log.size(), 1);
  });

  test('bad input is refused with the option named, and nothing is recorded', async () => {
    await assert.rejects(
      run('record', '--kind=spent', '--amount=-5', `--date=${today}`, '--by=aigerim@dauys.test'),
      /--amount: The amount cannot be negative/,
    );
    await assert.rejects(
      run(
        'record',
        '--kind=received',
        '--amount=5',
        '--currency=XYZ',
        `--date=${today}`,
        '--purpose=x',
        '--by=aigerim@dauys.test',
      ),
      /--currency: This currency is not accepted/,
    );
    await assert.rejects(
      run(
        'record',
        '--kind=correction',
        '--corrects=42',
        `--date=${today}`,
        '--reason=typo',
        '--by=aigerim@dauys.test',
      ),
      /--corrects: The ledger has no entry with this number/,
    );
    await assert.rejects(
      run('record', '--kind=received', '--amount=5', `--date=${today}`, '--by=nobody@dauys.test'),
      /No active staff/,
    );
    assert.equal((await run('pending')).trim().split('\n').length, 1, 'only the bank event waits');
  });

  test('approve --all takes every entry someone else recorded; receipts are hashed from files', async () => {
    const scan = join(t.config.varDir, 'scan.pdf');
    writeFileSync(scan, 'a scanned receipt');
    await run(
      'record',
      '--kind=spent',
      '--amount=1200,5',
      `--date=${today}`,
      '--category=bank_fees',
      '--payee-kind=bank',
      '--description=Account fees',
      `--receipt=${scan}`,
      '--by=aigerim@dauys.test',
    );
    assert.match(await run('pending'), /spent 1200\.50 KZT/);
    // Dana recorded the bank event herself, so --all leaves it for someone else and says why.
    const printed = await run('approve', '--all', '--by=dana@dauys.test');
    assert.match(printed, /Approved 1 entry \(#1\)/);
    assert.match(printed, /Left pending .*a different person must approve it/);
    const entry = JSON.parse((await log.entry(1))!.json);
    assert.equal(entry.receipts.length, 1);
    assert.match(entry.receipts[0], /^[0-9a-f]{64}$/);
  });
});
