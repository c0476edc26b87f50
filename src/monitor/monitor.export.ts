// Exports for researchers: posts as CSV or NDJSON (optionally with authors pseudonymised by a
// salted hash, their names, handles, profile links and @mentions removed), and the co-hashtag
// network as GEXF for Gephi. Both stream: posts are read in keyset pages, never all at once.
import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Analytics } from './monitor.analytics.ts';
import type { Filter } from './monitor.model.ts';
import { EXPORT_COLUMNS, exportRows } from './posts.repository.ts';

export interface ExportOptions extends Filter {
  pseudonymise?: boolean;
  /** Keeps pseudonyms stable across exports; a fresh random salt is used when absent. */
  salt?: string;
}

export interface Exports {
  exportPosts(opts: ExportOptions, format: 'csv' | 'ndjson'): AsyncGenerator<string>;
  /** `title` names the posts in the file's description ("all posts", a campaign, a hashtag); the scope code otherwise. */
  exportGexf(filter: Filter, opts?: { maxNodes?: number; minWeight?: number; title?: string }): AsyncGenerator<string>;
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  let s = String(v);
  // Spreadsheet formula injection: a cell starting with = + - @ is shown as text.
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const escapeXml = (s: string) =>
  s
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function createExports(db: Db, analytics: Analytics, secret: string): Exports {
  return {
    async *exportPosts(opts, format) {
      const salt = opts.salt || randomBytes(16).toString('hex');
      const key = createHmac('sha256', secret).update(`monitor-export:${salt}`).digest();
      const pseudo = (v: string) => 'p_' + createHmac('sha256', key).update(v.toLowerCase()).digest('hex').slice(0, 16);
      if (format === 'csv') yield '\ufeff' + EXPORT_COLUMNS.join(',') + '\n';
      for await (const row of exportRows(db, opts)) {
        const out: Record<string, unknown> = {};
        for (const c of EXPORT_COLUMNS) out[c] = row[c];
        if (opts.pseudonymise) {
          out.author_key = row.author_key ? pseudo(String(row.author_key)) : null;
          out.author_handle = null;
          out.author_name = null;
          out.url = null;
          const mentions = JSON.parse(String(row.mentions ?? '[]')) as string[];
          out.mentions = JSON.stringify(mentions.map(pseudo));
          out.text = String(row.text).replace(
            /@([A-Za-z0-9_][A-Za-z0-9_.]{0,63})/g,
            (_m, h: string) => '@' + pseudo(h.replace(/\.+$/, '')),
          );
          out.reply_to = row.reply_to ? pseudo(String(row.reply_to)) : null;
        }
        if (format === 'ndjson') {
          for (const c of ['hashtags', 'mentions', 'links', 'campaign_ids'])
            out[c] = JSON.parse(String(out[c] ?? '[]'));
          yield JSON.stringify(out) + '\n';
        } else yield EXPORT_COLUMNS.map((c) => csvCell(out[c])).join(',') + '\n';
      }
    },

    async *exportGexf(f, opts = {}) {
      const nodes = new Map<string, number>();
      const edges = new Map<string, number>();
      for await (const row of exportRows(db, f)) {
        const keys = [...new Set(JSON.parse(row.tag_keys) as string[])].sort();
        for (const k of keys) nodes.set(k, (nodes.get(k) ?? 0) + 1);
        for (let i = 0; i < keys.length; i++)
          for (let j = i + 1; j < keys.length; j++) {
            const e = keys[i] + '\u0001' + keys[j];
            edges.set(e, (edges.get(e) ?? 0) + 1);
          }
      }
      const keep = new Set(
        [...nodes]
          .sort((a, b) => b[1] - a[1])
          .slice(0, opts.maxNodes ?? 500)
          .map(([k]) => k),
      );
      const spelling = new Map((await analytics.hashtags({ limit: 500 })).map((t) => [t.key, t.tag]));
      yield `<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3" version="1.3">\n  <meta><creator>Dauys monitor</creator><description>Co-hashtag network: ${escapeXml([opts.title ?? f.scope, f.platform && `${f.platform} only`, f.lang && `language ${f.lang}`, f.from && `from ${f.from}`, f.to && `to ${f.to}`].filter(Boolean).join(', '))}</description></meta>\n`;
      yield `  <graph mode="static" defaultedgetype="undirected">\n    <attributes class="node"><attribute id="0" title="posts" type="integer"/></attributes>\n    <nodes>\n`;
      const ids = new Map<string, number>();
      for (const k of keep) {
        ids.set(k, ids.size);
        yield `      <node id="${ids.get(k)}" label="#${escapeXml(spelling.get(k) ?? k)}"><attvalues><attvalue for="0" value="${nodes.get(k)}"/></attvalues></node>\n`;
      }
      yield `    </nodes>\n    <edges>\n`;
      let n = 0;
      for (const [e, w] of edges) {
        if (w < (opts.minWeight ?? 1)) continue;
        const [a, b] = e.split('\u0001');
        if (!keep.has(a) || !keep.has(b)) continue;
        yield `      <edge id="${n++}" source="${ids.get(a)}" target="${ids.get(b)}" weight="${w}"/>\n`;
      }
      yield `    </edges>\n  </graph>\n</gexf>\n`;
    },
  };
}
