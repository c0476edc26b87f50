// A SIGKILL during an append never leaves two different trees of the same size: a child process
// appends and publishes as fast as it can and is killed at random moments, three times over; after
// each kill the stored tree must still be the one every earlier checkpoint signed (and every root
// the child reported), and appending and publishing must go on. SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { closeServices, createServices } from '../src/boot.ts';
import { loadConfig } from '../src/config.ts';
import { freshDatabase } from './helpers/db-url.ts';
import { checkStoredLog } from './helpers/ledger.ts';

const CHILD = join(import.meta.dirname, 'helpers', 'ledger-appender.ts');

test('ledger: SIGKILL mid-append keeps one tree per size; appending resumes', { timeout: 120_000 }, async () => {
  const database = await freshDatabase();
  const env = {
    DATABASE_URL: database.url,
    DAUYS_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    DAUYS_VAR_DIR: mkdtempSync(join(tmpdir(), 'dauys-var-')),
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
  };
  const seen = new Map<number, string>(); // size → root reported by the child
  try {
    for (let kill = 0; kill < 3; kill++) {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // Wait until it has published a few checkpoints, then kill it at an arbitrary moment.
      const wanted = (out.match(/^checkpoint /gm)?.length ?? 0) + 3;
      for (let i = 0; i < 600 && (out.match(/^checkpoint /gm)?.length ?? 0) < wanted; i++) {
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 37 + Math.floor(Math.random() * 150)));
      child.kill('SIGKILL');
      await exited;
      assert.equal(child.signalCode, 'SIGKILL', `child ended by itself: ${err.slice(-2000)}`);
      for (const m of out.matchAll(/^checkpoint (\d+) (\S+)$/gm)) seen.set(Number(m[1]), m[2]);
      assert.ok(seen.size >= 3 * (kill + 1) - 2, `the child published checkpoints (${out.slice(-500)})`);

      // After the kill: the stored tree is consistent with every checkpoint, and with what the child saw.
      const config = loadConfig(env);
      const s = await createServices(config, { migrate: true, writerThread: false });
      try {
        const stored = await checkStoredLog(s.db);
        const rows = await s.db.selectFrom('ledger_checkpoints').select(['size', 'root']).execute();
        const byStored = new Map(rows.map((r) => [Number(r.size), r.root]));
        for (const [size, root] of seen) assert.equal(byStored.get(size), root, `checkpoint ${size} as reported`);
        // Re-appending works and extends the same tree.
        const before = stored.size;
        const idx = await s.db.transaction().execute((trx) => s.ledgerLog.append(trx, [{ kind: 'after-kill', kill }]));
        assert.deepEqual(idx, [before]);
        assert.equal(await s.ledgerLog.publish(), true);
        const cp = (await s.ledgerLog.latestCheckpoint())!;
        seen.set(cp.size, cp.rootHash);
        await checkStoredLog(s.db);
      } finally {
        await closeServices(s);
      }
    }
  } finally {
    await database.drop();
  }
});
