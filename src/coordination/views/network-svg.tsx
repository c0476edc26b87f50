// A cluster as a picture: members as circles (area by score), significant edges as lines (width by
// weight), laid out on the server (../layout.ts). The members table next to it is the text version.
import { forceLayout } from '../layout.ts';
import type { ClusterRecord } from '../coordination.model.ts';

const W = 640;
const H = 420;
/** Labels for the strongest members only, so the picture stays legible. */
const LABELLED = 25;

export function NetworkSvg({ cluster, title, desc }: { cluster: ClusterRecord; title: string; desc: string }) {
  const { members } = cluster;
  // One line per pair, however many directions it was found in: the page stays small.
  const pairs = new Map<string, [number, number, number]>();
  for (const [a, b, w] of cluster.edges) {
    const key = a < b ? `${a} ${b}` : `${b} ${a}`;
    const seen = pairs.get(key);
    pairs.set(key, [Math.min(a, b), Math.max(a, b), Math.max(w, seen?.[2] ?? 0)]);
  }
  const edges = [...pairs.values()];
  const at = forceLayout(members.length, edges, { width: W, height: H }).map((p) => ({
    x: Math.round(p.x),
    y: Math.round(p.y),
  }));
  const top = Math.max(1, ...members.map((m) => m.score));
  const heaviest = Math.max(1, ...edges.map((e) => e[2]));
  const radius = (score: number) => 3 + 9 * Math.sqrt(score / top);
  return (
    <svg class="chart network" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="net-t net-d">
      <title id="net-t">{title}</title>
      <desc id="net-d">{desc}</desc>
      <g class="network__edges">
        {edges.map(([a, b, w]) => (
          <line
            x1={at[a].x}
            y1={at[a].y}
            x2={at[b].x}
            y2={at[b].y}
            stroke-width={(0.6 + (2.4 * w) / heaviest).toFixed(1)}
          />
        ))}
      </g>
      <g class="network__nodes">
        {members.map((m, i) => (
          <g>
            <circle cx={at[i].x} cy={at[i].y} r={radius(m.score).toFixed(1)}>
              <title>{`${m.handle} (${m.platform}): ${m.score}`}</title>
            </circle>
            {i < LABELLED ? (
              <text x={at[i].x + radius(m.score) + 2} y={at[i].y + 4}>
                {m.handle.length > 24 ? m.handle.slice(0, 23) + '…' : m.handle}
              </text>
            ) : null}
          </g>
        ))}
      </g>
    </svg>
  );
}
