// Each dependency rule on a tree laid out as the module contract wants it (every rule holds), then on
// the same tree with one change that breaks one or more rules: exactly those rules flag exactly that.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RULES } from '../scripts/dependency-rules.ts';
import { readImportGraph } from '../scripts/import-graph.ts';
import { fileTree } from './helpers/file-tree.ts';

describe('dependency rules', () => {
  const clean: Record<string, string> = {
    'src/boot.ts': "import { petition } from './components/petition/petition.service.ts';\nexport { petition };\n",
    'src/cli/main.ts': "import '../boot.ts';\n",
    'src/config.ts': 'export const config = {};\n',
    'src/db/database.ts': "import { config } from '../config.ts';\nexport const db = config;\n",
    'src/ui/layout.tsx':
      "import type { Role } from '../core/accounts/index.ts';\nexport const L = (r: Role) => <p>{r}</p>;\n",
    'src/core/accounts/index.ts': "export type { Role } from './roles.ts';\n",
    'src/core/accounts/roles.ts': "export type Role = 'admin';\n",
    'src/core/accounts/accounts.service.ts': "import { db } from '../../db/database.ts';\nexport const s = db;\n",
    'src/components/petition/index.ts': "export { petition } from './petition.service.ts';\n",
    'src/components/petition/petition.service.ts':
      "import type { Role } from '../../core/accounts/index.ts';\nimport { db } from '../../db/database.ts';\nexport const petition = (r: Role) => [r, db];\n",
    'src/components/petition/views/page.tsx':
      "import type { Role } from '../../../core/accounts/index.ts';\nimport { L } from '../../../ui/layout.tsx';\nexport const P = (r: Role) => L(r);\n",
    'src/help/help.routes.tsx':
      "import { petition } from '../components/petition/index.ts';\nexport const h = petition;\n",
  };
  const findings = (files: Record<string, string>) =>
    Object.fromEntries(RULES.map((rule) => [rule.id, rule.check(readImportGraph(fileTree(files)))]));
  const none = Object.fromEntries(RULES.map((rule) => [rule.id, []]));

  test('a tree that keeps the module contract passes every rule', () => {
    assert.deepEqual(findings(clean), none);
  });

  const breaking: [string, Record<string, string>, Record<string, string[]>][] = [
    [
      'a cycle through a type-only import',
      {
        'src/core/accounts/roles.ts': "import type { Role as R } from './index.ts';\nexport type Role = 'admin' | R;\n",
      },
      {
        1: [
          '2 files: src/core/accounts/index.ts → src/core/accounts/roles.ts → src/core/accounts/index.ts\n' +
            '      src/core/accounts/: index.ts, roles.ts',
        ],
      },
    ],
    [
      'boot.ts imported by a module, and core reaching a feature through it',
      {
        'src/core/accounts/roles.ts':
          "import type { petition } from '../../boot.ts';\nexport type Role = typeof petition;\n",
      },
      {
        1: [
          '4 files: src/boot.ts → src/components/petition/petition.service.ts → src/core/accounts/index.ts → src/core/accounts/roles.ts → src/boot.ts\n' +
            '      src/: boot.ts\n' +
            '      src/components/petition/: petition.service.ts\n' +
            '      src/core/accounts/: index.ts, roles.ts',
        ],
        2: ['src/core/accounts/roles.ts:1 → src/boot.ts (type only)'],
        '3b': ['src/core/accounts/roles.ts:1 → src/boot.ts (type only) → src/components/petition/petition.service.ts'],
      },
    ],
    [
      'core importing a feature, past its index',
      {
        'src/core/accounts/roles.ts': "import '../../help/help.model.ts';\nexport type Role = 'admin';\n",
        'src/help/help.model.ts': 'export const model = {};\n',
      },
      {
        3: ['src/core/accounts/roles.ts:1 → src/help/help.model.ts'],
        4: ['src/core/accounts/roles.ts:1 → src/help/help.model.ts'],
      },
    ],
    [
      'a shared layer importing a feature through its index, and one importing a module past its index',
      {
        'src/db/database.ts':
          "import { config } from '../config.ts';\nimport '../components/petition/index.ts';\nimport '../core/accounts/roles.ts';\nexport const db = config;\n",
      },
      {
        1: [
          '3 files: src/components/petition/index.ts → src/components/petition/petition.service.ts → src/db/database.ts → src/components/petition/index.ts\n' +
            '      src/components/petition/: index.ts, petition.service.ts\n' +
            '      src/db/: database.ts',
        ],
        '3b': ['src/core/accounts/accounts.service.ts:1 → src/db/database.ts → src/components/petition/index.ts'],
        4: ['src/db/database.ts:3 → src/core/accounts/roles.ts'],
        '4b': ['src/db/database.ts:2 → src/components/petition/index.ts'],
      },
    ],
    [
      'a view importing a service and the database',
      {
        'src/components/petition/views/page.tsx':
          "import type { petition } from '../petition.service.ts';\nimport { db } from '../../../db/database.ts';\nexport const P = (p: typeof petition) => [p, db];\n",
      },
      {
        5: [
          'src/components/petition/views/page.tsx:1 → src/components/petition/petition.service.ts (type only)',
          'src/components/petition/views/page.tsx:2 → src/db/database.ts',
        ],
      },
    ],
    [
      'a file over 600 lines',
      { 'src/help/help.routes.tsx': clean['src/help/help.routes.tsx'] + '\n'.repeat(599) },
      { 6: ['src/help/help.routes.tsx: 601 lines'] },
    ],
  ];
  for (const [what, change, expected] of breaking) {
    test(`flags ${what}`, () => {
      assert.deepEqual(findings({ ...clean, ...change }), { ...none, ...expected });
    });
  }
});
