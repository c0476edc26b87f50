// The dependency rules of src/ (README "Architecture", issue 15), checked by test/architecture.test.ts
// and printed by `npm run deps`. Adjust LAYOUT as the module folders settle; the rules read only it.
import { findCycles, type ImportEdge, type ImportGraph } from './import-graph.ts';

export const LAYOUT = {
  /**
   * The kernel: everything else with its own folder at the top of src/ is a feature module. Kernel
   * folders that are neither module containers nor kernel modules are shared layers (db, http, i18n,
   * ui, types, config.ts; cli and client): anyone may import them.
   */
  kernel: [
    'src/core',
    'src/db',
    'src/http',
    'src/i18n',
    'src/ui',
    'src/types',
    'src/client',
    'src/cli',
    'src/jobs',
    'src/config.ts',
  ],
  /** Folders each of whose sub-folders is one module. */
  moduleContainers: ['src/core', 'src/components'],
  /** Kernel folders that are one module each. */
  kernelModules: ['src/jobs'],
  /** The only file of a module that another module may import. */
  publicIndex: 'index.ts',
  /** Browser bundles (src/client) take a module's browser-safe code from this file instead: its index pulls server code. */
  clientIndex: { importers: 'src/client', file: 'client.ts' },
  /** Shared layers that import no feature module at all, not even its index. */
  featureFreeLayers: ['src/http', 'src/ui', 'src/db', 'src/i18n'],
  /** The composition root wires every module, so it may reach inside them. */
  compositionRoot: ['src/boot.ts', 'src/cli/main.ts'],
  boot: 'src/boot.ts',
  /** The CLI entry starts the app; test/ and bench/ (outside the graph) may import boot.ts too. */
  bootImporters: ['src/cli/main.ts'],
  /** Views are pure: any file in a `views/` folder, and everything in these folders. */
  viewLayers: ['src/ui'],
  /** What a view must not import: services, repositories, module definitions, the database. */
  notForViews: { files: /\.(service|repository|module)\.tsx?$/, folders: ['src/db'] },
  maxLines: 600,
};

export interface Rule {
  id: string;
  title: string;
  why: string;
  /** One entry per offending import, cycle or file, ready to print. */
  check(graph: ImportGraph): string[];
}

export const RULES: Rule[] = [
  {
    id: '1',
    title: 'No import cycle in src/ (type-only imports count)',
    why: 'a cycle makes load order matter and every file in it a dependency of the others',
    check: (graph) =>
      findCycles(graph).map((c) =>
        [`${c.files.length} files: ${c.path.join(' → ')}`, ...byFolder(c.files)].join('\n      '),
      ),
  },
  {
    id: '2',
    title: `Nothing in src/ imports ${LAYOUT.boot} except ${LAYOUT.bootImporters.join(', ')}`,
    why: 'boot.ts is the composition root: it stands on top, and a module sees only what it was given',
    check: (graph) => offending(graph, (from, to) => to === LAYOUT.boot && !LAYOUT.bootImporters.includes(from)),
  },
  {
    id: '3',
    title: 'src/core imports no feature module',
    why: 'the kernel must build and be understood without any feature',
    check: (graph) => offending(graph, (from, to) => within(from, ['src/core']) && isFeature(moduleOf(to))),
  },
  {
    id: '3b',
    title: 'src/core reaches no feature module through anything else either',
    why: 'an import out of src/core that leads on to a feature ties the kernel to it all the same',
    check: (graph) => {
      const found: string[] = [];
      for (const file of graph.files.values()) {
        if (!within(file.path, ['src/core'])) continue;
        for (const edge of file.imports) {
          if (!edge.target || within(edge.target, ['src/core']) || isFeature(moduleOf(edge.target))) continue;
          const onward = pathToFeature(graph, edge.target);
          if (onward) found.push(`${describe(file.path, edge)} → ${onward.slice(1).join(' → ')}`);
        }
      }
      return found;
    },
  },
  {
    id: '4',
    title: `A module reaches another module only through its ${LAYOUT.publicIndex}`,
    why: "a module's index is its contract; its other files may change freely",
    check: (graph) =>
      offending(graph, (from, to) => {
        const target = moduleOf(to);
        if (!target || target === moduleOf(from) || LAYOUT.compositionRoot.includes(from)) return false;
        if (within(from, [LAYOUT.clientIndex.importers])) return to !== `${target}/${LAYOUT.clientIndex.file}`;
        return to !== `${target}/${LAYOUT.publicIndex}`;
      }),
  },
  {
    id: '4b',
    title: `${LAYOUT.featureFreeLayers.join(', ')} import no feature module`,
    why: 'features plug into the shared layers, never the other way round',
    check: (graph) => offending(graph, (from, to) => within(from, LAYOUT.featureFreeLayers) && isFeature(moduleOf(to))),
  },
  {
    id: '5',
    title: 'Views import no service, repository, module definition or database code',
    why: 'views are pure functions of data',
    check: (graph) => offending(graph, (from, to) => isView(from) && isNotForViews(to)),
  },
  {
    id: '6',
    title: `No file in src/ is over ${LAYOUT.maxLines} lines`,
    why: 'small files, one role each',
    check: (graph) =>
      [...graph.files.values()]
        .filter((f) => f.lines > LAYOUT.maxLines)
        .sort((a, b) => b.lines - a.lines)
        .map((f) => `${f.path}: ${f.lines} lines`),
  },
];

const within = (path: string, prefixes: string[]) => prefixes.some((p) => path === p || path.startsWith(p + '/'));

/** The module folder holding `path`, or null for the shared layers, the composition root and other kernel files. */
export function moduleOf(path: string): string | null {
  for (const container of LAYOUT.moduleContainers) {
    if (!path.startsWith(container + '/')) continue;
    const rest = path.slice(container.length + 1).split('/');
    return rest.length > 1 ? `${container}/${rest[0]}` : null;
  }
  const kernelModule = LAYOUT.kernelModules.find((m) => within(path, [m]));
  if (kernelModule) return kernelModule;
  const [src, top, ...rest] = path.split('/');
  if (src !== 'src' || rest.length === 0 || within(`src/${top}`, LAYOUT.kernel)) return null;
  return `src/${top}`;
}

export const isFeature = (module: string | null) => module !== null && !within(module, LAYOUT.kernel);

const isView = (path: string) => path.split('/').slice(0, -1).includes('views') || within(path, LAYOUT.viewLayers);

const isNotForViews = (path: string) => LAYOUT.notForViews.files.test(path) || within(path, LAYOUT.notForViews.folders);

/** Every import (file:line → file) for which `bad` holds, type-only ones marked. */
function offending(graph: ImportGraph, bad: (from: string, to: string) => boolean): string[] {
  const found: string[] = [];
  for (const file of graph.files.values()) {
    for (const edge of file.imports) {
      if (edge.target && bad(file.path, edge.target)) found.push(describe(file.path, edge));
    }
  }
  return found;
}

/** `folder/: a.ts, b.ts` lines, so a large cycle's files stay readable. */
function byFolder(files: string[]): string[] {
  const folders = new Map<string, string[]>();
  for (const file of files) {
    const cut = file.lastIndexOf('/') + 1;
    folders.set(file.slice(0, cut), [...(folders.get(file.slice(0, cut)) ?? []), file.slice(cut)]);
  }
  return [...folders].map(([folder, names]) => `${folder}: ${names.join(', ')}`);
}

/** Shortest chain of imports from `start` to a file of a feature module, or null. */
function pathToFeature(graph: ImportGraph, start: string): string[] | null {
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const file = queue.shift()!;
    if (isFeature(moduleOf(file))) {
      const path = [file];
      for (let f = parent.get(file); f; f = parent.get(f)) path.unshift(f);
      return path;
    }
    for (const edge of graph.files.get(file)?.imports ?? []) {
      if (edge.target && !parent.has(edge.target)) {
        parent.set(edge.target, file);
        queue.push(edge.target);
      }
    }
  }
  return null;
}

const describe = (from: string, edge: ImportEdge) =>
  `${from}:${edge.line} → ${edge.target}${edge.typeOnly ? ' (type only)' : ''}${edge.kind === 'dynamic' ? ' (dynamic)' : ''}`;

/** A rule's findings as one readable block, for the test's failure message and the report. */
export function formatFindings(rule: Rule, findings: string[]): string {
  const head = `${rule.id}. ${rule.title}: ${findings.length} violation${findings.length === 1 ? '' : 's'}`;
  if (!findings.length) return head;
  return [head, `   (why: ${rule.why})`, ...findings.map((f) => `   ${f}`)].join('\n');
}
