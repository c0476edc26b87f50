// The import-graph reader behind test/architecture.test.ts, on a tiny tree with every kind of import,
// a known cycle and a self-import.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findCycles, readImportGraph } from '../scripts/import-graph.ts';
import { fileTree } from './helpers/file-tree.ts';

describe('import graph reader', () => {
  const root = fileTree({
    'src/a.ts': [
      "import { b } from './b.ts';",
      "// import { ghost } from './ghost.ts';",
      'export const text = "import x from \'./ghost.ts\'";',
      'export const a = b;',
    ].join('\n'),
    'src/b.ts': "import type { C } from './c.ts';\nexport const b: C = 1;\n",
    'src/c.ts': "export * from './a.ts';\nexport type C = number;\n",
    'src/d.tsx': [
      "import './side.ts';",
      "import { type T, type U } from './lib';",
      "import { readFileSync } from 'node:fs';",
      'export type B = typeof import("./b.ts");',
      "export const load = () => import('./e.mjs');",
      'export const D = (p: { t: T; u: U }) => <div>{p.t}</div>;',
      'export const later = (name: string) => import(`./${name}.ts`);',
    ].join('\n'),
    'src/e.mjs': "export { b } from './b.js';\n",
    'src/side.ts': "import { missing } from './missing.ts';\nexport { type T } from './lib/index.ts';\n",
    'src/lib/index.ts': 'export type T = string;\nexport type U = number;\n',
    'src/self.ts': "import { self } from './self.ts';\nexport const again = self;\n",
  });
  const graph = readImportGraph(root);
  const edges = (path: string) =>
    graph.files
      .get(path)!
      .imports.map(({ specifier, target, kind, typeOnly }) => ({ specifier, target, kind, typeOnly }));

  test('reads every source file, with its line count', () => {
    assert.deepEqual([...graph.files.keys()].sort(), [
      'src/a.ts',
      'src/b.ts',
      'src/c.ts',
      'src/d.tsx',
      'src/e.mjs',
      'src/lib/index.ts',
      'src/self.ts',
      'src/side.ts',
    ]);
    assert.equal(graph.files.get('src/a.ts')!.lines, 4);
    assert.equal(graph.files.get('src/b.ts')!.lines, 2);
  });

  test('skips imports quoted in comments and strings', () => {
    assert.deepEqual(edges('src/a.ts'), [{ specifier: './b.ts', target: 'src/b.ts', kind: 'import', typeOnly: false }]);
  });

  test('reads type-only imports and `export * from`', () => {
    assert.deepEqual(edges('src/b.ts'), [{ specifier: './c.ts', target: 'src/c.ts', kind: 'import', typeOnly: true }]);
    assert.deepEqual(edges('src/c.ts'), [{ specifier: './a.ts', target: 'src/a.ts', kind: 'export', typeOnly: false }]);
  });

  test('reads a .tsx file: side-effect, inline type, package, import() type and dynamic imports', () => {
    assert.deepEqual(edges('src/d.tsx'), [
      { specifier: './side.ts', target: 'src/side.ts', kind: 'side-effect', typeOnly: false },
      { specifier: './lib', target: 'src/lib/index.ts', kind: 'import', typeOnly: true },
      { specifier: 'node:fs', target: null, kind: 'import', typeOnly: false },
      { specifier: './b.ts', target: 'src/b.ts', kind: 'import-type', typeOnly: true },
      { specifier: './e.mjs', target: 'src/e.mjs', kind: 'dynamic', typeOnly: false },
    ]);
  });

  test('resolves a `.js` specifier to its .ts file, and reads re-exports of types', () => {
    assert.deepEqual(edges('src/e.mjs'), [
      { specifier: './b.js', target: 'src/b.ts', kind: 'export', typeOnly: false },
    ]);
    assert.deepEqual(edges('src/side.ts')[1], {
      specifier: './lib/index.ts',
      target: 'src/lib/index.ts',
      kind: 'export',
      typeOnly: true,
    });
  });

  test('lists relative imports that name no file', () => {
    assert.deepEqual(graph.unresolved, [{ from: 'src/side.ts', specifier: './missing.ts', line: 1 }]);
  });

  test('finds each cycle, type-only links included, with a concrete path', () => {
    assert.deepEqual(findCycles(graph), [
      { files: ['src/a.ts', 'src/b.ts', 'src/c.ts'], path: ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/a.ts'] },
      { files: ['src/self.ts'], path: ['src/self.ts', 'src/self.ts'] },
    ]);
  });
});
