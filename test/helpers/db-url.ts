// Each test file gets a fresh database: a temporary SQLite file, or a new PostgreSQL database
// when DAUYS_TEST_DATABASE_URL points at a server (CI runs the suite once per dialect).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  dialect: 'sqlite' | 'postgres';
  sqliteFile: string | null;
  drop(): Promise<void>;
}

export async function freshDatabase(base = process.env.DAUYS_TEST_DATABASE_URL): Promise<TestDatabase> {
  if (base && /^postgres(ql)?:\/\//.test(base)) {
    const name = `dauys_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = '/' + name;
    return {
      url: url.toString(),
      dialect: 'postgres',
      sqliteFile: null,
      async drop() {
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'dauys-test-'));
  const file = join(dir, 'test.db');
  return {
    url: `sqlite:${file}`,
    dialect: 'sqlite',
    sqliteFile: file,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
