// `dauys monitor coordination` as an operator runs it on the monitor's posts: the planted ring as
// clusters, a pseudonymised GEXF file readable by its owner only, and bad options refused with a
// sentence and a non-zero exit, before anything is opened.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { RING, ringPosts } from './helpers/coordination.ts';
import { cliSuite } from './helpers/cli.ts';
import { ndjson, tmpFile } from './helpers/monitor.ts';

describe('dauys monitor coordination', () => {
  const cli = cliSuite();
  const run = (args: string[]) => cli.run(args);
  before(() => {
    assert.equal(run(['migrate']).status, 0);
    const imported = run(['monitor', 'import', tmpFile('ring.ndjson', ndjson(ringPosts())), '--format', 'zeeschuimer']);
    assert.equal(imported.status, 0, imported.stderr);
  });

  test('--clusters prints the planted ring and nobody else', () => {
    const r = run(['monitor', 'coordination', '--hashtag', '#ЗаңдыӨзгерт', '--type', 'co-hashtag', '--clusters']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], 'cluster,user_id,score');
    assert.deepEqual(
      lines
        .slice(1)
        .map((l) => l.split(',')[1])
        .sort(),
      RING.map((u) => `x:${u}`),
    );
    assert.ok(lines.slice(1).every((l) => l.startsWith('1,')));
    assert.match(r.stderr, /Posts: 200/);
    assert.match(r.stderr, /not proof of bots/);
  });

  test('a pseudonymised GEXF file names nobody and is readable by its owner only', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dauys-coord-')), 'ring.gexf');
    const r = run([
      'monitor',
      'coordination',
      '--type',
      'co-hashtag',
      '--format',
      'gexf',
      '--significant',
      '--pseudonymise',
      '--output',
      file,
    ]);
    assert.equal(r.status, 0, r.stderr);
    const gexf = readFileSync(file, 'utf8');
    assert.match(gexf, /<gexf /);
    assert.equal((gexf.match(/<node /g) ?? []).length, RING.length);
    assert.doesNotMatch(gexf, /9001|x_900/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  // Every option's check is a unit test (src/cli/monitor-coordination.test.ts); here, the exit code.
  test('bad options and an unknown hashtag are refused with a sentence', () => {
    const type = run(['monitor', 'coordination', '--type', 'co-telepathy']);
    assert.equal(type.status, 1);
    assert.match(type.stderr, /--type must be one of co-repost/);
    const tag = run(['monitor', 'coordination', '--hashtag', 'ЕшкімБілмейді', '--lang', 'ru']);
    assert.equal(tag.status, 1);
    assert.match(tag.stderr, /В мониторинге нет постов с этим хештегом/);
  });
});
