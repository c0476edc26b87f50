// A campaign's signals over time (one small chart per series) above lanes of the laws, cases, events
// and organisation milestones linked to it, on one shared time axis. Pure SVG, rendered on the server.
import { formatNumber, formatPartialDate } from '../../i18n/format.ts';
import { inScript, pickText } from '../../i18n/locales.ts';
import type { PageContext } from '../../ui/context.ts';
import { STORY_KINDS, type SignalSeries, type TimelineItem } from '../observatory.model.ts';
import { entityHref } from './parts.tsx';

const WIDTH = 760;
const LEFT = 168;
const RIGHT = 24;
const PANEL = 84;
const LANE = 34;
const AXIS = 30;
const DAY = 86_400_000;
const LANE_COLOURS: Record<string, string> = {
  law: '#5b2a86',
  case: '#a4161a',
  event: '#1e6b3a',
  organisation: '#8a5a00',
};

/** Where a partial date stands on the axis: the middle of its year or month when that is all we know. */
export function dateMs(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  if (!m) return Date.UTC(y, 6, 1);
  if (!d) return Date.UTC(y, m - 1, 15);
  return Date.UTC(y, m - 1, d);
}

export function timeDomain(dates: string[]): [number, number] {
  const ms = dates.map(dateMs);
  let lo = Math.min(...ms);
  let hi = Math.max(...ms);
  const pad = Math.max(30 * DAY, (hi - lo) * 0.04);
  lo -= pad;
  hi += pad;
  return [lo, hi];
}

/** Year ticks, or month ticks when the span is under two years. */
export function ticks(lo: number, hi: number): Array<{ ms: number; label: string; year: boolean }> {
  const out: Array<{ ms: number; label: string; year: boolean }> = [];
  const start = new Date(lo);
  const months = (hi - lo) / DAY < 730;
  if (months) {
    for (let y = start.getUTCFullYear(), m = start.getUTCMonth() + 1; ; m++) {
      const ms = Date.UTC(y, m, 1);
      if (ms > hi) break;
      const january = new Date(ms).getUTCMonth() === 0;
      out.push({ ms, label: january ? String(new Date(ms).getUTCFullYear()) : '', year: january });
    }
    return out;
  }
  const step = Math.max(1, Math.ceil((hi - lo) / DAY / 365 / 12));
  for (let y = start.getUTCFullYear() + 1; Date.UTC(y, 0, 1) <= hi; y += step)
    out.push({ ms: Date.UTC(y, 0, 1), label: String(y), year: true });
  return out;
}

export interface ImpactChartProps {
  ctx: PageContext;
  items: TimelineItem[];
  signals: SignalSeries[];
  campaignStart: string | null;
  title: string;
}

export function ImpactChart({ ctx, items, signals, campaignStart, title }: ImpactChartProps) {
  const { t, locale } = ctx;
  const dates = [
    ...items.map((i) => i.date),
    ...signals.flatMap((s) => s.points.map((p) => p.date)),
    ...(campaignStart ? [campaignStart] : []),
  ];
  if (!dates.length) return null;
  const [lo, hi] = timeDomain(dates);
  const x = (ms: number) => LEFT + ((ms - lo) / (hi - lo)) * (WIDTH - LEFT - RIGHT);
  const lanes = STORY_KINDS.filter((k) => items.some((i) => i.entity.kind === k));
  const top = signals.length * (PANEL + 12);
  const height = top + lanes.length * LANE + AXIS + 8;
  const axisY = top + lanes.length * LANE;
  const monthFmt = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
  return (
    <svg
      class="obs-impact__chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role={items.length ? 'group' : 'img'}
      aria-labelledby="impact-chart-title"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id="impact-chart-title">{title}</title>
      {ticks(lo, hi).map((tk) => (
        <g>
          <line x1={x(tk.ms)} x2={x(tk.ms)} y1={0} y2={axisY} stroke={tk.year ? '#ddd8e3' : '#efecf2'} />
          <text x={x(tk.ms)} y={axisY + 16} font-size="11" text-anchor="middle" fill="#4a4652">
            {tk.label || inScript(monthFmt.format(new Date(tk.ms)), locale)}
          </text>
        </g>
      ))}
      {signals.map((s, i) => {
        const y0 = i * (PANEL + 12);
        const max = Math.max(1, ...s.points.map((p) => p.value));
        const y = (v: number) => y0 + PANEL - 6 - (v / max) * (PANEL - 22);
        const path = s.points
          .map((p, j) => `${j ? 'L' : 'M'}${x(dateMs(p.date)).toFixed(1)},${y(p.value).toFixed(1)}`)
          .join('');
        const last = s.points[s.points.length - 1];
        return (
          <g class="obs-impact__signal">
            <rect x={LEFT} y={y0} width={WIDTH - LEFT - RIGHT} height={PANEL} fill="#fbfaf7" stroke="#ddd8e3" />
            <text x={LEFT - 8} y={y0 + 16} font-size="12" font-weight="700" text-anchor="end" fill="#1d1b22">
              {t(s.labelKey)}
            </text>
            <text x={LEFT - 8} y={y0 + 32} font-size="11" text-anchor="end" fill="#4a4652">
              {t('observatory.impact.max', { n: formatNumber(max, locale) })}
            </text>
            <path d={path} fill="none" stroke="#5b2a86" stroke-width="2" />
            <circle cx={x(dateMs(last.date))} cy={y(last.value)} r={3} fill="#5b2a86">
              <title>{`${formatPartialDate(last.date, locale)}: ${formatNumber(last.value, locale)}`}</title>
            </circle>
          </g>
        );
      })}
      {lanes.map((kind, i) => {
        const yMid = top + i * LANE + LANE / 2;
        return (
          <g class="obs-impact__lane">
            <text x={LEFT - 8} y={yMid + 4} font-size="12" text-anchor="end" fill="#1d1b22">
              {t(`observatory.kind.${kind}.other`)}
            </text>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={yMid} y2={yMid} stroke="#ddd8e3" stroke-dasharray="2 3" />
            {items
              .filter((it) => it.entity.kind === kind)
              .map((it) => {
                const exact = it.date.length === 10;
                const label = `${formatPartialDate(it.date, locale)} — ${pickText(it.entity.title, locale)}${it.step ? ` (${t(`observatory.step.${kind}.${it.step.step}`)})` : ''}`;
                return (
                  <a href={entityHref(ctx, it.entity.kind, it.entity.slug)} aria-label={label}>
                    <circle
                      cx={x(dateMs(it.date))}
                      cy={yMid}
                      r={it.step ? 5 : 7}
                      fill={exact ? LANE_COLOURS[kind] : '#ffffff'}
                      stroke={LANE_COLOURS[kind]}
                      stroke-width="2"
                    >
                      <title>{label}</title>
                    </circle>
                  </a>
                );
              })}
          </g>
        );
      })}
      {campaignStart ? (
        <g class="obs-impact__start">
          <line
            x1={x(dateMs(campaignStart))}
            x2={x(dateMs(campaignStart))}
            y1={0}
            y2={axisY}
            stroke="#1d1b22"
            stroke-width="1.5"
            stroke-dasharray="5 4"
          />
          <text x={x(dateMs(campaignStart)) + 4} y={axisY - 4} font-size="11" fill="#1d1b22">
            {t('observatory.impact.start')}
          </text>
        </g>
      ) : null}
      <line x1={LEFT} x2={WIDTH - RIGHT} y1={axisY} y2={axisY} stroke="#6f6878" />
    </svg>
  );
}
