// Exports of a stored run, built from its clusters (the significant network, not every raw edge: the
// command line gives those): GEXF with weights and scores, the edges as CSV, the members as CSV. With
// a pseudonym key (fresh for each export) user ids become HMACs and handles are left out.
import { csvCell, pseudonym, xmlText } from './writers.ts';
import type { ClusterRecord, RunRecord } from './coordination.model.ts';

export const RUN_EXPORT_FORMATS = ['gexf', 'edges', 'clusters'] as const;
export type RunExportFormat = (typeof RUN_EXPORT_FORMATS)[number];
export const isRunExportFormat = (s: string): s is RunExportFormat =>
  (RUN_EXPORT_FORMATS as readonly string[]).includes(s);

export async function* runExport(
  run: RunRecord,
  clusters: ClusterRecord[],
  format: RunExportFormat,
  key: Buffer | null,
): AsyncGenerator<string> {
  const id = (userId: string) => (key ? pseudonym(key, userId) : userId);
  if (format === 'clusters') {
    yield 'cluster,user_id,handle,platform,score\n';
    for (const c of clusters)
      for (const m of c.members)
        yield `${c.idx},${csvCell(id(m.id))},${key ? '' : csvCell(m.handle)},${csvCell(m.platform)},${m.score}\n`;
    return;
  }
  if (format === 'edges') {
    yield 'user_1,user_2,weight,score,cluster\n';
    for (const c of clusters)
      for (const [a, b, w, s] of c.edges)
        yield `${csvCell(id(c.members[a].id))},${csvCell(id(c.members[b].id))},${w},${s},${c.idx}\n`;
    return;
  }
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3" version="1.3">\n';
  yield `  <meta><creator>Dauys</creator><description>${xmlText(
    `${run.type}, window ${run.window} s, scope ${run.scope}: synchronised behaviour, not proof of automation`,
  )}</description></meta>\n`;
  yield '  <graph mode="static" defaultedgetype="directed">\n';
  yield '    <attributes class="node">\n      <attribute id="cluster" title="cluster" type="integer"/>\n';
  yield '      <attribute id="score" title="score" type="double"/>\n';
  yield '      <attribute id="platform" title="platform" type="string"/>\n    </attributes>\n';
  yield '    <attributes class="edge">\n      <attribute id="score" title="-log10 q" type="double"/>\n    </attributes>\n';
  yield '    <nodes>\n';
  for (const c of clusters)
    for (const m of c.members) {
      const label = key ? id(m.id) : m.handle;
      yield `      <node id="${xmlText(id(m.id))}" label="${xmlText(label)}"><attvalues><attvalue for="cluster" value="${c.idx}"/><attvalue for="score" value="${m.score}"/><attvalue for="platform" value="${xmlText(m.platform)}"/></attvalues></node>\n`;
    }
  yield '    </nodes>\n    <edges>\n';
  let n = 0;
  for (const c of clusters)
    for (const [a, b, w, s] of c.edges)
      yield `      <edge id="${n++}" source="${xmlText(id(c.members[a].id))}" target="${xmlText(id(c.members[b].id))}" weight="${w}"><attvalues><attvalue for="score" value="${s}"/></attvalues></edge>\n`;
  yield '    </edges>\n  </graph>\n</gexf>\n';
}
