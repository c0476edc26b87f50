// `dauys monitor import|fetch|export|stats`: the social monitor from the terminal.
import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { AuditService } from '../core/accounts/index.ts';
import type { CampaignsService } from '../core/campaigns/index.ts';
import type { CoordinationService } from '../coordination/index.ts';
import type { I18n } from '../i18n/translator.ts';
import {
  FORMATS,
  ImportError,
  importReport,
  type ImportFormat,
  type ImportProgress,
  isPlatform,
  type MonitorService,
  type Platform,
  PLATFORMS,
  rejectsCsv,
  whenText,
} from '../monitor/index.ts';
import { AppError } from '../core/errors.ts';
import { formatNumber } from '../i18n/format.ts';
import { pickText } from '../i18n/locales.ts';
import { configOrExit } from './config-or-exit.ts';
import { withServices as open, type CliHost } from './host.ts';
import { campaignIdFor, scopeFrom } from './monitor-scope.ts';
import { monitorCoordinationCommand } from './monitor-coordination.ts';

/** What the monitor's commands use. */
type Services = {
  monitor: MonitorService;
  campaigns: CampaignsService;
  coordination: CoordinationService;
  audit: AuditService;
  i18n: I18n;
};

// Exports and reject lists name accounts and quote posts: readable by their owner only.
const PRIVATE_FILE = 0o600;

const out = (s: string) => process.stdout.write(s);
const fmt = (n: number) => formatNumber(n, 'en');

/** A one-line progress bar on stderr (redrawn in place on a terminal, every 10% otherwise). */
function progressBar() {
  const tty = process.stderr.isTTY;
  const started = Date.now();
  let lastDecile = -1;
  return {
    update(p: ImportProgress) {
      const frac = p.size ? Math.min(1, p.bytes / p.size) : 0;
      const rate = Math.round(p.read / Math.max(0.001, (Date.now() - started) / 1000));
      const bar = '█'.repeat(Math.round(frac * 30)).padEnd(30, '░');
      const line = `${bar} ${(frac * 100).toFixed(0).padStart(3)}%  read ${fmt(p.read)}  new ${fmt(p.inserted)}  updated ${fmt(p.updated)}  rejected ${fmt(p.rejected)}  ${fmt(rate)}/s`;
      if (tty) process.stderr.write(`\r${line}\u001b[K`);
      else if (Math.floor(frac * 10) > lastDecile) {
        lastDecile = Math.floor(frac * 10);
        process.stderr.write(line + '\n');
      }
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}

export function monitorCommand(program: Command, host: CliHost<Services>): void {
  // No event loop here to keep free for requests: imports write on this thread's own connection,
  // which is faster than handing every batch to the writer's thread (see the README's benchmark).
  const withServices = <T>(run: (s: Services) => Promise<T>): Promise<T> =>
    open(host, configOrExit(), run, { writerThread: false });
  const monitor = program.command('monitor');
  monitorCoordinationCommand(monitor, withServices);

  monitor
    .command('import <file>')
    .description('import posts: Zeeschuimer NDJSON, a 4CAT CSV export, or a CSV with a column mapping')
    .requiredOption('--format <format>', `${FORMATS.join('|')}`)
    .option('--platform <platform>', `${PLATFORMS.join('|')} (4CAT: recognised from the columns when left out)`)
    .option('--columns <mapping>', 'for --format csv: field=column pairs, e.g. id=post_id,body=text,timestamp=date')
    .option('--campaign <slug>', 'also count every imported post for this campaign')
    .option('--rejects <file>', 'write every rejected line (line, reason, detail) to this CSV file')
    .action(
      async (
        file: string,
        opts: { format: string; platform?: string; columns?: string; campaign?: string; rejects?: string },
      ) => {
        if (!(FORMATS as readonly string[]).includes(opts.format))
          throw new Error(`--format must be one of ${FORMATS.join(', ')}`);
        if (opts.platform && !isPlatform(opts.platform))
          throw new Error(`--platform must be one of ${PLATFORMS.join(', ')}`);
        await withServices(async (s) => {
          const bar = progressBar();
          try {
            const summary = await s.monitor.importFile(
              {
                file,
                format: opts.format as ImportFormat,
                platform: opts.platform as Platform | undefined,
                columns: opts.columns,
                campaignId: await campaignIdFor(s, opts.campaign),
                onProgress: (p) => bar.update(p),
              },
              { system: 'cli' },
            );
            bar.done();
            const t = s.i18n.translator('en');
            if (summary.resumedFromLine)
              out(`Resumed after line ${fmt(summary.resumedFromLine)} of an unfinished import of this file.\n`);
            out(
              `${file}: ${summary.encoding}${summary.platform ? `, ${summary.platform}` : ''}, ${summary.seconds.toFixed(1)} s\n`,
            );
            const report = importReport(summary, t);
            out(
              `  read      ${fmt(report.read).padStart(10)}\n  new       ${fmt(report.inserted).padStart(10)}\n  updated   ${fmt(report.updated).padStart(10)}\n  rejected  ${fmt(report.rejected).padStart(10)}\n`,
            );
            for (const r of report.reasons) out(`    ${String(r.n).padStart(8)}  ${r.text}\n`);
            for (const r of report.rejects) out(`  line ${r.line}: ${r.text}\n`);
            if (report.more > 0)
              out(
                `  … ${fmt(report.more)} more rejected line${report.more === 1 ? '' : 's'}${opts.rejects ? ` in ${opts.rejects}` : '; --rejects FILE lists them'}\n`,
              );
            if (opts.rejects) await writeFile(opts.rejects, rejectsCsv(summary.rejects), { mode: PRIVATE_FILE });
          } catch (err) {
            bar.done();
            if (err instanceof ImportError)
              throw new Error(s.i18n.translator('en')(`monitor.import_error.${err.code}`, { detail: err.message }));
            throw err;
          }
        });
      },
    );

  monitor
    .command('fetch')
    .description('run the live connectors now (Mastodon, Bluesky, VK, YouTube: those configured)')
    .option('--connector <name>', 'only this connector: mastodon|bluesky|vk|youtube')
    .action(async (opts: { connector?: string }) => {
      await withServices(async (s) => {
        if (!s.monitor.connectorNames().length) {
          out(
            'No connector is configured: set MONITOR_MASTODON_INSTANCES, MONITOR_BLUESKY_*, MONITOR_VK_TOKEN or MONITOR_YOUTUBE_KEY (see the README).\n',
          );
          return;
        }
        for (const r of await s.monitor.fetchNow(opts.connector)) {
          out(
            `${r.connector.padEnd(9)} ${r.query.padEnd(48)} fetched ${fmt(r.fetched)}, new ${fmt(r.inserted)}, updated ${fmt(r.updated)}, rejected ${fmt(r.rejected)}${r.error ? `  (${r.error})` : ''}\n`,
          );
        }
      });
    });

  monitor
    .command('export')
    .description('export posts (CSV or NDJSON) or the co-hashtag network (GEXF) to stdout or a file')
    .option('--campaign <slug>', 'posts mapped to this campaign')
    .option('--hashtag <tag>', 'posts with this hashtag')
    .option('--from <day>', 'first day, YYYY-MM-DD')
    .option('--to <day>', 'last day, YYYY-MM-DD')
    .option('--platform <platform>', 'only this platform')
    .option('--lang <lang>', 'kk|ru|en|other|und')
    .option('--format <format>', 'csv|ndjson|gexf', 'csv')
    .option('--pseudonymise', 'replace authors (and @mentions) with salted hashes; drop names, handles and links')
    .option('--salt <salt>', 'keep pseudonyms stable across exports made with the same salt')
    .option('--output <file>', 'write here instead of stdout')
    .action(
      async (opts: {
        campaign?: string;
        hashtag?: string;
        from?: string;
        to?: string;
        platform?: string;
        lang?: string;
        format: string;
        pseudonymise?: boolean;
        salt?: string;
        output?: string;
      }) => {
        if (!['csv', 'ndjson', 'gexf'].includes(opts.format)) throw new Error('--format must be csv, ndjson or gexf');
        for (const d of [opts.from, opts.to])
          if (d && !/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`Bad date ${d}: use YYYY-MM-DD`);
        await withServices(async (s) => {
          const filter = {
            scope: await scopeFrom(s, opts),
            from: opts.from,
            to: opts.to,
            platform: opts.platform,
            lang: opts.lang,
          };
          const sink = opts.output ? createWriteStream(opts.output, { mode: PRIVATE_FILE }) : process.stdout;
          const chunks =
            opts.format === 'gexf'
              ? s.monitor.exportGexf(filter)
              : s.monitor.exportPosts(
                  { ...filter, pseudonymise: opts.pseudonymise, salt: opts.salt },
                  opts.format as 'csv' | 'ndjson',
                );
          for await (const chunk of chunks)
            if (!sink.write(chunk)) await new Promise<void>((r) => sink.once('drain', () => r()));
          if (opts.output) await new Promise<void>((r) => (sink as NodeJS.WritableStream).end(() => r()));
          await s.audit.record({ system: 'cli' }, 'monitor.export', null, {
            scope: filter.scope,
            format: opts.format,
            pseudonymised: !!opts.pseudonymise,
          });
        });
      },
    );

  monitor
    .command('stats')
    .description('headline figures for a campaign, a hashtag or everything')
    .option('--campaign <slug>', 'a campaign')
    .option('--hashtag <tag>', 'a hashtag')
    .option('--from <day>', 'first day, YYYY-MM-DD')
    .option('--to <day>', 'last day, YYYY-MM-DD')
    .action(async (opts: { campaign?: string; hashtag?: string; from?: string; to?: string }) => {
      await withServices(async (s) => {
        const filter = { scope: await scopeFrom(s, opts), from: opts.from, to: opts.to };
        const o = await s.monitor.annotateSpikes(await s.monitor.overview(filter, 'day'));
        out(`Posts ${fmt(o.totals.posts)}  (${o.range.first ?? '—'} … ${o.range.last ?? '—'})\n`);
        if (o.uniqueAuthors !== null) out(`Authors ${fmt(o.uniqueAuthors)}\n`);
        if (!opts.hashtag) out(`New authors in the period ${fmt(o.totals.newAuthors)}\n`); // hashtags keep no authors
        out(
          `Engagement: ${fmt(o.totals.likes)} likes, ${fmt(o.totals.comments)} comments, ${fmt(o.totals.shares)} shares, ${fmt(o.totals.views)} views\n`,
        );
        out(`Platforms: ${o.byPlatform.map((p) => `${p.key} ${fmt(p.posts)}`).join(', ') || '—'}\n`);
        out(`Languages: ${o.byLang.map((l) => `${l.key} ${fmt(l.posts)}`).join(', ') || '—'}\n`);
        const tags = await s.monitor.coHashtags(filter, 10);
        if (tags.length) out(`Top hashtags: ${tags.map((t) => `#${t.tag} ${fmt(t.posts)}`).join(', ')}\n`);
        if (o.spikes.length)
          out(`Spikes (UTC): ${o.spikes.map((x) => `${x.t} (${fmt(x.posts)}, z ${x.zScore})`).join(', ')}\n`);
        const t = s.i18n.translator('en');
        for (const x of o.spikes.filter((x) => x.events?.items.length)) {
          out(`Observatory events near ${x.t}:\n`);
          for (const e of x.events!.items)
            out(
              `  ${e.date}${e.end ? ` … ${e.end}` : ''}  ${t(e.labelKey)}: ${pickText(e.title, 'en')} (${whenText(t, e)}${e.linked ? `, ${t('monitor.event.linked')}` : ''})  /en${e.path}\n`,
            );
          if (x.events!.more) out(`  ${t('monitor.event.more', { n: x.events!.more })}\n`);
        }
      });
    });
}
