// When the cluster's members posted on the objects they shared: one row per member (the strongest
// first), one mark per message. Lock-step posting shows as marks stacked in columns. The marks carry
// no titles (the evidence below lists every message with its time), which keeps the page small.
import type { ClusterRecord } from '../coordination.model.ts';
import { utcSeconds } from './time.ts';

const W = 640;
const ROW = 16;
const LEFT = 130;
const RIGHT = 10;
const ROWS = 20;

export function TimeStrip({ cluster, title, desc }: { cluster: ClusterRecord; title: string; desc: string }) {
  const rows = cluster.members.slice(0, ROWS);
  const marks = cluster.evidence.flatMap((e, item) =>
    e.messages.filter((m) => m.member < rows.length).map((m) => ({ ...m, item })),
  );
  if (!marks.length) return null;
  const t0 = Math.min(...marks.map((m) => m.time));
  const t1 = Math.max(...marks.map((m) => m.time));
  const x = (t: number) => LEFT + ((t - t0) / (t1 - t0 || 1)) * (W - LEFT - RIGHT);
  const height = rows.length * ROW + 34;
  return (
    <svg class="chart time-strip" viewBox={`0 0 ${W} ${height}`} role="img" aria-labelledby="strip-t strip-d">
      <title id="strip-t">{title}</title>
      <desc id="strip-d">{desc}</desc>
      {rows.map((m, i) => (
        <g>
          <line class="chart__grid" x1={LEFT} x2={W - RIGHT} y1={14 + i * ROW} y2={14 + i * ROW} />
          <text x={LEFT - 6} y={18 + i * ROW} text-anchor="end">
            {m.handle.length > 18 ? m.handle.slice(0, 17) + '…' : m.handle}
          </text>
        </g>
      ))}
      {marks.map((m) => (
        <circle class="time-strip__mark" cx={Math.round(x(m.time))} cy={14 + m.member * ROW} r="3.5" />
      ))}
      <text x={LEFT} y={height - 6}>
        {utcSeconds(t0)}
      </text>
      <text x={W - RIGHT} y={height - 6} text-anchor="end">
        {utcSeconds(t1)}
      </text>
    </svg>
  );
}
