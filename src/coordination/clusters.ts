// Clusters: connected groups of users joined by significant edges (either direction), each with a
// score and, on request, its evidence (the shared objects, the messages, their times and texts).
import type { EdgeSet } from './edges.ts';
import type { Keys } from './keys.ts';
import type { MessageSet } from './message-set.ts';

/** −log10 q of an edge, capped so that one overwhelming edge cannot hide the rest. */
const MAX_EDGE_SCORE = 50;
const edgeScore = (logq: number) => Math.min(MAX_EDGE_SCORE, -logq / Math.LN10);

export interface Cluster {
  /** 1, 2, … by descending score. */
  id: number;
  /** Interned user ids, by descending user score. */
  users: number[];
  /** Per user (same order): the sum of −log10 q over the user's significant edges, each capped at 50. */
  userScores: number[];
  /** Sum of −log10 q over the cluster's significant edges (each capped at 50). */
  score: number;
  /** Indexes of its significant edges in the EdgeSet. */
  edges: number[];
}

export function clustersOf(edges: EdgeSet): Cluster[] {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r)! !== r) r = parent.get(r)!;
    while (parent.get(x)! !== r) {
      const next = parent.get(x)!;
      parent.set(x, r);
      x = next;
    }
    return r;
  };
  const sig: number[] = [];
  for (let i = 0; i < edges.count; i++) {
    if (!edges.significant[i] || edges.src[i] === edges.dst[i]) continue;
    sig.push(i);
    for (const x of [edges.src[i], edges.dst[i]]) if (!parent.has(x)) parent.set(x, x);
    const a = find(edges.src[i]);
    const b = find(edges.dst[i]);
    if (a !== b) parent.set(Math.max(a, b), Math.min(a, b));
  }
  const byRoot = new Map<number, { users: Map<number, number>; score: number; edges: number[] }>();
  for (const i of sig) {
    const r = find(edges.src[i]);
    let c = byRoot.get(r);
    if (!c) byRoot.set(r, (c = { users: new Map(), score: 0, edges: [] }));
    const s = edgeScore(edges.logq[i]);
    c.score += s;
    c.edges.push(i);
    for (const u of [edges.src[i], edges.dst[i]]) c.users.set(u, (c.users.get(u) ?? 0) + s);
  }
  const list = [...byRoot.values()].sort((a, b) => b.score - a.score || a.users.size - b.users.size);
  return list.map((c, k) => {
    const users = [...c.users.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return {
      id: k + 1,
      users: users.map((x) => x[0]),
      userScores: users.map((x) => x[1]),
      score: c.score,
      edges: c.edges,
    };
  });
}

export interface EvidenceMessage {
  messageId: string;
  userId: string;
  username: string;
  time: number;
  text: string;
}

/** One shared object: its key and the cluster's messages on it within the window of each other. */
export interface EvidenceItem {
  key: string;
  messages: EvidenceMessage[];
}

/**
 * The evidence of a cluster: for each shared object (most messages first, at most `limit`), the
 * cluster members' messages on it that fell within the window of another member's message.
 */
export function clusterEvidence(
  set: MessageSet,
  keys: Keys,
  edges: EdgeSet,
  cluster: Cluster,
  opts: { limit?: number; messagesPerItem?: number } = {},
): EvidenceItem[] {
  const members = new Set(cluster.users);
  const { keyStart, msg, time, user } = edges.index;
  const w = edges.window;
  const byKey = new Map<number, Set<number>>();
  // Occurrences of members, key by key: mark those with another member within the window.
  for (let i = 0; i < set.n; i++) {
    if (!members.has(set.user[i])) continue;
    for (let j = keys.start[i]; j < keys.start[i + 1]; j++) {
      const k = keys.ids[j];
      const p = edges.index.pos[j];
      const lo = keyStart[k];
      const hi = keyStart[k + 1];
      let hit = false;
      for (let q = p - 1; !hit && q >= lo && time[p] - time[q] <= w; q--)
        if (user[q] !== user[p] && members.has(user[q])) hit = true;
      for (let q = p + 1; !hit && q < hi && time[q] - time[p] <= w; q++)
        if (user[q] !== user[p] && members.has(user[q])) hit = true;
      if (!hit) continue;
      let s = byKey.get(k);
      if (!s) byKey.set(k, (s = new Set()));
      s.add(msg[p]);
    }
  }
  const per = opts.messagesPerItem ?? 50;
  return [...byKey.entries()]
    .sort((a, b) => b[1].size - a[1].size || a[0] - b[0])
    .slice(0, opts.limit ?? 100)
    .map(([k, ms]) => ({
      key: keys.label(k),
      messages: [...ms]
        .sort((a, b) => set.time[a] - set.time[b] || a - b)
        .slice(0, per)
        .map((i) => ({
          messageId: set.messageIds[i],
          userId: set.users.values[set.user[i]],
          username: set.usernames[set.user[i]] ?? '',
          time: set.time[i],
          text: set.text.get(i),
        })),
    }));
}
