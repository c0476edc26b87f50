// The monitor's domain operations: imports, analytics over the rollups, exports, connectors.
// Staff actions are checked with `can` and audited; the CLI acts as a system actor.
import { type Actor, type AuditService, can, type Staff } from '../core/accounts/index.ts';
import type { CampaignsService } from '../core/campaigns/index.ts';
import type { Db } from '../db/database.ts';
import { pickText } from '../i18n/locales.ts';
import { forbidden } from '../core/errors.ts';
import { createAnalytics, type Analytics } from './monitor.analytics.ts';
import { annotate, type EventSource } from './spike-events.ts';
import { importFile, type ImportOptions, type ImportSummary } from './monitor.import.ts';
import { createCampaignMatcher, type CampaignMatcher } from './monitor.ingest.ts';
import { createExports, type Exports } from './monitor.export.ts';
import type { MonitorConfig } from '../config.ts';
import { configuredConnectors } from './connectors/connectors.ts';
import { followedTags, runConnectors, type FetchResult } from './connectors/runner.ts';
import { listCursors } from './cursors.repository.ts';
import { isTagScope, SCOPE_ALL, type Filter, type Overview } from './monitor.model.ts';
import { toAnalysisPost, type AnalysisPost } from './analysis.ts';
import { analysisRows } from './posts.repository.ts';

export interface MonitorService extends Analytics, Exports {
  importFile(opts: Omit<ImportOptions, 'startedBy'>, actor: Actor): Promise<ImportSummary>;
  matcher: CampaignMatcher;
  /** Runs the configured connectors now (all, or one by name). */
  fetchNow(connector?: string): Promise<FetchResult[]>;
  connectorStatus(): Promise<
    Array<{ connector: string; query: string; lastRunAt: string | null; lastError: string | null; fetched: number }>
  >;
  connectorNames(): string[];
  /** The overview with observatory events next to each spike; unchanged when no event source is wired. */
  annotateSpikes(overview: Overview): Promise<Overview>;
  /** A filter's posts, oldest first, in the shape analyses read (posts without an author are left out). */
  analysisPosts(filter: Filter): AsyncGenerator<AnalysisPost>;
}

export function createMonitorService(deps: {
  db: Db;
  writer?: Db;
  campaigns: CampaignsService;
  audit: AuditService;
  secret: string;
  config: MonitorConfig;
  events?: EventSource;
}): MonitorService {
  const { db, campaigns, audit } = deps;
  const matcher = createCampaignMatcher(campaigns);
  const connectors = configuredConnectors(deps.config);
  const analytics = createAnalytics(db);
  const exports = createExports(db, analytics, deps.secret);
  /** What a scope covers, in words (English, like the rest of a GEXF file's metadata). */
  async function scopeTitle(scope: string): Promise<string> {
    if (scope === SCOPE_ALL) return 'all posts';
    if (isTagScope(scope)) return `#${(await analytics.hashtag(scope.slice(2)))?.tag ?? scope.slice(2)}`;
    const campaign = await campaigns.getById(scope.slice(2)).catch(() => null);
    return campaign ? `campaign “${pickText(campaign.title, 'en')}” (${campaign.slug})` : scope;
  }
  return {
    ...analytics,
    ...exports,
    async *exportGexf(filter, opts = {}) {
      yield* exports.exportGexf(filter, { ...opts, title: await scopeTitle(filter.scope) });
    },
    matcher,
    async importFile(opts, actor) {
      if (!('system' in actor) && !can(actor as Staff, 'analytics.view')) throw forbidden();
      const label = 'system' in actor ? `system:${actor.system}` : actor.email;
      const summary = await importFile(
        db,
        matcher,
        { maxTransactionMs: deps.config.importTransactionMs, ...opts, startedBy: label },
        deps.writer ?? db,
      );
      await audit.record(
        actor,
        'monitor.import',
        { type: 'monitor_import', id: summary.id },
        {
          file: opts.fileName ?? opts.file.split(/[\\/]/).pop(),
          format: opts.format,
          read: summary.read,
          inserted: summary.inserted,
          updated: summary.updated,
          rejected: summary.rejected,
        },
      );
      return summary;
    },
    async fetchNow(name) {
      const chosen = connectors.filter((c) => !name || c.name === name);
      if (name && !chosen.length)
        throw new Error(
          `Connector ${name} is not configured (configured: ${connectors.map((c) => c.name).join(', ') || 'none'})`,
        );
      return runConnectors(db, matcher, chosen, await followedTags(campaigns, deps.config.tags), deps.config.maxPages);
    },
    async connectorStatus() {
      return (await listCursors(db)).map((r) => ({
        connector: r.connector,
        query: r.query,
        lastRunAt: r.last_run_at,
        lastError: r.last_error,
        fetched: Number(r.fetched),
      }));
    },
    connectorNames: () => connectors.map((c) => c.name),
    async *analysisPosts(filter) {
      for await (const row of analysisRows(db, filter)) {
        const post = toAnalysisPost(row);
        if (post) yield post;
      }
    },
    async annotateSpikes(o) {
      if (!deps.events || !o.spikes.length) return o;
      const scope = o.filter.scope;
      // A campaign's own records come first; for a hashtag, those of the campaigns that follow it.
      let ids: string[] = [];
      if (scope.startsWith('c:')) ids = [scope.slice(2)];
      else if (isTagScope(scope)) {
        await matcher.load();
        ids = matcher.match([scope.slice(2)]);
      }
      return { ...o, spikes: await annotate(o.spikes, deps.events, new Set(ids)) };
    },
  };
}
