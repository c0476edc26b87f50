// The dependency rules (README "Architecture") hold on the real src/ tree: one test per rule, whose
// failure message lists every offending import, cycle or file. `npm run deps` prints the same report.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatFindings, RULES } from '../scripts/dependency-rules.ts';
import { readImportGraph } from '../scripts/import-graph.ts';

describe('architecture of src/', () => {
  const graph = readImportGraph(process.cwd());

  test('every import in src/ resolves to a file', () => {
    assert.deepEqual(graph.unresolved, []);
  });

  test('the graph covers the tree (a reader that found nothing would pass every rule)', () => {
    assert.ok(graph.files.size > 300, `only ${graph.files.size} files read`);
    assert.ok(graph.files.has('src/boot.ts') && graph.files.has('src/cli/main.ts'));
  });

  for (const rule of RULES) {
    test(`${rule.id}. ${rule.title}`, () => {
      const findings = rule.check(graph);
      assert.equal(findings.length, 0, formatFindings(rule, findings));
    });
  }
});
