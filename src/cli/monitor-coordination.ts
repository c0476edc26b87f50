// `dauys monitor coordination --campaign SLUG | --hashtag TAG …`: coordinated accounts among the
// monitor's posts, written like `dauys coordination` writes them (edges or clusters as CSV, GEXF),
// with a progress line on stderr. Nothing is stored; the analysts' pages keep their own runs.
import type { Command } from 'commander';
import type { AuditService } from '../core/accounts/index.ts';
import type { CampaignsService } from '../core/campaigns/index.ts';
import type { CoordinationService } from '../coordination/index.ts';
import { DEFAULT_WINDOW, isType, TYPES, type Progress } from '../coordination/index.ts';
import type { I18n } from '../i18n/translator.ts';
import { isLocale, type Locale } from '../i18n/locales.ts';
import { isPlatform, PLATFORMS, type MonitorService } from '../monitor/index.ts';
import { detectionOptions, resultLine, writeDetection } from './coordination.ts';
import { scopeFrom } from './monitor-scope.ts';

type Services = {
  monitor: MonitorService;
  campaigns: CampaignsService;
  coordination: CoordinationService;
  audit: AuditService;
  i18n: I18n;
};

interface Options {
  campaign?: string;
  hashtag?: string;
  from?: string;
  to?: string;
  platform?: string;
  type: string;
  window?: string;
  minWeight?: string;
  loops?: boolean;
  clusters?: boolean;
  significant?: boolean;
  format: string;
  output?: string;
  pseudonymise?: boolean;
  key?: string;
  lang?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Checks the options before anything is opened; throws a sentence naming the bad one. */
export function checkOptions(o: Options): { window: number; minWeight: number } {
  if (!isType(o.type)) throw new Error(`--type must be one of ${TYPES.join(', ')}`);
  if (o.campaign && o.hashtag) throw new Error('Give --campaign or --hashtag, not both');
  if (!['csv', 'gexf'].includes(o.format)) throw new Error('--format must be csv or gexf');
  for (const d of [o.from, o.to]) if (d && !DAY.test(d)) throw new Error(`Bad date ${d}: use YYYY-MM-DD`);
  if (o.platform && !isPlatform(o.platform)) throw new Error(`--platform must be one of ${PLATFORMS.join(', ')}`);
  const window = o.window === undefined ? DEFAULT_WINDOW : Number(o.window);
  if (!Number.isInteger(window) || window < 0 || window > 604_800)
    throw new Error('--window must be a whole number of seconds from 0 to 604800');
  const minWeight = o.minWeight === undefined ? 2 : Number(o.minWeight);
  if (!Number.isInteger(minWeight) || minWeight < 1) throw new Error('--min-weight must be a whole number ≥ 1');
  return { window, minWeight };
}

export function monitorCoordinationCommand(
  monitor: Command,
  withServices: <T>(run: (s: Services) => Promise<T>) => Promise<T>,
): void {
  const command = monitor
    .command('coordination')
    .description('coordinated accounts among the monitor’s posts (synchronised behaviour, not proof of bots)')
    .option('--campaign <slug>', 'posts mapped to this campaign')
    .option('--hashtag <tag>', 'posts with this hashtag')
    .option('--from <day>', 'first day, YYYY-MM-DD')
    .option('--to <day>', 'last day, YYYY-MM-DD')
    .option('--platform <platform>', 'only this platform')
    .option('--type <type>', TYPES.join('|'), 'co-repost');
  detectionOptions(command).action(async (o: Options) => {
    const { window, minWeight } = checkOptions(o);
    const locale: Locale = o.lang && isLocale(o.lang) ? o.lang : 'en';
    await withServices(async (s) => {
      const t = s.i18n.translator(locale);
      let scope = await scopeFrom(s, { campaign: o.campaign });
      if (o.hashtag) {
        const tag = await s.monitor.hashtag(o.hashtag.replace(/^[#＃]+/, ''));
        if (!tag) throw new Error(t('coordination.error.hashtag'));
        scope = s.monitor.scopeFor('hashtag', tag.key);
      }
      const tty = process.stderr.isTTY;
      const onProgress = (p: Progress) => {
        const figure = p.total ? `${Math.round((100 * p.done) / p.total)}%` : String(p.done);
        const line = `${t(`coordination.stage.${p.stage}`)} ${figure}`;
        process.stderr.write(tty ? `\r${line}\u001b[K` : `${line}\n`);
      };
      const { set, detection } = await s.coordination.analyse(
        { scope, type: o.type, window, filter: { from: o.from, to: o.to, platform: o.platform } },
        { onProgress },
      );
      if (tty) process.stderr.write('\r\u001b[K');
      process.stderr.write(`${t('coordination.figure.posts')}: ${set.n}\n${resultLine(detection, window, t)}\n`);
      if (o.clusters) process.stderr.write(t('coordination.cli.caution') + '\n');
      await writeDetection(set, detection, { ...o, window, minWeight }, process.stdout);
      await s.audit.record({ system: 'cli' }, 'coordination.export', null, {
        scope,
        type: o.type,
        format: o.format,
        pseudonymised: !!o.pseudonymise,
      });
    });
  });
}
