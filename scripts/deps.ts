// `npm run deps`: the dependency rules of src/ as a report, the counts first; exit code 1 on any violation.
import { formatFindings, RULES } from './dependency-rules.ts';
import { readImportGraph } from './import-graph.ts';

const graph = readImportGraph(process.cwd());
const results = RULES.map((rule) => ({ rule, findings: rule.check(graph) }));
const imports = [...graph.files.values()].reduce((n, f) => n + f.imports.filter((e) => e.target).length, 0);

console.log(`Dependency rules for src/: ${graph.files.size} files, ${imports} imports between them\n`);
for (const { rule, findings } of results)
  console.log(`${String(findings.length).padStart(5)}  ${rule.id}. ${rule.title}`);
for (const u of graph.unresolved) console.log(`unresolved: ${u.from}:${u.line} → ${u.specifier}`);
for (const { rule, findings } of results.filter((r) => r.findings.length))
  console.log(`\n${formatFindings(rule, findings)}`);

process.exitCode = results.some((r) => r.findings.length) || graph.unresolved.length ? 1 : 0;
