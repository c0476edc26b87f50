// Charts drawn on the server as SVG: no JavaScript, no external fonts, styled by classes in
// dauys.css. Each chart has a title and a description for screen readers, and a <title> per mark
// so hovering shows the figure; pages put a data table next to each chart.
import type { ComponentChildren } from 'preact';

export interface Point {
  t: string;
  v: number;
}

const W = 640;
const H = 180;
const PAD = { l: 44, r: 8, t: 10, b: 26 };

function niceMax(v: number): number {
  if (v <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** An image, or a group when it holds links (an image's content is not reachable by keyboard or screen reader). */
function Frame({
  id,
  title,
  desc,
  children,
  height = H,
  links = false,
}: {
  id: string;
  title: string;
  desc: string;
  children: ComponentChildren;
  height?: number;
  links?: boolean;
}) {
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${W} ${height}`}
      role={links ? 'group' : 'img'}
      aria-labelledby={`${id}-t ${id}-d`}
      preserveAspectRatio="xMidYMid meet"
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {children}
    </svg>
  );
}

function Axis({
  max,
  height,
  format,
  top = PAD.t,
}: {
  max: number;
  height: number;
  format: (n: number) => string;
  top?: number;
}) {
  const y = (v: number) => height - PAD.b - (v / max) * (height - top - PAD.b);
  return (
    <g class="chart__axis">
      {[0, 0.5, 1].map((f) => (
        <g>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(max * f)} y2={y(max * f)} class="chart__grid" />
          <text x={PAD.l - 4} y={y(max * f) + 4} text-anchor="end">
            {format(max * f)}
          </text>
        </g>
      ))}
    </g>
  );
}

/** A dated annotation drawn as a numbered flag above the columns, linking to its page. */
export interface ChartFlag {
  /** First and last day it covers (YYYY-MM-DD); buckets of those days (or their hours) are marked. */
  from: string;
  to: string;
  n: string;
  label: string;
  href: string;
}

const FLAG_LANE = 24;
const FLAG_GAP = 16;

/** Flags over the buckets they cover: a bar under each flag shows the days, flags too close are moved apart. */
function Flags({ flags, buckets, bw }: { flags: ChartFlag[]; buckets: string[]; bw: number }) {
  const placed: Array<ChartFlag & { x0: number; x1: number; anchor: number; cx: number }> = [];
  for (const f of flags) {
    const i0 = buckets.findIndex((b) => b.slice(0, 10) >= f.from);
    let i1 = -1;
    for (let i = buckets.length - 1; i >= 0; i--)
      if (buckets[i].slice(0, 10) <= f.to) {
        i1 = i;
        break;
      }
    if (i0 < 0 || i1 < i0) continue;
    const x0 = PAD.l + i0 * bw;
    const x1 = PAD.l + (i1 + 1) * bw;
    // A single day's flag stands over its middle; a longer span's over its (visible) start, like a banner.
    const anchor = f.from === f.to ? (x0 + x1) / 2 : x0 + 8;
    placed.push({ ...f, x0, x1, anchor, cx: anchor });
  }
  placed.sort((a, b) => a.cx - b.cx);
  for (let i = 1; i < placed.length; i++) placed[i].cx = Math.max(placed[i].cx, placed[i - 1].cx + FLAG_GAP);
  // Flags pushed past the right edge move back left, keeping their spacing.
  for (let i = placed.length - 1; i >= 0; i--)
    placed[i].cx = Math.min(placed[i].cx, W - PAD.r - 8 - (placed.length - 1 - i) * FLAG_GAP);
  const cy = PAD.t + 8;
  return (
    <g class="chart__flags">
      {placed.map((f) => (
        <a href={f.href} aria-label={f.label}>
          <g class="chart__flag">
            <title>{f.label}</title>
            <rect
              class="chart__flag-span"
              x={f.x0}
              y={PAD.t + FLAG_LANE - 6}
              width={Math.max(f.x1 - f.x0, 2)}
              height={3}
            />
            <line x1={f.cx} x2={f.anchor} y1={cy} y2={PAD.t + FLAG_LANE - 5} />
            <circle cx={f.cx} cy={cy} r={7.5} />
            <text x={f.cx} y={cy + 3.5} text-anchor="middle">
              {f.n}
            </text>
          </g>
        </a>
      ))}
    </g>
  );
}

/** Columns over time; several series are stacked (e.g. one per platform). */
export function ColumnChart(p: {
  id: string;
  title: string;
  desc: string;
  buckets: string[];
  series: Array<{ key: string; label: string; values: number[] }>;
  format: (n: number) => string;
  formatBucket: (t: string) => string;
  marks?: Array<{ t: string; label: string }>;
  flags?: ChartFlag[];
}) {
  const n = p.buckets.length;
  const totals = p.buckets.map((_, i) => p.series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotW = W - PAD.l - PAD.r;
  const bw = n ? plotW / n : plotW;
  // Flags get a lane of their own above the columns.
  const lane = p.flags?.length ? FLAG_LANE : 0;
  const height = H + lane;
  const top = PAD.t + lane;
  const y = (v: number) => height - PAD.b - (v / max) * (height - top - PAD.b);
  const ticks = n <= 1 ? [0] : [0, Math.floor((n - 1) / 2), n - 1];
  return (
    <Frame id={p.id} title={p.title} desc={p.desc} height={height} links={lane > 0}>
      <Axis max={max} height={height} format={p.format} top={top} />
      {p.buckets.map((b, i) => {
        let base = 0;
        return (
          <g>
            {p.series.map((s) => {
              const v = s.values[i] ?? 0;
              if (!v) return null;
              const top = y(base + v);
              const h = y(base) - top;
              base += v;
              return (
                <rect
                  class={`chart__bar chart__bar--${s.key}`}
                  x={PAD.l + i * bw + (bw > 3 ? 0.5 : 0)}
                  y={top}
                  width={Math.max(bw - (bw > 3 ? 1 : 0), 0.6)}
                  height={Math.max(h, 0.5)}
                >
                  <title>{`${p.formatBucket(b)} · ${s.label}: ${p.format(v)}`}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
      {(p.marks ?? []).map((m) => {
        const i = p.buckets.indexOf(m.t);
        if (i < 0) return null;
        return (
          <g class="chart__mark">
            <line x1={PAD.l + (i + 0.5) * bw} x2={PAD.l + (i + 0.5) * bw} y1={top} y2={height - PAD.b} />
            <title>{m.label}</title>
          </g>
        );
      })}
      {lane ? <Flags flags={p.flags!} buckets={p.buckets} bw={bw} /> : null}
      <g class="chart__axis">
        {ticks.map((i) =>
          p.buckets[i] ? (
            <text
              x={PAD.l + (i + 0.5) * bw}
              y={height - 8}
              text-anchor={i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle'}
            >
              {p.formatBucket(p.buckets[i])}
            </text>
          ) : null,
        )}
      </g>
    </Frame>
  );
}

/** Horizontal bars: a split (platforms, languages) or a ranking (hashtags). */
export function BarList(p: {
  id: string;
  title: string;
  desc: string;
  items: Array<{ key: string; label: string; value: number; cls?: string }>;
  format: (n: number) => string;
}) {
  const rowH = 22;
  const height = Math.max(1, p.items.length) * rowH + 8;
  const max = Math.max(1, ...p.items.map((i) => i.value));
  const labelW = 170;
  const barW = W - labelW - 70;
  return (
    <Frame id={p.id} title={p.title} desc={p.desc} height={height}>
      {p.items.map((it, i) => (
        <g class="chart__row">
          <text x={labelW - 6} y={i * rowH + 16} text-anchor="end" class="chart__label">
            {it.label.length > 26 ? it.label.slice(0, 25) + '…' : it.label}
          </text>
          <rect
            class={`chart__bar ${it.cls ?? ''}`}
            x={labelW}
            y={i * rowH + 4}
            width={Math.max(1, (it.value / max) * barW)}
            height={rowH - 8}
          >
            <title>{`${it.label}: ${p.format(it.value)}`}</title>
          </rect>
          <text x={labelW + Math.max(1, (it.value / max) * barW) + 6} y={i * rowH + 16} class="chart__value">
            {p.format(it.value)}
          </text>
        </g>
      ))}
    </Frame>
  );
}

/** A small line for headline figures (the flashmob block). */
export function Sparkline({ id, title, values }: { id: string; title: string; values: number[] }) {
  const w = 240;
  const h = 48;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? w / (values.length - 1) : w;
  const pts = values.map((v, i) => `${(i * step).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`).join(' ');
  return (
    <svg class="sparkline" viewBox={`0 0 ${w} ${h}`} role="img" aria-labelledby={`${id}-t`}>
      <title id={`${id}-t`}>{title}</title>
      {values.length ? <polyline points={pts} class="sparkline__line" fill="none" /> : null}
    </svg>
  );
}
