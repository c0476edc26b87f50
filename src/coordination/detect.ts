// One call for one type of coordination: the keys, the network scored against chance, the clusters.
import { clustersOf, type Cluster } from './clusters.ts';
import { computeEdges, type EdgeSet } from './edges.ts';
import { keysFor, type CoordinationType, type Keys } from './keys.ts';
import type { MessageSet } from './message-set.ts';
import type { RunOptions } from './run.ts';
import type { SimilarOptions } from './similar.ts';

/** Default window: 60 s (CooRTweet's default; QUT's own is 1 s, which misses rings pacing posts). */
export const DEFAULT_WINDOW = 60;
/** Default false discovery rate of the significant edges. */
export const DEFAULT_FDR = 0.01;

export interface DetectOptions extends RunOptions {
  /** Seconds, inclusive. Default 60. */
  window?: number;
  /** Raw edges kept for output: weight ≥ this. Default 2 (QUT's default; 1 keeps every chance pair). */
  minWeight?: number;
  /** Default 0.01. */
  fdr?: number;
  similar?: SimilarOptions;
}

export interface Detection {
  type: CoordinationType;
  keys: Keys;
  edges: EdgeSet;
  clusters: Cluster[];
}

/** Keys, the scored network and its clusters for one type of coordination. */
export async function detectCoordination(
  set: MessageSet,
  type: CoordinationType,
  opts: DetectOptions = {},
): Promise<Detection> {
  const keys = await keysFor(set, type, opts);
  const edges = await computeEdges(set, keys, {
    window: opts.window ?? DEFAULT_WINDOW,
    minWeight: opts.minWeight ?? 2,
    fdr: opts.fdr ?? DEFAULT_FDR,
    signal: opts.signal,
    onProgress: opts.onProgress,
  });
  return { type, keys, edges, clusters: clustersOf(edges) };
}
