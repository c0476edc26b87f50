// Reads the static import graph of a source folder: every import, `import type`, `export … from`,
// side-effect import, `import('…')` with a literal and `import('…')` type, with relative specifiers
// resolved to files. TypeScript's own parser (already a dev dependency) reads the files, so imports
// quoted in strings or comments are never mistaken for real ones.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export type ImportKind = 'import' | 'export' | 'side-effect' | 'dynamic' | 'import-type';

export interface ImportEdge {
  specifier: string;
  /** Path of the imported file relative to the graph's root (posix), or null for a package or an unresolved path. */
  target: string | null;
  kind: ImportKind;
  /** The importing file needs only types from the target (elided at run time, yet still a coupling). */
  typeOnly: boolean;
  line: number;
}

export interface SourceFile {
  path: string;
  lines: number;
  imports: ImportEdge[];
}

export interface ImportGraph {
  root: string;
  files: Map<string, SourceFile>;
  /** Relative specifiers that name no file: the rules cannot judge them, so they are reported. */
  unresolved: { from: string; specifier: string; line: number }[];
}

const SOURCE = /\.(ts|tsx|mts|mjs|js|jsx)$/;

/** Reads every source file under `dirs` (relative to `root`); paths in the graph are relative to `root`. */
export function readImportGraph(root: string, dirs: string[] = ['src']): ImportGraph {
  const absRoot = resolve(root);
  const graph: ImportGraph = { root: absRoot, files: new Map(), unresolved: [] };
  for (const file of dirs.flatMap((d) => listSources(join(absRoot, d)))) {
    const path = toPosix(relative(absRoot, file));
    const text = readFileSync(file, 'utf8');
    const imports = readImports(path, text).map((edge) => ({
      ...edge,
      target: resolveSpecifier(absRoot, file, edge.specifier),
    }));
    for (const edge of imports) {
      if (edge.target === null && isRelative(edge.specifier)) {
        graph.unresolved.push({ from: path, specifier: edge.specifier, line: edge.line });
      }
    }
    graph.files.set(path, { path, lines: countLines(text), imports });
  }
  return graph;
}

function listSources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listSources(full);
      return SOURCE.test(entry.name) ? [full] : [];
    });
}

/** The imports of one file, not yet resolved. */
function readImports(fileName: string, text: string): Omit<ImportEdge, 'target'>[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKind(fileName));
  const found: Omit<ImportEdge, 'target'>[] = [];
  const add = (literal: ts.Node, kind: ImportKind, typeOnly: boolean) => {
    if (!ts.isStringLiteralLike(literal)) return;
    const line = source.getLineAndCharacterOfPosition(literal.getStart(source)).line + 1;
    found.push({ specifier: literal.text, kind, typeOnly, line });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      add(node.moduleSpecifier, clause ? 'import' : 'side-effect', clause ? importIsTypeOnly(clause) : false);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      add(node.moduleSpecifier, 'export', exportIsTypeOnly(node));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, 'import', node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      if (node.arguments[0]) add(node.arguments[0], 'dynamic', false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, 'import-type', true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function scriptKind(fileName: string): ts.ScriptKind {
  if (fileName.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (fileName.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.(mjs|js)$/.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function importIsTypeOnly(clause: ts.ImportClause): boolean {
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return (
    !clause.name &&
    !!named &&
    ts.isNamedImports(named) &&
    named.elements.length > 0 &&
    named.elements.every((e) => e.isTypeOnly)
  );
}

function exportIsTypeOnly(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const named = node.exportClause;
  return !!named && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

const isRelative = (specifier: string) => specifier.startsWith('./') || specifier.startsWith('../');

/** Node's rules for relative paths, plus TypeScript's: `.js` may name a `.ts` file, a folder its index. */
function resolveSpecifier(root: string, fromFile: string, specifier: string): string | null {
  if (!isRelative(specifier)) return null;
  const base = resolve(dirname(fromFile), specifier);
  const ext = extname(base);
  const stem = base.slice(0, base.length - ext.length);
  const swaps: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.jsx': ['.tsx'] };
  const candidates = [
    base,
    ...(swaps[ext] ?? []).map((e) => stem + e),
    ...['.ts', '.tsx', '.mjs', '.js'].map((e) => base + e),
    ...['index.ts', 'index.tsx', 'index.js'].map((i) => join(base, i)),
  ];
  const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  return hit ? toPosix(relative(root, hit)) : null;
}

function countLines(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

const toPosix = (p: string) => p.split(sep).join('/');

/** One strongly connected component of two or more files (or a file importing itself), with one concrete cycle. */
export interface Cycle {
  files: string[];
  path: string[];
}

/** Tarjan's algorithm over the files of the graph; each component is reported with a shortest cycle through its first file. */
export function findCycles(graph: ImportGraph): Cycle[] {
  const next = (file: string) => [
    ...new Set(
      graph.files.get(file)!.imports.flatMap((e) => (e.target && graph.files.has(e.target) ? [e.target] : [])),
    ),
  ];
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  // Iterative, so a long chain of imports cannot overflow the call stack.
  for (const start of graph.files.keys()) {
    if (index.has(start)) continue;
    const work: { file: string; out: string[]; i: number }[] = [];
    const enter = (file: string) => {
      index.set(file, counter);
      low.set(file, counter++);
      stack.push(file);
      onStack.add(file);
      work.push({ file, out: next(file), i: 0 });
    };
    enter(start);
    while (work.length) {
      const top = work[work.length - 1];
      if (top.i < top.out.length) {
        const to = top.out[top.i++];
        if (!index.has(to)) enter(to);
        else if (onStack.has(to)) low.set(top.file, Math.min(low.get(top.file)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].file;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.file)!));
      }
      if (low.get(top.file) === index.get(top.file)) {
        const component: string[] = [];
        let f: string;
        do {
          f = stack.pop()!;
          onStack.delete(f);
          component.push(f);
        } while (f !== top.file);
        const selfLoop = component.length === 1 && next(top.file).includes(top.file);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  }
  return components
    .map((files) => ({ files, path: shortestCycle(files[0], new Set(files), next) }))
    .sort((a, b) => b.files.length - a.files.length || a.files[0].localeCompare(b.files[0]));
}

/** Breadth-first from `start` back to itself, staying inside its component. */
function shortestCycle(start: string, inside: Set<string>, next: (f: string) => string[]): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const file = queue.shift()!;
    for (const to of next(file)) {
      if (!inside.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let f = file; f !== start; f = parent.get(f)!) path.splice(1, 0, f);
        return [...path, start];
      }
      if (!parent.has(to)) {
        parent.set(to, file);
        queue.push(to);
      }
    }
  }
  return [start, start];
}
