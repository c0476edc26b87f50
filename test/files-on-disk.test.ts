// What Dauys writes to disk is its owner's only: the var folder, the database folder and the
// uploads folders 0700; the generated secret, the SQLite database and its -wal and -shm files 0600,
// whatever the umask. (The embedded database is SQLite whichever dialect the suite runs on.)
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { closeServices, createServices } from '../src/boot.ts';
import { loadConfig } from '../src/config.ts';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

test('the var folder, the secret, the database with its -wal and -shm, and the uploads are private', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dauys-files-'));
  const varDir = join(root, 'var');
  const umask = process.umask(0); // The most permissive umask: modes must not depend on it.
  try {
    const config = loadConfig({ DAUYS_VAR_DIR: varDir, LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' });
    assert.equal(config.sqlitePath, join(varDir, 'dauys.db'), 'the default database is in DAUYS_VAR_DIR');
    const services = await createServices(config, { migrate: true });
    try {
      await services.audit.record({ system: 'test' }, 'test.files', { type: 'test', id: '1' }); // so that the WAL exists
      const db = config.sqlitePath!;
      for (const file of [db, `${db}-wal`, `${db}-shm`]) assert.ok(existsSync(file), `${file} exists`);
      const modes = Object.fromEntries(
        [
          ['var', varDir],
          ['secret', join(varDir, 'secret')],
          ['uploads', config.uploadsDir],
          ['uploads/testimony', join(config.uploadsDir, 'testimony')],
          ['dauys.db', db],
          ['dauys.db-wal', `${db}-wal`],
          ['dauys.db-shm', `${db}-shm`],
        ].map(([name, path]) => [name, mode(path)]),
      );
      assert.deepEqual(modes, {
        var: '700',
        secret: '600',
        uploads: '700',
        'uploads/testimony': '700',
        'dauys.db': '600',
        'dauys.db-wal': '600',
        'dauys.db-shm': '600',
      });
    } finally {
      await closeServices(services);
    }
  } finally {
    process.umask(umask);
  }
});
