// `dauys monitor …` as an operator runs it: import with a summary and the rejected lines, stats,
// export to a file, and fetch with nothing configured.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { cliSuite } from './helpers/cli.ts';
import { envelope, instagramItem, ndjson, tiktokItem, tmpFile } from './helpers/monitor.ts';

describe('dauys monitor', () => {
  const cli = cliSuite();
  const run = (args: string[]) => cli.run(args);
  before(() => {
    assert.equal(run(['migrate']).status, 0);
    assert.equal(run(['seed', '--reference']).status, 0);
  });

  test('import prints read/new/updated/rejected, the reasons and each rejected line', () => {
    const file = tmpFile(
      'cli.ndjson',
      ndjson([
        envelope(
          'instagram.com',
          instagramItem({
            code: 'Cli1',
            at: '2024-03-31T10:15:00Z',
            text: 'Біз заңды өзгертуді талап етеміз #ЗаңдыӨзгерт',
          }),
        ),
        'not json at all',
        envelope(
          'tiktok.com',
          tiktokItem({
            id: '7700000000000000001',
            at: '2024-04-01T11:00:00Z',
            text: 'Мы требуем изменить закон #МеняйЗакон',
            tags: ['МеняйЗакон'],
          }),
        ),
        envelope('tiktok.com', tiktokItem({ id: '7700000000000000002', at: '2999-01-01T00:00:00Z', text: 'future' })),
      ]),
    );
    const rejects = join(mkdtempSync(join(tmpdir(), 'dauys-rej-')), 'rejects.csv');
    const r = run(['monitor', 'import', file, '--format', 'zeeschuimer', '--rejects', rejects]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /read\s+4\n\s+new\s+2\n\s+updated\s+0\n\s+rejected\s+2/);
    assert.match(r.stdout, /line 2: not valid JSON/);
    assert.match(r.stdout, /line 4: impossible publication time/);
    assert.match(r.stderr, /100%/, 'a progress bar on stderr');
    assert.match(readFileSync(rejects, 'utf8'), /^line,reason,detail\n2,bad_json,/);
    assert.equal(statSync(rejects).mode & 0o777, 0o600, 'the reject list is private');
    const again = run(['monitor', 'import', file, '--format', 'zeeschuimer']);
    assert.match(again.stdout, /new\s+0\n\s+updated\s+2/);
  });

  test('bad options are refused with a clear message', () => {
    const r = run(['monitor', 'import', 'x.csv', '--format', 'excel']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--format must be one of zeeschuimer, 4cat, csv/);
    const odd = run(['monitor', 'import', tmpFile('odd.csv', 'a,b\n1,2\n'), '--format', '4cat']);
    assert.equal(odd.status, 1);
    assert.match(odd.stderr, /Cannot tell which platform this 4CAT export comes from; name it with --platform/);
  });

  test('an unknown campaign is named in a sentence with the campaigns to choose from, never as an error code', () => {
    const file = tmpFile(
      'nope.ndjson',
      ndjson([
        envelope('tiktok.com', tiktokItem({ id: '7700000000000000009', at: '2024-04-01T11:00:00Z', text: 'x' })),
      ]),
    );
    for (const args of [
      ['monitor', 'import', file, '--format', 'zeeschuimer', '--campaign', 'nope'],
      ['monitor', 'stats', '--campaign', 'nope'],
      ['monitor', 'export', '--campaign', 'nope'],
    ]) {
      const r = run(args);
      assert.equal(r.status, 1, args.join(' '));
      assert.doesNotMatch(r.stderr, /CAMPAIGN_NOT_FOUND|campaign\.error/);
      assert.match(
        r.stderr,
        /^dauys: No campaign has the slug “nope”\. Use one of: [a-z0-9-]+(, [a-z0-9-]+)*\b.*changethelaw/,
      );
    }
  });

  test('past the 50 rejected lines shown, the rest are counted in good English', () => {
    const r = run([
      'monitor',
      'import',
      tmpFile('bad.ndjson', Array.from({ length: 51 }, () => 'not json').join('\n') + '\n'),
      '--format',
      'zeeschuimer',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /… 1 more rejected line; --rejects FILE lists them\n/);
  });

  test('stats and export for a campaign; fetch says when nothing is configured', () => {
    const stats = run(['monitor', 'stats', '--campaign', 'changethelaw']);
    assert.equal(stats.status, 0, stats.stderr);
    assert.match(stats.stdout, /Posts 2/);
    assert.match(stats.stdout, /Platforms: (instagram|tiktok) 1, (instagram|tiktok) 1/);
    assert.match(stats.stdout, /Authors 2\nNew authors in the period 2\n/);
    const tag = run(['monitor', 'stats', '--hashtag', 'МеняйЗакон']);
    assert.equal(tag.status, 0, tag.stderr);
    assert.match(tag.stdout, /Posts 1/);
    assert.doesNotMatch(tag.stdout, /uthors/, 'a hashtag keeps no authors');
    const out = join(mkdtempSync(join(tmpdir(), 'dauys-exp-')), 'posts.csv');
    const exp = run(['monitor', 'export', '--campaign', 'changethelaw', '--pseudonymise', '--output', out]);
    assert.equal(exp.status, 0, exp.stderr);
    assert.equal(statSync(out).mode & 0o777, 0o600, 'the export is private');
    const csv = readFileSync(out, 'utf8');
    assert.equal(csv.trimEnd().split('\n').length, 3);
    assert.ok(!csv.includes('insta_111'));
    assert.match(run(['monitor', 'fetch']).stdout, /No connector is configured/);
  });
});
