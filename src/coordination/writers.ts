// Edges CSV (QUT's `user_1,user_2,weight`), clusters CSV (`cluster,user_id,score`) and GEXF 1.3,
// written in 64 KB pieces to any Writable with back-pressure. With a pseudonym key, every user id
// becomes an HMAC of it under that key (stable within one key, unlinkable across keys) and names
// are left out.
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Cluster } from './clusters.ts';
import type { EdgeSet } from './edges.ts';
import type { MessageSet } from './message-set.ts';

export interface WriteOptions {
  /** Edges of at least this weight. Default 1. */
  minWeight?: number;
  /** Keep loops (user_1 = user_2). */
  loops?: boolean;
  /** Only the edges found significant against chance. */
  significantOnly?: boolean;
  /** Replace user ids by HMAC-SHA256(key, id) pseudonyms; names are not written. */
  pseudonymKey?: string | Buffer;
}

/** u_ and 20 hex digits (80 bits) of HMAC-SHA256(key, user id). */
export function pseudonym(key: string | Buffer, userId: string): string {
  return 'u_' + createHmac('sha256', key).update(userId).digest('hex').slice(0, 20);
}

function namer(set: MessageSet, key?: string | Buffer) {
  const memo = new Map<number, string>();
  return (u: number): string => {
    const id = set.users.values[u];
    if (key === undefined) return id;
    let p = memo.get(u);
    if (p === undefined) memo.set(u, (p = pseudonym(key, id)));
    return p;
  };
}

/** A buffered writer that waits for 'drain' when the sink asks it to. */
function sink(out: Writable) {
  let buf = '';
  return {
    async put(s: string) {
      buf += s;
      if (buf.length >= 65536) {
        const b = buf;
        buf = '';
        if (!out.write(b)) await once(out, 'drain');
      }
    },
    async flush() {
      if (buf && !out.write(buf)) await once(out, 'drain');
      buf = '';
    },
  };
}

/** A CSV cell: quoted when it holds a comma, quote or line end. */
export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function keepEdge(edges: EdgeSet, i: number, o: WriteOptions): boolean {
  if (edges.weight[i] < (o.minWeight ?? 1)) return false;
  if (!o.loops && edges.src[i] === edges.dst[i]) return false;
  return !o.significantOnly || edges.significant[i] === 1;
}

export async function writeEdgesCsv(out: Writable, set: MessageSet, edges: EdgeSet, o: WriteOptions = {}) {
  const name = namer(set, o.pseudonymKey);
  const w = sink(out);
  await w.put('user_1,user_2,weight\n');
  for (let i = 0; i < edges.count; i++)
    if (keepEdge(edges, i, o))
      await w.put(`${csvCell(name(edges.src[i]))},${csvCell(name(edges.dst[i]))},${edges.weight[i]}\n`);
  await w.flush();
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export async function writeClustersCsv(
  out: Writable,
  set: MessageSet,
  clusters: Cluster[],
  o: Pick<WriteOptions, 'pseudonymKey'> = {},
) {
  const name = namer(set, o.pseudonymKey);
  const w = sink(out);
  await w.put('cluster,user_id,score\n');
  for (const c of clusters)
    for (let k = 0; k < c.users.length; k++)
      await w.put(`${c.id},${csvCell(name(c.users[k]))},${round(c.userScores[k])}\n`);
  await w.flush();
}

// XML 1.0 allows tab, newline, carriage return and characters from U+0020 (no lone surrogates).
const XML_INVALID = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
const XML_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export const xmlText = (s: string): string => s.replace(XML_INVALID, '').replace(/[&<>"']/g, (c) => XML_ESC[c]);

/** GEXF 1.3: users as nodes (label: name, else id), directed weighted edges, cluster and significance. */
export async function writeGexf(
  out: Writable,
  set: MessageSet,
  edges: EdgeSet,
  o: WriteOptions & { clusters?: Cluster[]; description?: string } = {},
) {
  const name = namer(set, o.pseudonymKey);
  const clusterOf = new Map<number, number>();
  const scoreOf = new Map<number, number>();
  for (const c of o.clusters ?? [])
    c.users.forEach((u, k) => {
      clusterOf.set(u, c.id);
      scoreOf.set(u, c.userScores[k]);
    });
  const nodes = new Set<number>();
  for (let i = 0; i < edges.count; i++)
    if (keepEdge(edges, i, o)) {
      nodes.add(edges.src[i]);
      nodes.add(edges.dst[i]);
    }
  const w = sink(out);
  await w.put(
    '<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n' +
      `  <meta><creator>Dauys</creator><description>${xmlText(o.description ?? 'coordination network')}</description></meta>\n` +
      '  <graph mode="static" defaultedgetype="directed">\n' +
      '    <attributes class="node">\n      <attribute id="cluster" title="cluster" type="integer"/>\n' +
      '      <attribute id="score" title="score" type="double"/>\n    </attributes>\n' +
      '    <attributes class="edge">\n      <attribute id="significant" title="significant" type="boolean"/>\n' +
      '      <attribute id="expected" title="expected weight" type="double"/>\n    </attributes>\n    <nodes>\n',
  );
  for (const u of [...nodes].sort((a, b) => a - b)) {
    const id = name(u);
    const label = o.pseudonymKey === undefined ? set.usernames[u] || id : id;
    const c = clusterOf.get(u);
    const att =
      c === undefined
        ? ''
        : `<attvalues><attvalue for="cluster" value="${c}"/><attvalue for="score" value="${round(scoreOf.get(u)!)}"/></attvalues>`;
    await w.put(`      <node id="${xmlText(id)}" label="${xmlText(label)}">${att}</node>\n`);
  }
  await w.put('    </nodes>\n    <edges>\n');
  let k = 0;
  for (let i = 0; i < edges.count; i++) {
    if (!keepEdge(edges, i, o)) continue;
    const exp = edges.expected[i];
    await w.put(
      `      <edge id="${k++}" source="${xmlText(name(edges.src[i]))}" target="${xmlText(name(edges.dst[i]))}" weight="${edges.weight[i]}">` +
        `<attvalues><attvalue for="significant" value="${edges.significant[i] === 1}"/>` +
        (Number.isNaN(exp) ? '' : `<attvalue for="expected" value="${round(exp)}"/>`) +
        '</attvalues></edge>\n',
    );
  }
  await w.put('    </edges>\n  </graph>\n</gexf>\n');
  await w.flush();
}
