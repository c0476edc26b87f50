// User-level precision and recall of planted rings, for the default scoring and for fixed minimum
// weights (the planted-ring test and the benchmark both use it).
import { clustersOf } from './clusters.ts';
import { detectCoordination, type Detection } from './detect.ts';
import type { MessageSet } from './message-set.ts';
import { RING_NETWORK, type PlantedRing, type RingType } from './synthetic.ts';

export interface Score {
  precision: number;
  recall: number;
  found: number;
}

function score(found: Set<number>, truth: Set<number>): Score {
  let hit = 0;
  for (const u of found) if (truth.has(u)) hit++;
  return { precision: found.size ? hit / found.size : 1, recall: truth.size ? hit / truth.size : 1, found: found.size };
}

/** Users in any cluster of significant edges. */
export const flaggedUsers = (d: Detection): Set<number> => new Set(clustersOf(d.edges).flatMap((c) => c.users));

/** Users with any edge (not a loop) of at least `w`: what a fixed minimum weight flags. */
export function usersAtWeight(d: Detection, w: number): Set<number> {
  const out = new Set<number>();
  const e = d.edges;
  for (let i = 0; i < e.count; i++)
    if (e.weight[i] >= w && e.src[i] !== e.dst[i]) {
      out.add(e.src[i]);
      out.add(e.dst[i]);
    }
  return out;
}

export interface RingEvaluation {
  type: RingType;
  network: string;
  members: number;
  defaults: Score;
  fixed: Record<number, Score>;
  seconds: number;
}

export async function evaluateRings(
  set: MessageSet,
  rings: PlantedRing[],
  weights = [2, 3, 5, 8, 12],
  window = 60,
): Promise<RingEvaluation[]> {
  const out: RingEvaluation[] = [];
  for (const type of [...new Set(rings.map((r) => r.type))]) {
    const truth = new Set<number>();
    for (const r of rings.filter((x) => x.type === type))
      for (const u of r.users) {
        const id = set.users.values.indexOf(u);
        if (id >= 0) truth.add(id);
      }
    const t0 = performance.now();
    const d = await detectCoordination(set, RING_NETWORK[type], { window, minWeight: 2 });
    const seconds = (performance.now() - t0) / 1000;
    out.push({
      type,
      network: RING_NETWORK[type],
      members: truth.size,
      defaults: score(flaggedUsers(d), truth),
      fixed: Object.fromEntries(weights.map((w) => [w, score(usersAtWeight(d, w), truth)])),
      seconds,
    });
  }
  return out;
}

const f2 = (x: number) => x.toFixed(2);

/** The evaluation as a Markdown table. */
export function ringTable(rows: RingEvaluation[]): string {
  const weights = Object.keys(rows[0]?.fixed ?? {});
  const head = `| ring type | network | members | defaults P / R | ${weights.map((w) => `min weight ${w} P / R`).join(' | ')} |`;
  const sep = `|${' --- |'.repeat(4 + weights.length)}`;
  const lines = rows.map(
    (r) =>
      `| ${r.type} | ${r.network} | ${r.members} | **${f2(r.defaults.precision)} / ${f2(r.defaults.recall)}** | ${weights
        .map((w) => `${f2(r.fixed[+w].precision)} / ${f2(r.fixed[+w].recall)}`)
        .join(' | ')} |`,
  );
  return [head, sep, ...lines].join('\n');
}
